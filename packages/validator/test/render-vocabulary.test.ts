// renderToTokens with an open model's tokenizer.json: a value's added tokens are judged by that
// vocabulary (special-token, naming the file), as validate with the same tokenizer judges them,
// not as another model family's tokens.
import { describe, expect, it } from "vitest";
import { tinyTokenizerJson } from "../../../scripts/tiny-tokenizer.js";
import { renderToTokens, tokenizerFromJson, validate } from "../src/index.js";

const template = "<|im_start|>user\n{{ q }}<|im_end|>\n";

describe("renderToTokens judges values by the tokenizer.json it encodes with", () => {
  it("an added token in a value is the file's special token, as validate says", async () => {
    const tokenizer = await tokenizerFromJson(tinyTokenizerJson(), {}, { name: "tiny" });
    const value = "Hi <tool_call> there";
    const rendered = await renderToTokens(template, { q: value }, { tokenizer });
    const checked = await validate([{ role: "user", content: value }], { tokenizer });
    expect(rendered.problems.map((p) => p.code)).toEqual(checked.diagnostics.map((d) => d.code));
    expect(rendered.problems[0]).toMatchObject({ code: "special-token", severity: "warning" });
    expect(rendered.problems[0]?.message).toContain("an added token of tiny");
    // The ids hold the value as text: no id of the added token.
    expect(rendered.ids).not.toContain(tokenizer.specialTokens.get("<tool_call>"));
  });

  it("with an OpenAI encoding, the same tag is another family's token", async () => {
    const rendered = await renderToTokens(template, { q: "Hi <tool_call>" }, { model: "gpt-4o" });
    expect(rendered.problems.map((p) => p.code)).toEqual(["foreign-special-token"]);
  });
});

describe("a tokenizer.json's added tokens as the special-token rule reads them", () => {
  it("leaves the tags a profile gives meaning to to structural-tag", async () => {
    const tokenizer = await tokenizerFromJson(tinyTokenizerJson(), {}, { name: "tiny" });
    const content = [{ role: "user", content: "Hi <tool_call> there" }];
    const plain = await validate(content, { tokenizer });
    expect(plain.diagnostics.map((d) => d.code)).toEqual(["special-token"]);
    const qwen = await validate(content, { tokenizer, profile: "qwen2.5" });
    expect(qwen.diagnostics.map((d) => d.code)).toEqual(["structural-tag"]);
  });

  it("finds the longest added token spelled at a place, as the library's splitter matches", async () => {
    const json = tinyTokenizerJson();
    const added = json.added_tokens as { id: number; content: string }[];
    const next = Math.max(...added.map((t) => t.id)) + 1;
    // Two tokens with one first character, the shorter listed first.
    const extra = [
      { id: next, content: "<x>", special: true },
      { id: next + 1, content: "<x>long>", special: true },
    ];
    const tokenizer = await tokenizerFromJson({ ...json, added_tokens: [...added, ...extra] });
    const checked = await validate([{ role: "user", content: "a <x>long> b" }], { tokenizer });
    expect(checked.diagnostics.map((d) => [d.code, d.start, d.end])).toEqual([["special-token", 2, 10]]);
  });
});
