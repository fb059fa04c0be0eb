import fc from "fast-check";
import realStringWidth from "string-width";
import { describe, expect, it } from "vitest";
import stringWidth from "../src/output/string-width.js";

// The bundle's stand-in for string-width (see src/output/string-width.ts) must measure as it does.
describe("stringWidth", () => {
  it("measures printable ASCII, ANSI colours, CJK, emoji and controls as string-width does", () => {
    for (const text of [
      "",
      "chatml count [files..]",
      "\u001b[31mred\u001b[39m",
      "漢字",
      "👩‍💻",
      "a\tb",
      "é",
      "\u0000",
    ]) {
      expect(stringWidth(text), JSON.stringify(text)).toBe(realStringWidth(text));
    }
  });

  it("agrees with string-width on any text", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme-composite" }), (text) => {
        expect(stringWidth(text)).toBe(realStringWidth(text));
      }),
    );
    fc.assert(
      fc.property(fc.string({ unit: "binary-ascii" }), (text) => {
        expect(stringWidth(text)).toBe(realStringWidth(text));
      }),
    );
  });
});
