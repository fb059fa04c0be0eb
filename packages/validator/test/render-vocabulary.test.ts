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
