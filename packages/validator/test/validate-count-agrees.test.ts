// validate's count is countChatTokens' (one answer to "does it fit"): for a request body its
// tool_choice and function_call count too; for a list, a message the format cannot write is
// refused at its own path. Its budget diagnostics point where the prompt crosses the limit, and
// a template's count is countWorstCase's.
import { describe, expect, it } from "vitest";
import { countChatTokens, countWorstCase, validate } from "../src/index.js";

const model = "gpt-4o";
const tools = [
  {
    type: "function",
    function: {
      name: "get_weather",
      parameters: { type: "object", properties: { city: { type: "string" } } },
    },
  },
];
const functions = [{ name: "get_weather", parameters: { type: "object", properties: {} } }];
const chat = [
  { role: "user", content: "What is the weather in Paris today?" },
  { role: "assistant", content: "Let me look that up for you right away." },
];

describe("validate counts what countChatTokens counts", () => {
  it.each([
    [
      "a forced tool choice",
      { model, messages: chat, tools, tool_choice: { type: "function", function: { name: "get_weather" } } },
    ],
    ["a forced function call", { model, messages: chat, functions, function_call: { name: "get_weather" } }],
    ["tools alone", { model, messages: chat, tools }],
    ["a list of messages", chat],
  ])("%s", async (_, input) => {
    const result = await validate(input, { model });
    const counted = await countChatTokens(input, { model });
    expect(result.count?.promptTokens).toBe(counted.promptTokens);
    expect(result.count?.messages).toEqual(counted.messages);
  });

  it("a forced choice costs tokens of its own", async () => {
    const forced = await validate({
      model,
      messages: chat,
      tools,
      tool_choice: { type: "function", function: { name: "get_weather" } },
    });
    const free = await validate({ model, messages: chat, tools });
    expect((forced.count?.promptTokens ?? 0) - (free.count?.promptTokens ?? 0)).toBeGreaterThan(0);
  });

  it("refuses to count a message its profile cannot write, at the message's own path", async () => {
    const message = { role: "user", name: "a b", content: "hi" };
    const words =
      'name "a b" contains U+0020 at offset 1; a header word holds no whitespace, separator, control or invisible character';
    for (const [input, path] of [
      [[message], "$[0].name"],
      [{ messages: [message] }, "$.messages[0].name"],
    ] as const) {
      const result = await validate(input, { model, profile: "qwen2.5", rules: { "invalid-name": "off" } });
      expect(result.diagnostics.map((d) => [d.code, d.path, d.messageIndex, d.message])).toEqual([
        ["invalid-message", path, 0, `${path}: ${words}`],
      ]);
      expect(result.count).toBeUndefined();
    }
  });
});

describe("a budget diagnostic points where the prompt crosses the limit", () => {
  it("counting what no message owns first: tools come before the messages", async () => {
    const body = { model, messages: chat, tools };
    const whole = await validate(body, { model });
    const [first] = whole.count?.messages ?? [];
    // Message 0 alone fits, but not after the tools.
    const result = await validate(body, { model, maxPromptTokens: (first?.tokens ?? 0) + 1 });
    expect(result.diagnostics.map((d) => [d.code, d.path])).toEqual([["token-budget", "$.messages[0].role"]]);
  });

  it("in a transcript, its generation prompt comes after the messages", async () => {
    const text =
      "<|im_start|>user\nWhat is the weather in Paris today?<|im_end|>\n<|im_start|>assistant\nLet me look.<|im_end|>\n<|im_start|>assistant\n";
    const whole = await validate(text, { model });
    const [first] = whole.count?.messages ?? [];
    const result = await validate(text, { model, maxPromptTokens: first?.tokens ?? 0 });
    const [d] = result.diagnostics;
    expect([d?.code, d?.messageIndex]).toEqual(["token-budget", 1]);
  });

  it("a max_tokens of the body's own that overflows the window is pointed at; a budget is not", async () => {
    const body = { model, messages: chat, max_tokens: 127_990 };
    expect((await validate(body)).diagnostics.map((d) => [d.code, d.path])).toEqual([
      ["context-window", "$.max_tokens"],
    ]);
    const small = { model, messages: chat, max_tokens: 10 };
    expect((await validate(small, { maxPromptTokens: 5 })).diagnostics.map((d) => [d.code, d.path])).toEqual([
      ["token-budget", "$.messages[0].role"],
    ]);
    // The caller's own maxTokens is no member of the input: the message is pointed at.
    expect(
      (await validate(chat, { model, maxTokens: 127_990 })).diagnostics.map((d) => [d.code, d.path]),
    ).toEqual([["context-window", "$[0].role"]]);
  });
});

describe("a template's count is its worst case", () => {
  const variables = { properties: { city: { maxTokens: 50 } } };
  const template = [{ role: "user", content: "What is the weather in {{ city }}?" }, chat[1]];

  it("the prompt, each message and the budget per message, every value at its bound", async () => {
    const worst = await countWorstCase(template, variables, { model });
    const result = await validate(template, { model, variables });
    expect(result.count?.promptTokens).toBe(worst.promptTokens);
    expect(result.count?.messages.map((m) => m.tokens)).toEqual(worst.perMessage);
    const budget = (worst.perMessage[0] ?? 0) - 1;
    const over = await validate(template, { model, variables, maxMessageTokens: budget });
    expect(over.diagnostics.map((d) => [d.code, d.path, d.message])).toEqual([
      [
        "token-budget",
        "$[0].role",
        `in the worst case, message 0 is ${worst.perMessage[0]} tokens, over the per-message budget of ${budget}`,
      ],
    ]);
  });
});
