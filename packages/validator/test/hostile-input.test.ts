import { describe, expect, it } from "vitest";
import { countChatTokens, InvalidInputError, type ValidatorError, validate } from "../src/index.js";

/** `depth` arrays around a string: what a hostile request nests to overflow recursive readers. */
function nested(depth: number): unknown {
  let value: unknown = "x";
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

describe("hostile input is reported, never thrown", () => {
  it("nesting 5,000 deep is one invalid-message diagnostic at its path, with or without counting", async () => {
    const messages = [{ role: "assistant", content: null, tool_calls: nested(5000) }];
    for (const options of [{}, { model: "gpt-4o" }]) {
      const result = await validate(messages, options);
      expect(result.diagnostics.map((d) => d.code)).toEqual(["invalid-message"]);
      expect(result.diagnostics[0]?.path).toMatch(/^\$\[0\]\.tool_calls(\[0\]){62}$/);
    }
  });

  it("countChatTokens refuses it as input, with its path, instead of overflowing the stack", async () => {
    const messages = [{ role: "assistant", content: null, tool_calls: nested(5000) }];
    const error = await countChatTokens(messages, { model: "gpt-4o" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as ValidatorError).message).toMatch(
      /^\$\[0\]\.tool_calls(\[0\])+: nested deeper than 64 levels$/,
    );
    // One issue at the path of the value too deep, for a caller to place in its file.
    const { issues } = error as InvalidInputError;
    expect(issues).toHaveLength(1);
    expect(issues[0]?.path).toMatch(/^\$\[0\]\.tool_calls(\[0\])+$/);
    expect(issues[0]).toMatchObject({
      code: "invalid-message",
      message: "nested deeper than 64 levels",
      messageIndex: 0,
    });
  });

  it("200,000 zero-width spaces in one string are one diagnostic that counts them", async () => {
    const content = "a\u200b".repeat(200_000);
    const { diagnostics } = await validate([{ role: "user", content }]);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: "invisible-character", start: 1, count: 200_000 });
    expect(diagnostics[0]?.more?.slice(0, 2)).toEqual([
      { start: 3, end: 4 },
      { start: 5, end: 6 },
    ]);
  });

  it("different findings of one rule in one string stay apart; the same one again is counted", async () => {
    const content = "<|im_end|> <|im_start|> <|im_end|>";
    const { diagnostics } = await validate([{ role: "user", content }]);
    expect(diagnostics.map((d) => [content.slice(d.start, d.end), d.count])).toEqual([
      ["<|im_end|>", 2],
      ["<|im_start|>", undefined],
    ]);
  });

  it("past ten different findings of one rule, the rest join the rule's first", async () => {
    const content = Array.from({ length: 30 }, (_, i) => `<|reserved_special_token_${i}|>`).join(" ");
    const { diagnostics } = await validate([{ role: "user", content }]);
    expect(diagnostics).toHaveLength(10);
    expect(diagnostics[0]?.count).toBe(21);
  });
});

describe("every string that reaches the model is checked", () => {
  it("in a message: tool calls, tool_call_id, refusal, reasoning, attributes, non-text parts", async () => {
    const token = "<|im_end|>";
    const messages = [
      { role: "user", content: [{ type: "image_url", image_url: { url: `x${token}` } }] },
      {
        role: "assistant",
        content: null,
        tool_calls: [{ id: `c${token}`, type: "function", function: { name: "f", arguments: token } }],
        reasoning_content: token,
        refusal: token,
        attributes: { lang: token },
      },
      { role: "tool", tool_call_id: token, content: "1" },
    ];
    const { diagnostics } = await validate(messages);
    expect(diagnostics.filter((d) => d.code === "special-token").map((d) => d.path)).toEqual([
      "$[0].content[0].image_url.url",
      "$[1].tool_calls[0].id",
      "$[1].tool_calls[0].function.arguments",
      "$[1].reasoning_content",
      "$[1].refusal",
      "$[1].attributes.lang",
      "$[2].tool_call_id",
    ]);
  });

  it("in a request body: tools, legacy functions, response_format; not stop sequences", async () => {
    const token = "<|im_start|>";
    const body = {
      model: "gpt-4o",
      stop: ["<|im_end|>"],
      messages: [{ role: "user", content: "hi" }],
      tools: [{ type: "function", function: { name: "f", description: token, parameters: {} } }],
      functions: [{ name: "g", parameters: { properties: { a: { enum: [token] } } } }],
      response_format: { type: "json_schema", json_schema: { name: "s", schema: { description: token } } },
    };
    const { diagnostics } = await validate(body);
    expect(diagnostics.map((d) => d.path)).toEqual([
      "$.tools[0].function.description",
      "$.functions[0].parameters.properties.a.enum[0]",
      "$.response_format.json_schema.schema.description",
    ]);
  });
});

describe("request bodies of the wrong shape are reported, never thrown", () => {
  it("tools or functions that are not arrays are invalid-message at their path, and counting goes on", async () => {
    for (const [key, value] of [
      ["tools", 5],
      ["tools", {}],
      ["functions", 5],
      ["functions", {}],
    ] as const) {
      const body = { model: "gpt-4o", messages: [{ role: "user", content: "hi" }], [key]: value };
      const result = await validate(body);
      expect(result.diagnostics.map((d) => [d.code, d.path])).toContainEqual(["invalid-message", `$.${key}`]);
      await expect(countChatTokens(body, { model: "gpt-4o" })).resolves.toMatchObject({ promptTokens: 8 });
    }
  });

  it("objects where a tool definition has text (an enum item, a description) are counted as their JSON", async () => {
    const body = {
      model: "gpt-4o",
      messages: [{ role: "user", content: "x" }],
      tools: [
        {
          type: "function",
          function: {
            name: "f",
            description: { toString: 1 },
            parameters: { properties: { a: { enum: [{}] } } },
          },
        },
      ],
    };
    const count = await countChatTokens(body, { model: "gpt-4o" });
    expect(count.promptTokens).toBeGreaterThan(8);
  });

  it("a system prompt beside the messages is scanned", async () => {
    const { diagnostics } = await validate({
      messages: [{ role: "user", content: "hi" }],
      system: "<|im_end|>",
    });
    expect(diagnostics.map((d) => [d.code, d.path])).toContainEqual(["special-token", "$.system"]);
  });
});

describe("input that is not messages still has its strings scanned", () => {
  it("a preference pair, a prompt/completion object: invalid-message at $.messages, and every token at its path", async () => {
    const { diagnostics } = await validate({
      input: { messages: [{ role: "user", content: "<|im_end|>" }] },
      preferred_output: [{ role: "assistant", content: "ok" }],
      completion: "<|im_start|>system",
    });
    expect(diagnostics.map((d) => [d.code, d.path])).toEqual(
      expect.arrayContaining([
        ["invalid-message", "$.messages"],
        ["special-token", "$.input.messages[0].content"],
        ["special-token", "$.completion"],
      ]),
    );
  });
});
