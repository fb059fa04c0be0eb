// The special-token rule with an open model's tokenizer.json: its added tokens are special tokens
// in text too, the longest one spelled at a place is the one reported, and the tags a profile
// gives meaning to are structural-tag's alone.
import { describe, expect, it } from "vitest";
import { tinyTokenizerJson } from "../../../scripts/tiny-tokenizer.js";
import { tokenizerFromJson, validate } from "../src/index.js";

/** The tiny tokenizer, with added tokens of its own after its usual ones. */
async function tokenizerWith(extra: readonly string[]) {
  const json = tinyTokenizerJson();
  const added = json.added_tokens as { id: number; content: string }[];
  const next = Math.max(...added.map((t) => t.id)) + 1;
  const more = extra.map((content, i) => ({
    id: next + i,
    content,
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized: false,
    special: true,
  }));
  return tokenizerFromJson({ ...json, added_tokens: [...added, ...more] }, {}, { name: "tiny" });
}

async function found(content: string, options: Parameters<typeof validate>[1]) {
  const result = await validate([{ role: "user", content }], options);
  return result.diagnostics.map((d) => [d.code, d.start, d.end]);
}

describe("an open model's added tokens in text", () => {
  it("reports the longest token spelled at a place, whichever the file lists first", async () => {
    for (const order of [
      ["[A]", "[A][B]"],
      ["[A][B]", "[A]"],
    ]) {
      const tokenizer = await tokenizerWith(order);
      expect(await found("x [A][B] y", { tokenizer })).toEqual([["special-token", 2, 8]]);
      expect(await found("x [A] y", { tokenizer })).toEqual([["special-token", 2, 5]]);
    }
  });

  it("leaves a profile's own tags to structural-tag, even where the vocabulary has them", async () => {
    const tokenizer = await tokenizerWith([]);
    const content = "call <tool_call> now";
    expect(await found(content, { tokenizer })).toEqual([["special-token", 5, 16]]);
    expect(await found(content, { tokenizer, profile: "qwen2.5" })).toEqual([["structural-tag", 5, 16]]);
  });
});
