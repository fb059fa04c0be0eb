// Function calling counted as the API bills it: legacy `functions` as the
// TypeScript namespace the API writes, the `function_call` parameter, `function`
// messages, assistant calls; estimates and uncounted parts say so.
import { describe, expect, it } from "vitest";
import { type ChatCount, countChatTokens, functionsNamespace, loadTokenizer } from "../src/index.js";

const LOOKUP = {
  name: "lookup_order",
  description: "Find an order by its number",
  parameters: {
    type: "object",
    properties: {
      order: { type: "string", description: "The order number" },
      region: { type: "string", enum: ["eu", "us"] },
      limit: { type: "integer", enum: [1, 5] },
      filters: {
        type: "object",
        description: "Narrow the search",
        properties: {
          paid: { type: "boolean", description: "deep descriptions are left out" },
          tags: { type: "array", items: { type: "string" } },
        },
        required: ["paid"],
      },
      any: { type: "array" },
      either: { anyOf: [{ type: "string", const: "all" }, { type: "null" }] },
      unknown: { type: ["string", "number"] },
    },
    required: ["order"],
  },
};
const NOW = { name: "now", parameters: { type: "object", properties: {} } };

const o200k = await loadTokenizer("o200k_base");
const tokens = (text: string) => o200k.countText(text);
const partsOf = (count: ChatCount, method: string) => count.parts.filter((p) => p.method === method);
const sum = (count: ChatCount) => count.parts.reduce((total, p) => total + p.tokens, 0);

describe("functionsNamespace", () => {
  it("writes definitions as the API's TypeScript namespace", () => {
    expect(functionsNamespace([LOOKUP, NOW])).toBe(
      [
        "namespace functions {",
        "",
        "// Find an order by its number",
        "type lookup_order = (_: {",
        "// The order number",
        "order: string,",
        'region?: "eu" | "us",',
        "limit?: 1 | 5,",
        "// Narrow the search",
        "filters?: {",
        "  paid: boolean,",
        "  tags?: string[],",
        "},",
        "any?: any[],",
        "either?: string | null,",
        "unknown?: ,",
        "}) => any;",
        "",
        "type now = () => any;",
        "",
        "} // namespace functions",
      ].join("\n"),
    );
  });

  it("never throws on definitions of the wrong shape", () => {
    expect(() =>
      functionsNamespace([{ name: 5, parameters: { properties: { a: 7, b: { type: "object" } } } } as never]),
    ).not.toThrow();
  });
});

describe("countChatTokens with function calling", () => {
  const messages = [
    { role: "system", content: "You help with orders." },
    { role: "user", content: "Where is 1234?" },
  ];

  it("counts legacy functions as the namespace plus 9, and pads the first system message", async () => {
    const plain = await countChatTokens({ messages }, { model: "gpt-4o" });
    const count = await countChatTokens({ messages, functions: [LOOKUP] }, { model: "gpt-4o" });
    const [defs] = partsOf(count, "functions-namespace");
    expect(defs).toMatchObject({ path: "$.functions", exact: true, messageIndex: undefined });
    expect(defs?.tokens).toBe(tokens(functionsNamespace([LOOKUP])) + 9);
    const pad = tokens(`${messages[0]?.content}\n`) - tokens(messages[0]?.content ?? "");
    expect(partsOf(count, "functions-system")).toEqual([
      { path: "$.messages[0]", method: "functions-system", tokens: pad - 4, messageIndex: 0, exact: true },
    ]);
    expect(count.promptTokens).toBe(plain.promptTokens + (defs?.tokens ?? 0) + pad - 4);
    expect(count.tools).toBe(defs?.tokens);
    expect(count.exact).toBe(true);
    expect(count.formulaDescription).toMatch(/TypeScript namespace/);
  });

  it("adjusts for a system message only when there is one, and only the first", async () => {
    const users = [{ role: "user", content: "Hi" }];
    const none = await countChatTokens({ messages: users, functions: [NOW] }, { model: "gpt-4o" });
    expect(partsOf(none, "functions-system")).toEqual([]);
    const two = await countChatTokens(
      { messages: [...messages, { role: "system", content: "Second" }], functions: [NOW] },
      { model: "gpt-4o" },
    );
    expect(partsOf(two, "functions-system").map((p) => p.messageIndex)).toEqual([0]);
  });

  it("prices the function_call parameter: auto nothing, none 1, a name its tokens plus 4", async () => {
    const at = async (function_call: unknown) =>
      partsOf(
        await countChatTokens({ messages, functions: [LOOKUP], function_call }, { model: "gpt-4o" }),
        "function-call-parameter",
      );
    expect(await at("auto")).toEqual([]);
    expect((await at("none")).map((p) => p.tokens)).toEqual([1]);
    expect((await at({ name: "lookup_order" })).map((p) => p.tokens)).toEqual([tokens("lookup_order") + 4]);
  });

  it("counts a function message 2 fewer and an assistant's function_call as name + arguments + 3", async () => {
    const args = '{"order":"1234"}';
    const count = await countChatTokens(
      [
        { role: "assistant", content: null, function_call: { name: "lookup_order", arguments: args } },
        { role: "function", name: "lookup_order", content: '{"status":"shipped"}' },
      ],
      { model: "gpt-4o" },
    );
    expect(partsOf(count, "function-call")).toEqual([
      {
        path: "$[0].function_call",
        method: "function-call",
        tokens: tokens("lookup_order") + tokens(args) + 3,
        messageIndex: 0,
        exact: true,
      },
    ]);
    expect(partsOf(count, "function-message")).toEqual([
      { path: "$[1]", method: "function-message", tokens: -2, messageIndex: 1, exact: true },
    ]);
    expect(count.exact).toBe(true);
  });

  it("estimates tool calls and tool_choice, and says so with their paths", async () => {
    const count = await countChatTokens(
      {
        messages: [
          {
            role: "assistant",
            content: null,
            tool_calls: [{ id: "c1", type: "function", function: { name: "now", arguments: "{}" } }],
          },
        ],
        tools: [{ type: "function", function: NOW }],
        tool_choice: { type: "function", function: { name: "now" } },
      },
      { model: "gpt-4o" },
    );
    expect(partsOf(count, "tool-call")).toMatchObject([
      { path: "$.messages[0].tool_calls[0]", tokens: tokens("now") + tokens("{}") + 3, exact: false },
    ]);
    expect(partsOf(count, "tool-choice")).toMatchObject([{ path: "$.tool_choice", exact: false }]);
    expect(count.exact).toBe(false);
    expect(count.notes.join("\n")).toMatch(/\$\.messages\[0\]\.tool_calls\[0\]: .*estimate/);
    expect(count.notes.join("\n")).toMatch(/\$\.tool_choice: .*estimate/);
  });

  it("names every part it could not count, and counts them as 0 (a lower bound)", async () => {
    const count = await countChatTokens(
      [{ role: "user", content: [{ type: "input_audio", input_audio: { data: "", format: "wav" } }] }],
      { model: "gpt-4o" },
    );
    expect(partsOf(count, "not-counted")).toMatchObject([
      { path: "$[0].content[0]", tokens: 0, exact: false },
    ]);
    expect(count.notes).toEqual([
      '$[0].content[0] (a "input_audio" part) was not counted: the count is a lower bound',
    ]);
  });

  it("adds its parts up to promptTokens, and each message's parts to its tokens", async () => {
    const count = await countChatTokens(
      {
        messages: [
          ...messages,
          { role: "assistant", content: null, function_call: { name: "now", arguments: "{}" } },
          { role: "function", name: "now", content: "12:00" },
          {
            role: "user",
            name: "ann",
            content: [
              { type: "text", text: "and " },
              { type: "text", text: "then?" },
            ],
          },
        ],
        functions: [LOOKUP, NOW],
        function_call: "auto",
        tools: [{ type: "function", function: NOW }],
      },
      { model: "gpt-4o" },
    );
    expect(sum(count)).toBe(count.promptTokens);
    for (const m of count.messages) {
      const own = count.parts.filter((p) => p.messageIndex === m.index).reduce((t, p) => t + p.tokens, 0);
      expect(own, `message ${m.index}`).toBe(m.tokens);
    }
    expect(count.promptTokens).toBe(
      count.replyPriming + count.tools + count.messages.reduce((t, m) => t + m.tokens, 0),
    );
    expect(structuredClone(count)).toEqual(count);
  });
});
