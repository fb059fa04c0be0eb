// What hermes' tool_use template cannot write, refused with where and why; and that the format is
// the tool_use one whenever the conversation uses tools, declared or not. Found by mutation
// testing (profiles/hermes.ts): the writes were checked, the refusals and their words were not.
import { describe, expect, it } from "vitest";
import { ChatMLCompileError, compile } from "../src/index.js";

const issuesOf = (input: unknown): unknown[] => {
  try {
    compile(input as never, { profile: "hermes" });
  } catch (error) {
    if (error instanceof ChatMLCompileError) return [...error.issues];
    throw error;
  }
  return [];
};
const user = { role: "user", content: "q" };
const call = { id: "c", type: "function", function: { name: "f", arguments: "{}" } };
const calling = { role: "assistant", content: "", tool_calls: [call] };
const result = { role: "tool", tool_call_id: "c", content: "r" };
const withTool = (fn: Record<string, unknown>) => ({
  messages: [user],
  tools: [
    {
      type: "function",
      function: { name: "f", description: "d", parameters: { type: "object", properties: {} }, ...fn },
    },
  ],
});
const toolIssue = (message: string, path: string) => ({ code: "invalid-tool", message, path });
const typeIssue = (type: unknown, path: string) =>
  toolIssue(
    `hermes' template cannot name the type ${JSON.stringify(type)}; it knows string, number, integer, boolean, array, object and lists of them`,
    path,
  );
const P = "$.tools[0].function";

describe("hermes refuses what its template cannot write", () => {
  it("content beside tool calls, which the template drops, with or without declared tools", () => {
    const expected = {
      code: "unsupported-field",
      message:
        "hermes' tool_use template writes an assistant's tool calls and drops its content; give a message that calls tools no content (or split it in two)",
      path: "$[1].content",
      messageIndex: 1,
      field: "content",
    };
    const both = [user, { ...calling, content: "Let me look." }, result];
    expect(issuesOf(both)).toEqual([expected]);
    expect(issuesOf({ messages: both, tools: [] })).toEqual([{ ...expected, path: "$.messages[1].content" }]);
  });

  it("a tool result first", () => {
    expect(issuesOf([result, user])).toEqual([
      {
        code: "invalid-message",
        message:
          "a tool result cannot open the conversation: hermes' template writes its header after another message",
        path: "$[0]",
        messageIndex: 0,
      },
    ]);
  });

  it("a tool without a description or parameters", () => {
    expect(issuesOf(withTool({ description: undefined }))).toEqual([
      toolIssue(
        "hermes' template writes each tool's description: give it one (a string)",
        `${P}.description`,
      ),
    ]);
    expect(issuesOf(withTool({ parameters: "none" }))).toEqual([
      toolIssue(
        'hermes\' template writes each tool\'s parameters: give a JSON Schema object (`{ "type": "object", "properties": {} }` for none)',
        `${P}.parameters`,
      ),
    ]);
  });

  it("a type its macro cannot name: in a property, a list, a map's values and the return", () => {
    const props = (properties: Record<string, unknown>) =>
      withTool({ parameters: { type: "object", properties } });
    expect(issuesOf(props({ when: { type: "date" } }))).toEqual([
      typeIssue("date", `${P}.parameters.properties.when.type`),
    ]);
    expect(issuesOf(props({ when: { type: ["string", "date"] } }))).toEqual([
      typeIssue(["string", "date"], `${P}.parameters.properties.when.type`),
    ]);
    expect(issuesOf(props({ m: { type: "object", additionalProperties: { type: "date" } } }))).toEqual([
      typeIssue("object", `${P}.parameters.properties.m.type`),
    ]);
    expect(issuesOf(props({ t: { type: { nested: true } } }))).toEqual([
      typeIssue({ nested: true }, `${P}.parameters.properties.t.type`),
    ]);
    expect(issuesOf(withTool({ return: { type: "date" } }))).toEqual([typeIssue("date", `${P}.return.type`)]);
  });

  it("and takes every type it can name", () => {
    const props = (properties: Record<string, unknown>) =>
      withTool({ parameters: { type: "object", properties } });
    const writable = {
      s: { type: "string" },
      n: { type: "number" },
      i: { type: "integer" },
      b: { type: "boolean" },
      a: { type: "array", items: { type: "date" } },
      o: { type: "object" },
      m: { type: "object", additionalProperties: { type: "integer" } },
      u: { type: ["string", "integer"] },
      none: {},
      odd: { type: 5 },
      yes: { type: true },
      nil: { type: null },
      notSchema: "x",
    };
    expect(issuesOf(props(writable))).toEqual([]);
    const text = compile(props(writable) as never, { profile: "hermes" });
    expect(text).toContain(
      "s: str, n: float, i: int, b: bool, a: list[Union[]], o: dict, m: dict[str, int], u: Union[str,int], none: Union[]",
    );
  });
});

describe("hermes writes the tool_use format when the conversation uses tools", () => {
  it("tool calls and results without declared tools still get the tool_use system prompt", () => {
    const text = compile([user, calling, result] as never, { profile: "hermes" });
    expect(text).toContain("<tool_call>");
    expect(text).toContain("<tool_response>");
    expect(text.startsWith("<|im_start|>system\nYou are a function calling AI model.")).toBe(true);
    const plain = compile([user] as never, { profile: "hermes" });
    expect(plain.startsWith("<|im_start|>user\n")).toBe(true);
  });
});
