// utf8Length counts UTF-8 bytes without encoding: equal to TextEncoder's count at each boundary
// of the encoding's lengths (1, 2, 3 and 4 bytes) and over random text.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { utf8Length } from "../src/tokenizer.js";

const encoded = (text: string) => new TextEncoder().encode(text).length;

describe("utf8Length", () => {
  it("at each boundary of the byte lengths", () => {
    for (const cp of [0, 0x7f, 0x80, 0x7ff, 0x800, 0xfffd, 0xffff, 0x10000, 0x10ffff]) {
      const ch = String.fromCodePoint(cp);
      expect(utf8Length(ch), cp.toString(16)).toBe(encoded(ch));
    }
    expect([0x7f, 0x80, 0x800, 0x10000].map((cp) => utf8Length(String.fromCodePoint(cp)))).toEqual([
      1, 2, 3, 4,
    ]);
  });

  it("over any well-formed text", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (text) => {
        expect(utf8Length(text)).toBe(encoded(text));
      }),
      { seed: 3 },
    );
  });
});
