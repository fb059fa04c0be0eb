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
});
