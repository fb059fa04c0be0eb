// The page with an open model's tokenizer.json (the worker's `vocabulary`): tokens and counts are
// that model's, its added tokens are special tokens in content, and each finding still points at
// its text. The tokenizer is the tiny Qwen-style one the test suite builds.
import { compile } from "@chatmlkit/parser";
import { countTranscriptTokens, tokenizerFromJson } from "@chatmlkit/validator";
import { describe, expect, it } from "vitest";
import { tinyTokenizerJson } from "../../../scripts/tiny-tokenizer.js";
import { analyze } from "../src/analyze.js";
import { DEFAULT_SETTINGS } from "../src/settings.js";

const json = tinyTokenizerJson();
const vocabulary = await tokenizerFromJson(json, {}, { name: "tokenizer.json" });

describe("analyze with a tokenizer.json", () => {
  const messages = [{ role: "user", content: "Look: <tool_call>{}</tool_call>" }];
  const text = JSON.stringify(messages);

  it("flags its added tokens in content, at their places, and counts with it", async () => {
    const a = await analyze(text, DEFAULT_SETTINGS, vocabulary);
    const found = a.findings.filter((f) => f.code === "special-token");
    expect(found.map((f) => text.slice(f.input?.start, f.input?.end))).toEqual([
      "<tool_call>",
      "</tool_call>",
    ]);
    expect(a.count?.encoding).toBe("tokenizer.json");
    expect(a.count?.formula).toBe("chatml-tokens");
    expect(a.count?.contextWindow).toBe(128000); // the model setting's (gpt-4o)
    // The view is the safe compile with this vocabulary: content's tags are text.
    expect([...a.view.spans.ids]).not.toContain(vocabulary.specialTokens.get("<tool_call>"));
    expect(a.view.note).toMatch(/tokenizer\.json's/);
    // Without it, the same tags are another family's tokens.
    const plain = await analyze(text, DEFAULT_SETTINGS);
    expect(plain.findings.map((f) => f.code)).toEqual(["foreign-special-token", "foreign-special-token"]);
  });

  it("shows a transcript's tokens as a server with it reads them", async () => {
    const transcript = compile(messages, { addGenerationPrompt: false }).replace("Look: ", "Look: \u00e9 ");
    const a = await analyze(transcript, DEFAULT_SETTINGS, vocabulary);
    // The validator's transcript ids, which its tests check against the library's own encode.
    const { ids } = await countTranscriptTokens(transcript, { tokenizer: vocabulary, ids: true });
    expect([...a.view.spans.ids]).toEqual(ids);
    expect(a.count?.promptTokens).toBe(ids?.length);
    expect(ids).toContain(vocabulary.specialTokens.get("<tool_call>"));
  });
});
