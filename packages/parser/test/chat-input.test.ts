import { describe, expect, it } from "vitest";
import { type InputIssue, parse, readChatInput, readChatMessage, readToolDefinitions } from "../src/index.js";

/** Every issue of reading `input` and all its entries. */
function issuesOf(input: unknown): InputIssue[] {
  const read = readChatInput(input);
  const issues = [...read.issues];
  read.list.forEach((entry, i) => {
    readChatMessage(entry, read.listPath, i, issues);
  });
  return issues;
}

describe("readChatInput: one path convention that follows the input's shape", () => {
  it("a bare array's entries are $[i], a body's $.messages[i]", () => {
    expect(issuesOf([{ role: "user", content: "a" }, 5]).map((i) => i.path)).toEqual(["$[1]"]);
    expect(issuesOf({ messages: [{ role: "user", content: "a" }, 5] }).map((i) => i.path)).toEqual([
      "$.messages[1]",
    ]);
  });

  it("input that is not messages is one invalid-input issue: at $, or at the messages member of an object", () => {
    expect(issuesOf(5)).toEqual([
      expect.objectContaining({
        code: "invalid-input",
        path: "$",
        message: expect.stringMatching(/number 5$/),
      }),
    ]);
    expect(issuesOf({ messages: "hi" })).toEqual([
      expect.objectContaining({ code: "invalid-input", path: "$.messages" }),
    ]);
    expect(issuesOf({ model: "gpt-4o" })).toEqual([
      expect.objectContaining({ code: "invalid-input", path: "$.messages" }),
    ]);
  });

  it("a missing role, a role or name that is not a string, and missing content are issues at their member", () => {
    const issues = issuesOf([{ content: "a" }, { role: 1, name: 2, content: "b" }, { role: "user" }]);
    expect(issues.map((i) => [i.code, i.path])).toEqual([
      ["invalid-role", "$[0].role"],
      ["invalid-role", "$[1].role"],
      ["invalid-name", "$[1].name"],
      ["invalid-content", "$[2].content"],
    ]);
  });

  it("a message that calls a tool or refuses may have null content", () => {
    expect(issuesOf([{ role: "assistant", content: null, tool_calls: [] }])).toEqual([]);
    expect(issuesOf([{ role: "assistant", refusal: "no" }])).toEqual([]);
  });

  it("content parts: text joined with each part's start; other parts listed; a part without a type is an issue", () => {
    const issues: InputIssue[] = [];
    const content = [
      { type: "text", text: "ab" },
      { type: "image_url", image_url: { url: "x" } },
      { type: "text", text: "cd" },
      7,
    ];
    const message = readChatMessage({ role: "user", content }, "$", 0, issues);
    expect(message?.content).toBe("abcd");
    expect(message?.textParts).toEqual([
      { text: "ab", start: 0, index: 0 },
      { text: "cd", start: 2, index: 2 },
    ]);
    expect(message?.otherParts).toEqual([1, 3]);
    expect(issues.map((i) => i.path)).toEqual(["$[0].content[3]"]);
  });

  it("a parsed document's span is positional, not one of the message's keys", () => {
    const doc = JSON.parse(JSON.stringify(parse("<|im_start|>user x=1\nHi<|im_end|>\n")));
    const read = readChatInput(doc);
    expect(read.shape).toBe("body");
    const message = readChatMessage(read.list[0], read.listPath, 0, []);
    expect(message?.otherKeys).toEqual(["attributes"]);
    expect(read.flags).toMatchObject({
      addGenerationPrompt: false,
      continueFinalMessage: false,
      dialect: "chatml",
    });
  });

  it("a flag of the wrong type is an invalid-option issue at its member", () => {
    expect(issuesOf({ messages: [], addGenerationPrompt: "yes", generationRole: 3 })).toEqual([
      expect.objectContaining({ code: "invalid-option", path: "$.addGenerationPrompt" }),
      expect.objectContaining({ code: "invalid-option", path: "$.generationRole" }),
    ]);
  });

  it("member paths quote keys that are not plain names", () => {
    const read = readChatInput([{ role: "user", content: "a", "a b": 1 }]);
    expect(readChatMessage(read.list[0], "$", 0, [])?.otherKeys).toEqual(["a b"]);
  });
});

describe("readChatMessage: tool calls, tool results and images as typed fields with their paths", () => {
  const at = (raw: unknown) => readChatMessage(raw, "$.messages", 2, []);

  it("reads an assistant's tool_calls, each as far as its shape goes", () => {
    const message = at({
      role: "assistant",
      content: null,
      tool_calls: [
        { id: "c1", type: "function", function: { name: "now", arguments: "{}" } },
        { id: 7, function: { name: "f", arguments: { a: 1 } } },
        "junk",
      ],
    });
    expect(message?.toolCalls).toEqual([
      {
        index: 0,
        path: "$.messages[2].tool_calls[0]",
        id: "c1",
        type: "function",
        function: { path: "$.messages[2].tool_calls[0].function", name: "now", arguments: "{}" },
      },
      {
        index: 1,
        path: "$.messages[2].tool_calls[1]",
        id: undefined,
        type: undefined,
        function: { path: "$.messages[2].tool_calls[1].function", name: "f", arguments: { a: 1 } },
      },
      { index: 2, path: "$.messages[2].tool_calls[2]", id: undefined, type: undefined, function: undefined },
    ]);
    expect(at({ role: "assistant", content: "x" })?.toolCalls).toBeUndefined();
  });

  it("reads a legacy function_call, a tool_call_id and a refusal", () => {
    const call = at({ role: "assistant", content: null, function_call: { name: "f", arguments: "{}" } });
    expect(call?.functionCall).toEqual({ path: "$.messages[2].function_call", name: "f", arguments: "{}" });
    expect(at({ role: "tool", tool_call_id: "c1", content: "ok" })?.toolCallId).toBe("c1");
    expect(at({ role: "assistant", content: null, refusal: "no" })?.refusal).toBe("no");
  });

  it("reads image_url parts with their url and detail, beside the text parts", () => {
    const message = at({
      role: "user",
      content: [
        { type: "text", text: "What is this?" },
        { type: "image_url", image_url: { url: "data:image/png;base64,AAAA", detail: "low" } },
        { type: "image_url", image_url: "https://example.com/a.png" },
        { type: "input_audio", input_audio: {} },
      ],
    });
    expect(message?.imageParts).toEqual([
      { index: 1, path: "$.messages[2].content[1]", url: "data:image/png;base64,AAAA", detail: "low" },
      { index: 2, path: "$.messages[2].content[2]", url: "https://example.com/a.png", detail: undefined },
    ]);
    expect(message?.otherParts).toEqual([1, 2, 3]);
  });
});

describe("readToolDefinitions", () => {
  it("reads tools' functions and legacy functions with their paths, and leaves out what is no definition", () => {
    const defs = readToolDefinitions({
      tools: [
        { type: "function", function: { name: "a", description: "A", parameters: {}, strict: true } },
        5,
      ],
      functions: [{ name: "b" }, null],
    });
    expect(defs.map((d) => [d.kind, d.path, d.name, d.description, d.strict])).toEqual([
      ["tool", "$.tools[0].function", "a", "A", true],
      ["function", "$.functions[0]", "b", undefined, undefined],
    ]);
    expect(readToolDefinitions(undefined)).toEqual([]);
  });
});

describe("readChatMessage: members of the wrong type are not read as their values", () => {
  const read = (raw: unknown) => readChatMessage(raw, "$", 0, []);

  it("a tool_call_id, a refusal, an image URL or a function name that is no string is left out", () => {
    expect(read({ role: "tool", content: "x", tool_call_id: 5 })?.toolCallId).toBeUndefined();
    expect(read({ role: "assistant", content: null, refusal: 5 })?.refusal).toBeUndefined();
    const image = read({ role: "user", content: [{ type: "image_url", image_url: { url: 5 } }] });
    expect(image?.imageParts).toEqual([{ index: 0, path: "$[0].content[0]" }]);
    const call = { id: "a", type: "function", function: { name: 5, arguments: "{}" } };
    const calls = read({ role: "assistant", content: null, tool_calls: [call] })?.toolCalls;
    expect(calls?.[0]?.function).toEqual({ path: "$[0].tool_calls[0].function", arguments: "{}" });
  });

  it("content null is no content, in those words", () => {
    const issues: InputIssue[] = [];
    readChatMessage({ role: "user", content: null }, "$", 0, issues);
    expect(issues.map((i) => i.message)).toEqual(["the message has no content (got null)"]);
  });

  it("input that is no messages has an empty list at $", () => {
    expect(readChatInput(42)).toMatchObject({ shape: "none", list: [], listPath: "$" });
  });
});
