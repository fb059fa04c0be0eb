import { describe, expect, it } from "vitest";
import { tokenize } from "../src/lexer.js";

describe("lexer", () => {
  it("matches every UTF-16 code unit in every mode, so no byte is ever dropped", () => {
    let all = "";
    for (let c = 0; c < 0x10000; c++) all += String.fromCharCode(c);
    // outside, header (after <|im_start|>) and content (after the newline)
    for (const prefix of ["", "<|im_start|>", "<|im_start|>user\n"]) {
      const { tokens, errors } = tokenize(prefix + all);
      expect(errors).toEqual([]);
      expect(tokens.map((t) => t.image).join("")).toBe(prefix + all);
    }
  });

  /** Each token's type and image. */
  const lexed = (text: string) => tokenize(text).tokens.map((t) => [t.tokenType.name, t.image]);

  it("text outside messages ends at a stray <|im_end|> or <|im_sep|>, and only at a whole special token", () => {
    expect(lexed("ab<|im_sep|>cd<|im_end|>")).toEqual([
      ["OutsideText", "ab"],
      ["StrayImSep", "<|im_sep|>"],
      ["OutsideText", "cd"],
      ["StrayImEnd", "<|im_end|>"],
    ]);
    // Spelled like a token but one letter off: text, whatever letter follows `<|im_`.
    for (const text of ["x<|im_xtart|>", "x<|im_xep|>", "x<|im_sxp|>", "x<|im_e|>", "x<|im_sep"])
      expect(lexed(text), text).toEqual([["OutsideText", text]]);
  });

  it("content ends at <|im_end|> or <|im_start|>, not at <|im_sep|>, which is content", () => {
    expect(lexed("<|im_start|>user\na<|im_sep|>b<|im_xtart|>c<|im_end|>").slice(3)).toEqual([
      ["ContentText", "a<|im_sep|>b<|im_xtart|>c"],
      ["ContentImEnd", "<|im_end|>"],
    ]);
  });
});
