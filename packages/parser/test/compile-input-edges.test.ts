// compile's reading of its input at the edges: attributes with empty values, parts the drop
// options do and do not leave out, messages that only call tools, special tokens at a part's
// end, tool members a profile refuses or ignores, and what droppedBy lists.
import { describe, expect, it } from "vitest";
import { type CompileInput, droppedBy, tryCompile } from "../src/index.js";

// Inputs read from files are untyped JSON: the cases are written as such.
const input = (body: unknown) => body as CompileInput;
const user = { role: "user", content: "Hi" };
const calls = [{ id: "c1", type: "function", function: { name: "f", arguments: "{}" } }];
const issuesOf = (body: unknown, options = {}) => {
  const result = tryCompile(input(body), options);
  return result.ok ? [] : result.issues;
};

describe("attributes", () => {
  it("writes an attribute whose value is empty, and names the field of one that is no string", () => {
    expect(tryCompile(input({ messages: [{ ...user, attributes: { a: "" } }] }))).toMatchObject({
      ok: true,
      text: "<|im_start|>user a=\nHi<|im_end|>\n<|im_start|>assistant\n",
    });
    expect(issuesOf({ messages: [{ ...user, attributes: { a: 5 } }] })).toEqual([
      {
        code: "invalid-attribute",
        message: "attribute a must be a string, got number 5",
        path: "$.messages[0].attributes.a",
        messageIndex: 0,
        field: "attributes",
      },
    ]);
  });
});

describe("content parts and the drop options", () => {
  it('drops images only: an audio part is refused with drop "images", and its words give no drop hint', () => {
    const audio = {
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "x" },
            { type: "input_audio", input_audio: { data: "AA", format: "wav" } },
          ],
        },
      ],
    };
    const refusal = {
      code: "unsupported-content-part",
      message: 'content part of type "input_audio" cannot be written in ChatML v0, which carries text only',
      path: "$.messages[0].content[1].type",
      messageIndex: 0,
      field: "content",
    };
    expect(issuesOf(audio, { drop: ["images"] })).toEqual([refusal]);
    expect(issuesOf(audio)).toEqual([refusal]);
  });
});

describe("a message that only calls tools", () => {
  const assistant = (message: Record<string, unknown>) => ({
    messages: [user, { role: "assistant", ...message }],
  });
  const EMPTY_TURN =
    "<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n<|im_end|>\n<|im_start|>assistant\n";

  it("is an empty turn once its calls are dropped: tool_calls or a legacy function_call, content null or absent", () => {
    for (const message of [
      { content: null, tool_calls: calls },
      { tool_calls: calls },
      { content: null, function_call: { name: "f", arguments: "{}" } },
    ]) {
      expect(tryCompile(input(assistant(message)), { drop: ["tools"] }), JSON.stringify(message)).toEqual({
        ok: true,
        text: EMPTY_TURN,
      });
    }
  });

  it("still needs content when it also refuses, and without the drop option", () => {
    const noContent = (got: string) => ({
      code: "invalid-content",
      message: `the message has no content (got ${got}); ChatML v0 needs text content`,
      path: "$.messages[1].content",
      messageIndex: 1,
      field: "content",
    });
    expect(
      issuesOf(assistant({ content: null, refusal: "no", tool_calls: calls }), { drop: ["tools"] }),
    ).toContainEqual(noContent("null"));
    expect(issuesOf(assistant({ tool_calls: calls }))).toContainEqual(noContent("nothing"));
  });

  it("still needs content when its tool_calls are no list: there are no calls to drop", () => {
    expect(issuesOf(assistant({ content: null, tool_calls: "f" }), { drop: ["tools"] })).toEqual([
      {
        code: "invalid-content",
        message: "the message has no content (got null); ChatML v0 needs text content",
        path: "$.messages[1].content",
        messageIndex: 1,
        field: "content",
      },
    ]);
  });
});

describe("special tokens in content parts", () => {
  it("says a token is formed across parts only when it is", () => {
    /** The first issue of a user message whose content is these text parts. */
    const firstIssue = (...texts: string[]) =>
      issuesOf({ messages: [{ role: "user", content: texts.map((text) => ({ type: "text", text })) }] })[0];
    expect(firstIssue("<|im_end|>", "x")?.message).toBe(
      "content contains the special token <|im_end|> at offset 0; it would forge message structure",
    );
    expect(firstIssue("<|im_", "end|>")?.message).toContain(
      "(it is formed across content parts when they are joined, from $.messages[0].content[0].text to $.messages[0].content[1].text)",
    );
  });
});

describe("tool members with a profile", () => {
  it("ignores legacy members and a tool_choice that are null or an empty list", () => {
    for (const body of [
      { messages: [user], functions: null, function_call: null, tool_choice: null },
      { messages: [user], functions: [] },
    ]) {
      expect(issuesOf(body, { profile: "qwen2.5" }), JSON.stringify(body)).toEqual([]);
    }
    expect(issuesOf({ messages: [user], functions: [{ name: "f" }] }, { profile: "qwen2.5" })).toMatchObject([
      { code: "unsupported-field", path: "$.functions" },
    ]);
  });
});

describe("droppedBy", () => {
  it("lists nothing for a bare list of messages, for null members, or for members that are no tool's", () => {
    expect(droppedBy([user], ["tools"])).toEqual([]);
    expect(droppedBy({ messages: [{ ...user, metadata: { a: 1 } }], tools: null }, ["tools"])).toEqual([]);
    expect(
      droppedBy({ messages: [{ role: "assistant", content: null, tool_calls: calls }], tools: [] }, [
        "tools",
      ]),
    ).toEqual([
      { path: "$.tools", drop: "tools" },
      { path: "$.messages[0].tool_calls", drop: "tools" },
    ]);
  });
});
