// Results of the counting functions at their edges: a transcript whose parse has only warnings
// (no note that it broke), a tokenizer.json count (no note of OpenAI's engine), and whether
// compileToTokens names the model.
import { describe, expect, it } from "vitest";
import { tinyTokenizerJson } from "../../../scripts/tiny-tokenizer.js";
import { compileToTokens, countTranscriptTokens, tokenizerFromJson } from "../src/index.js";

describe("countTranscriptTokens' notes", () => {
  it("a parse warning is no broken transcript: no note", async () => {
    // A repeated attribute is a warning (duplicate-header-attribute).
    const text = "<|im_start|>user a=1 a=2\nhi<|im_end|>\n";
    const count = await countTranscriptTokens(text, { encoding: "cl100k_base" });
    expect(count.notes).toEqual([]);
  });

  it("a tokenizer.json count says nothing of OpenAI's engine", async () => {
    const tokenizer = await tokenizerFromJson(tinyTokenizerJson(), {}, { name: "tiny" });
    const count = await countTranscriptTokens("<|im_start|>user\nhi<|im_end|>", { tokenizer });
    expect(count.notes).toEqual([]);
  });
});

describe("compileToTokens' result", () => {
  it("names the model when one was given, and only then", async () => {
    const messages = [{ role: "user", content: "hi" }];
    const named = await compileToTokens(messages, { model: "gpt-4o" });
    expect([named.encoding, named.model]).toEqual(["o200k_base", "gpt-4o"]);
    const unnamed = await compileToTokens(messages, { encoding: "o200k_base" });
    expect("model" in unnamed).toBe(false);
    expect(unnamed.ids).toEqual(named.ids);
  });
});
