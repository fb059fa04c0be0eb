// fit refuses input it cannot read instead of rewriting it or failing inside compile
// (issue 9 item 2, issue 10 item 3): a typed error with every diagnostic or issue and its place.
import { describe, expect, it } from "vitest";
import { countTranscriptTokensSync, FitInputError, fit, tokenizerFor, ValidatorError } from "../src/index.js";

const options = { model: "gpt-4o", maxTokens: 10 };

/** The FitInputError `fit(input)` rejects with. */
async function refusal(input: unknown): Promise<FitInputError> {
  const error = await fit(input, options).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FitInputError);
  return error as FitInputError;
}

describe("fit: input it cannot read", () => {
  it("a special token in a header key: the parse error, not compile's exception", async () => {
    const error = await refusal("<|im_start|>user <|endoftext|>=1\nHi<|im_end|>\n");
    expect(error).toBeInstanceOf(ValidatorError);
    expect(error.code).toBe("invalid-input");
    expect(error.diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([
      ["special-token-in-header", 1, 18],
    ]);
    expect(error.issues).toEqual([]);
    expect(error.message).toMatch(
      /^the transcript has a parse error, first at 1:18: special token <\|endoftext\|>/,
    );
  });

  it("a control character in a header: refused, not fitted as role 'us'", async () => {
    const error = await refusal("<|im_start|>us\u0001er\nHi<|im_end|>\n");
    expect(error.diagnostics.map((d) => d.code)).toEqual([
      "invalid-header-character",
      "invalid-header-attribute",
    ]);
    expect(error.message).toMatch(/^the transcript has 2 parse errors, first at 1:15: U\+0001/);
  });

  it("text outside any message: refused, not dropped", async () => {
    const error = await refusal("stray\n<|im_start|>user\nHi<|im_end|>\nmore");
    expect(error.diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([
      ["text-outside-message", 1, 1],
      ["text-outside-message", 4, 1],
    ]);
  });

  it("content with a lone surrogate, which parse reads and compile refuses: placed in the transcript, no compile issues", async () => {
    const error = await refusal("<|im_start|>user\nok<|im_end|>\n<|im_start|>user\nA\ud800<|im_end|>\n");
    expect(error.diagnostics.map((d) => [d.code, d.severity, d.line, d.column])).toEqual([
      ["invalid-unicode", "error", 4, 2],
    ]);
    expect(error.message).toMatch(/^the transcript cannot be written back: content holds a lone surrogate/);
    expect(error.issues).toEqual([]);
  });

  it("a parse error beside a warning: the error is the one counted and named", async () => {
    const error = await refusal("<|im_start|>user name=a name=b\nHi<|im_end|>\nstray");
    expect(error.diagnostics.map((d) => d.severity)).toEqual(["warning", "error"]);
    expect(error.message).toMatch(/^the transcript has a parse error, first at 3:1: /);
  });

  it("a transcript whose content holds another special token's text, or text before its first message, is fitted and counted whole", async () => {
    const tokenizer = await tokenizerFor({ model: "gpt-4o" });
    for (const text of [
      "<|im_start|>user\nHi <|endoftext|> x<|im_end|>\n",
      "\n\n<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\nHello<|im_end|>\n",
    ]) {
      const result = await fit(text, options);
      if (!result.ok) throw new Error(result.reason);
      expect(result.promptTokens).toBe(countTranscriptTokensSync(text, { tokenizer }).tokens);
    }
  });

  it("a message that is no object, or content with a lone surrogate: refused at its path, one issue and no 'more'", async () => {
    const notObject = await refusal([42]);
    expect(notObject.message).toBe("$[0]: a message must be an object, got number 42");
    expect(notObject.issues.map((i) => [i.code, i.path])).toEqual([["invalid-message", "$[0]"]]);
    const surrogate = await refusal([{ role: "user", content: "a\ud800" }]);
    expect(surrogate.issues.map((i) => [i.code, i.path])).toEqual([["invalid-unicode", "$[0].content"]]);
    expect(surrogate.message).toMatch(
      /^\$\[0\]\.content: content holds a lone surrogate \(U\+D800\) at offset 1; .*U\+FFFD$/,
    );
  });

  it("a content part the count refuses: at $[i] in a list, at $.messages[i] in a body, as countChatTokens has it", async () => {
    const messages = [{ role: "user", content: ["x"] }];
    const why = 'a content part must be an object with a type, got string "x"';
    await expect(fit(messages, options)).rejects.toThrow(`$[0].content[0]: ${why}`);
    await expect(fit({ messages }, options)).rejects.toThrow(`$.messages[0].content[0]: ${why}`);
    // With a profile, whose count is the template's: the same places.
    const qwen = { ...options, profile: "qwen3" } as const;
    await expect(fit(messages, qwen)).rejects.toThrow(`$[0].content[0]: ${why}`);
  });

  it("a body's max_tokens the API would refuse: the issue at its path", async () => {
    const error = await refusal({ messages: [{ role: "user", content: "hi" }], max_tokens: -1 });
    expect(error.diagnostics).toEqual([]);
    expect(error.issues).toEqual([
      { code: "invalid-message", path: "$.max_tokens", message: expect.any(String) },
    ]);
    expect(error.message).toBe(`$.max_tokens: ${error.issues[0]?.message}`);
  });

  it("a transcript with warnings only is fitted", async () => {
    const result = await fit("<|im_start|>user name=a name=b\nHi<|im_end|>\n", options);
    expect(result.ok).toBe(true);
  });

  it("messages whose role or name compile refuses: every issue with its JSON path", async () => {
    const error = await refusal({
      messages: [
        { role: "us\u001b[31mer", content: "x" },
        { role: "user", name: "<|im_end|>", content: "y" },
        { content: "no role" },
      ],
    });
    expect(error.diagnostics).toEqual([]);
    expect(error.issues.map((i) => [i.code, i.path])).toEqual([
      ["invalid-role", "$.messages[0].role"],
      ["special-token", "$.messages[1].name"],
      ["invalid-role", "$.messages[2].role"],
    ]);
    expect(error.message).toMatch(
      /^\$\.messages\[0\]\.role: role "us\\u\{1B\}\[31mer" contains U\+001B .*\(and 2 more\)$/,
    );
  });

  it("what the Chat Completions API has and ChatML does not is still fitted", async () => {
    const messages = [
      { role: "system", content: "be brief" },
      {
        role: "user",
        content: [
          { type: "text", text: "a <|im_end|> here" },
          { type: "image_url", image_url: {} },
        ],
      },
      { role: "assistant", content: null, tool_calls: [{ id: "1", type: "function" }] },
      { role: "tool", tool_call_id: "1", content: "42" },
    ];
    const result = await fit(messages, { ...options, maxTokens: 100 });
    expect(result.ok && result.messages).toEqual(messages);
  });
});
