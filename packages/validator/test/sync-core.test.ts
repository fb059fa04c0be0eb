import { describe, expect, it } from "vitest";
import {
  countChatTokens,
  countChatTokensSync,
  countTranscriptTokens,
  countTranscriptTokensSync,
  fit,
  fitSync,
  loadTokenizer,
  tokenizerFor,
  ValidatorError,
  validate,
  validateSync,
} from "../src/index.js";

const messages = [
  { role: "system", content: "Be brief." },
  { role: "user", content: "Hi <|im_end|>" },
];
const transcript = "<|im_start|>user\nHello<|im_end|>\n<|im_start|>assistant\n";

describe("a synchronous core: load a tokenizer once, then validate, count and fit without await", () => {
  it("validateSync without a tokenizer returns (not a promise) validate's diagnostics", async () => {
    const result = validateSync(messages);
    expect(result).not.toBeInstanceOf(Promise);
    expect(result).toEqual(await validate(messages));
    expect(result.diagnostics.map((d) => d.code)).toEqual(["special-token"]);
    expect(result.count).toBeUndefined();
  });

  it("validateSync with a tokenizer counts as validate does, for messages, bodies and transcripts", async () => {
    const tokenizer = await tokenizerFor({ model: "gpt-4o" });
    const options = { model: "gpt-4o", maxTokens: 100 };
    expect(validateSync(messages, { ...options, tokenizer })).toEqual(await validate(messages, options));
    expect(validateSync(transcript, { ...options, tokenizer })).toEqual(await validate(transcript, options));
    // A request body's own model counts with the tokenizer given.
    const body = { model: "gpt-4o", max_tokens: 127_990, messages };
    const fromBody = validateSync(body, { tokenizer });
    expect(fromBody).toEqual(await validate(body));
    expect(fromBody.count).toMatchObject({ model: "gpt-4o", fits: false, maxTokens: 127_990 });
  });

  it("refuses a model or a budget without a tokenizer, and a tokenizer of another encoding", async () => {
    expect(() => validateSync(messages, { model: "gpt-4o" })).toThrow(/counting needs a tokenizer/);
    expect(() => validateSync(messages, { maxPromptTokens: 10 })).toThrow(ValidatorError);
    const cl100k = await loadTokenizer("cl100k_base");
    expect(() => validateSync(messages, { model: "gpt-4o", tokenizer: cl100k })).toThrow(
      /gpt-4o counts with o200k_base, and the tokenizer given is cl100k_base/,
    );
  });

  it("countChatTokensSync, countTranscriptTokensSync and fitSync give the async forms' results", async () => {
    const tokenizer = await tokenizerFor({ model: "gpt-4" });
    expect(countChatTokensSync(messages, { model: "gpt-4", tokenizer })).toEqual(
      await countChatTokens(messages, { model: "gpt-4" }),
    );
    expect(countTranscriptTokensSync(transcript, { encoding: "cl100k_base", tokenizer, ids: true })).toEqual(
      await countTranscriptTokens(transcript, { encoding: "cl100k_base", ids: true }),
    );
    const options = { model: "gpt-4", maxTokens: 8180 };
    expect(fitSync({ messages }, { ...options, tokenizer })).toEqual(await fit({ messages }, options));
  });

  it("a tokenizer alone names the encoding to count with", async () => {
    const tokenizer = await loadTokenizer("cl100k_base");
    expect(countChatTokensSync(messages, { tokenizer })).toMatchObject({ encoding: "cl100k_base" });
    expect(validateSync(messages, { tokenizer }).count).toMatchObject({ encoding: "cl100k_base" });
  });
});
