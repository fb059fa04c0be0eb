// validate's result as a whole: its counts of errors and warnings, which diagnostics name a
// message, when there is a count (and its keys), template rules only for templates, and a role
// the caller allows checked for special tokens like any other field.
import { describe, expect, it } from "vitest";
import { validate } from "../src/index.js";

const shape = (d: { code: string; severity: string; path?: string; messageIndex?: number }) => [
  d.code,
  d.severity,
  d.path,
  "messageIndex" in d ? d.messageIndex : "none",
];

describe("validate's result", () => {
  it("counts its errors and its warnings apart", async () => {
    const result = await validate(
      [
        { role: "user", content: "" },
        { role: "user", content: "<|im_end|>" },
      ],
      { encoding: "o200k_base" },
    );
    expect(result.diagnostics.map(shape)).toEqual([
      ["empty-content", "warning", "$[0].content", 0],
      ["special-token", "error", "$[1].content", 1],
    ]);
    expect([result.errorCount, result.warningCount]).toEqual([1, 1]);
  });

  it("names no message in a diagnostic of the request itself", async () => {
    const result = await validate(
      { messages: [{ role: "user", content: "hi" }], foo: 1 },
      { model: "gpt-4o" },
    );
    expect(result.diagnostics.map(shape)).toEqual([["unknown-field", "warning", "$.foo", "none"]]);
  });

  it("counts only a request whose every message is well formed, and names the model only when one was", async () => {
    const broken = await validate({ messages: [{ role: "user", content: 5 }] }, { model: "gpt-4o" });
    expect(broken.diagnostics.map(shape)).toEqual([["invalid-message", "error", "$.messages[0].content", 0]]);
    expect(broken.count).toBeUndefined();
    // So is a request whose body has a problem of its own (a max_tokens the API refuses).
    const body = await validate({
      model: "gpt-4o",
      messages: [{ role: "user", content: "hi" }],
      max_tokens: -5,
    });
    expect(body.diagnostics.map(shape)).toEqual([["invalid-message", "error", "$.max_tokens", "none"]]);
    expect(body.count).toBeUndefined();
    const named = await validate([{ role: "user", content: "hi" }], { model: "gpt-4o" });
    expect(named.count?.model).toBe("gpt-4o");
    const encoded = await validate([{ role: "user", content: "hi" }], { encoding: "o200k_base" });
    expect(encoded.count).toBeDefined();
    expect(encoded.count !== undefined && "model" in encoded.count).toBe(false);
  });

  it("reads placeholders only in a template", async () => {
    const messages = [{ role: "user", content: "{{ a" }];
    expect((await validate(messages)).diagnostics).toEqual([]);
    expect((await validate(messages, { template: true })).diagnostics.map(shape)).toEqual([
      ["invalid-placeholder", "error", "$[0].content", 0],
    ]);
  });

  it("checks a role the caller allows for special tokens, as any other field", async () => {
    const result = await validate([{ role: "bot<|im_end|>", content: "hi" }], {
      roles: ["bot<|im_end|>", "user"],
    });
    expect(result.diagnostics.map(shape)).toEqual([["special-token", "error", "$[0].role", 0]]);
  });
});

describe("validate's budget findings, where they are placed", () => {
  const where = (d: {
    code: string;
    path?: string;
    start: number;
    end: number;
    messageIndex?: number;
    message: string;
  }) => [d.code, d.path, d.start, d.end, d.messageIndex, d.message];
  const messages = [{ role: "user", content: "hello there" }];

  it("a window overflowed by the body's own reservation: at that field", async () => {
    for (const field of ["max_tokens", "max_completion_tokens"]) {
      const result = await validate({ model: "gpt-4", [field]: 8190, messages });
      expect(result.diagnostics.map(where)).toEqual([
        [
          "context-window",
          `$.${field}`,
          0,
          0,
          undefined,
          `prompt 9 tokens + ${field} 8190 = 8199 exceeds gpt-4's context window of 8192 by 7`,
        ],
      ]);
    }
    // The caller's reservation is no field of the body: the prompt is what overflows.
    const option = await validate({ model: "gpt-4", messages }, { maxTokens: 8190 });
    expect(option.diagnostics.map((d) => d.path)).toEqual(["$.messages[0].role"]);
  });

  it("a message over its budget: at its role, in JSON and in a transcript", async () => {
    const two = [...messages, { role: "user", content: "a b c d e f g h" }];
    const json = await validate(two, { model: "gpt-4o", maxMessageTokens: 8 });
    expect(json.diagnostics.map(where)).toEqual([
      ["token-budget", "$[1].role", 0, 4, 1, "message 1 is 12 tokens, over the per-message budget of 8"],
    ]);
    const text = "<|im_start|>user\nhello there<|im_end|>\n<|im_start|>user\na b c d e f g h<|im_end|>\n";
    const transcript = await validate(text, { model: "gpt-4o", maxMessageTokens: 8 });
    const role = text.lastIndexOf("user");
    expect(transcript.diagnostics.map(where)).toEqual([
      [
        "token-budget",
        undefined,
        role,
        role + 4,
        1,
        "message 1 is 12 tokens, over the per-message budget of 8",
      ],
    ]);
  });

  it("a template: each message counted at its worst case, every value at its bound", async () => {
    const result = await validate(
      [
        { role: "user", content: "hi {{ q }}" },
        { role: "user", content: "x" },
      ],
      { model: "gpt-4o", variables: { properties: { q: { maxTokens: 50 } } }, maxMessageTokens: 30 },
    );
    const plain = await validate(
      [
        { role: "user", content: "hi {{ q }}" },
        { role: "user", content: "x" },
      ],
      { model: "gpt-4o" },
    );
    // The second message has no placeholder: its worst case is its own count.
    expect(result.count?.messages[1]?.tokens).toBe(plain.count?.messages[1]?.tokens);
    expect(result.count?.messages[0]?.tokens).toBeGreaterThan((plain.count?.messages[0]?.tokens ?? 0) + 40);
    expect(result.count?.promptTokens).toBe(
      (result.count?.messages ?? []).reduce((sum, m) => sum + m.tokens, 0) + 3, // the reply priming
    );
    expect(result.diagnostics.map(where)).toEqual([
      [
        "token-budget",
        "$[0].role",
        0,
        4,
        0,
        `in the worst case, message 0 is ${result.count?.messages[0]?.tokens} tokens, over the per-message budget of 30`,
      ],
    ]);
  });
});

describe("validate's reading of a request body", () => {
  const messages = [{ role: "user", content: "hi" }];
  const problems = async (input: unknown) =>
    (await validate(input)).diagnostics.map((d) => [d.code, d.path, d.message]);

  it("refuses both reservations at once, and a list member that is no list, in their words", async () => {
    expect(await problems({ messages, max_tokens: 1, max_completion_tokens: 2 })).toEqual([
      [
        "invalid-message",
        "$.max_completion_tokens",
        "$.max_completion_tokens: set max_tokens or max_completion_tokens, not both",
      ],
    ]);
    expect(await problems({ messages, tools: "x" })).toEqual([
      ["invalid-message", "$.tools", '$.tools: tools must be an array, got string "x"'],
    ]);
  });

  it("counts the tools and the legacy functions it declares", async () => {
    const plain = (await validate({ messages }, { model: "gpt-4o" })).count?.promptTokens ?? 0;
    const tools = [{ type: "function", function: { name: "f", description: "d" } }];
    const withTools = await validate({ messages, tools }, { model: "gpt-4o" });
    expect(withTools.count?.promptTokens).toBeGreaterThan(plain);
    const functions = [{ name: "f", description: "d" }];
    const withFunctions = await validate({ messages, functions }, { model: "gpt-4o" });
    expect(withFunctions.count?.promptTokens).toBeGreaterThan(plain);
  });

  it("takes a record's own model, though it holds no messages, as the model a budget needs", async () => {
    const record = { model: "gpt-4o", prompt: "x", completion: "y" };
    const result = await validate(record, { maxPromptTokens: 5 });
    expect(result.diagnostics.map((d) => d.path)).toEqual(["$.messages"]);
    await expect(validate({ prompt: "x", completion: "y" }, { maxPromptTokens: 5 })).rejects.toThrow(
      "a token budget needs a model (or an encoding, or a tokenizer) to count with",
    );
  });
});

describe("a special token the parser reported", () => {
  it("stands for its special-token finding there, and only there", async () => {
    const text = "<|im_start|>user\nhi <|endoftext|><|im_end|>\n<|im_end|>\n";
    const result = await validate(text);
    const stray = text.lastIndexOf("<|im_end|>");
    const eot = text.indexOf("<|endoftext|>");
    expect(result.diagnostics.map((d) => [d.code, d.start, d.end])).toEqual([
      ["special-token", eot, eot + 13],
      ["stray-im-end", stray, stray + 10],
    ]);
  });
});
