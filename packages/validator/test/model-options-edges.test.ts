// Models named through the other ways in: a body's model chatmlkit cannot count for (the
// unknown-model rule), the model a count judges by (countModel), a tokenizer.json's model
// (jsonTokenizerModel), and a tokenizer.json asked for a layout its added tokens cannot write.
import { describe, expect, it } from "vitest";
import { tinyTokenizerJson } from "../../../scripts/tiny-tokenizer.js";
import { countModel, jsonTokenizerModel } from "../src/count.js";
import { compileToTokens, loadTokenizer, tokenizerFromJson, validate } from "../src/index.js";
import { refused } from "./refused.js";

const messages = [{ role: "user", content: "Hello there" }];

describe("the unknown-model rule", () => {
  it("a body's model of an encoding with no ChatML tokens says so, with no suggestion", async () => {
    const result = await validate({ model: "text-davinci-003", messages });
    const found = result.diagnostics.filter((d) => d.code === "unknown-model");
    expect(found.map((d) => [d.severity, d.path])).toEqual([["warning", "$.model"]]);
    expect(found[0]?.message).toMatch(
      /^model "text-davinci-003" uses the p50k_base encoding, which has no ChatML special tokens, so the prompt was not counted/,
    );
    expect(found[0]?.message).not.toMatch(/did you mean/i);
  });
});

describe("countModel", () => {
  it("is the tokenizer's model when one is given, else the named one", async () => {
    const tokenizer = await loadTokenizer("cl100k_base");
    expect(countModel({ tokenizer })).toMatchObject({ name: "custom", encoding: "cl100k_base" });
    expect(countModel({ tokenizer, model: "gpt-4" })).toMatchObject({ name: "gpt-4", contextWindow: 8192 });
    expect(countModel({ model: "gpt-4o" })).toMatchObject({ name: "gpt-4o", encoding: "o200k_base" });
    expect(refused(() => countModel({ tokenizer, model: "gpt-4o" }))).toEqual([
      "invalid-option",
      "gpt-4o counts with o200k_base, and the tokenizer given is cl100k_base",
    ]);
  });
});

describe("jsonTokenizerModel", () => {
  it("takes an unknown name with a window, refuses it without, and passes any other refusal on", () => {
    expect(jsonTokenizerModel({ model: "Qwen/Qwen3-8B", contextWindow: 32768 })).toMatchObject({
      name: "Qwen/Qwen3-8B",
      contextWindow: 32768,
    });
    expect(refused(() => jsonTokenizerModel({ model: "Qwen/Qwen3-8B" }))[1]).toMatch(
      /^unknown model "Qwen\/Qwen3-8B".* \(with a tokenizer\.json, a model chatmlkit does not know needs only its context window\)$/,
    );
    expect(refused(() => jsonTokenizerModel({ model: "text-davinci-003" }))[0]).toBe("unsupported-encoding");
    expect(refused(() => jsonTokenizerModel({ model: "gpt-4o", contextWindow: -1 }))[0]).toBe(
      "invalid-option",
    );
  });
});

describe("a tokenizer.json without <|im_sep|>", () => {
  it("cannot write the chatml-sep dialect: an option error naming the token", async () => {
    const tokenizer = await tokenizerFromJson(tinyTokenizerJson(), {}, { name: "tiny" });
    await expect(compileToTokens(messages, { tokenizer, dialect: "chatml-sep" })).rejects.toMatchObject({
      code: "invalid-option",
      message: "tiny has no <|im_sep|> among its added tokens: this model does not read that layout",
    });
    expect((await compileToTokens(messages, { tokenizer })).ids.length).toBeGreaterThan(0);
  });
});
