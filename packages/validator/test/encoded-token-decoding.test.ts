import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fuzzRuns } from "../../parser/test/arbitraries.js";
import { decodeLayer, encodedTokenAt } from "../src/encoded-token.js";

/** Every byte of `text`'s UTF-8, percent-encoded (what a URL encoder that escapes everything writes). */
const percentEncoded = (text: string) =>
  [...new TextEncoder().encode(text)]
    .map((b) => `%${b.toString(16).toUpperCase().padStart(2, "0")}`)
    .join("");

/** Bytes, percent-encoded, from their hex. */
const bytes = (hex: string) => hex.replace(/(..)/g, "%$1");

describe("encoded tokens: one layer of percent-decoding reads UTF-8 as a URL decoder does", () => {
  it("any text, its UTF-8 percent-encoded, decodes to itself, each character from its first byte (fast-check)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 12 }), (text) => {
        const encoded = percentEncoded(text);
        const { text: decoded, from } = decodeLayer(encoded);
        expect(decoded).toBe(text);
        // Each UTF-16 unit maps to its code point's first byte, three characters per byte.
        const expected: number[] = [];
        let byte = 0;
        for (const ch of text) {
          for (let k = 0; k < ch.length; k++) expected.push(byte * 3);
          byte += new TextEncoder().encode(ch).length;
        }
        expected.push(encoded.length);
        expect(from).toEqual(expected);
      }),
      fuzzRuns(500),
    );
  });

  it("the boundaries of each length of sequence decode to their code points", () => {
    const points = [0x41, 0x7f, 0x80, 0x7ff, 0x800, 0xfff, 0x1000, 0xd7ff, 0xe000, 0xffff, 0x10000, 0x3ffff];
    points.push(0x40000, 0xfffff, 0x100000, 0x10ffff, 0x1d236 /* 𝈶, read as `<` */);
    for (const point of points) {
      const ch = String.fromCodePoint(point);
      expect(decodeLayer(percentEncoded(ch)).text, point.toString(16)).toBe(ch);
    }
  });

  it("overlong forms are read as the character they spell, as a lax decoder reads them", () => {
    expect(decodeLayer(bytes("C0BC")).text).toBe("<");
    expect(decodeLayer(bytes("C0BE")).text).toBe(">");
    expect(decodeLayer(bytes("C1BC")).text).toBe("|");
    expect(decodeLayer(bytes("E080BC")).text).toBe("<");
    expect(decodeLayer(bytes("F08080BC")).text).toBe("<");
  });

  it("bytes that are no UTF-8 are each read as the character of their value", () => {
    const cases: ReadonlyArray<readonly [hex: string, why: string]> = [
      ["80", "a continuation byte alone"],
      ["BF41", "a continuation byte, then a letter"],
      ["E282", "a sequence cut short at the end"],
      ["F09F98", "a four-byte sequence cut short"],
      ["E228A1", "a lead byte whose next byte does not continue it"],
      ["E282E282", "two cut sequences"],
      ["EDA080", "the first surrogate, D800"],
      ["EDBFBF", "the last surrogate, DFFF"],
      ["F4908080", "past U+10FFFF"],
      ["F5808080", "F5 leads nothing"],
      ["F88080", "F8 leads nothing (not a three-byte sequence)"],
      ["F88080BC", "F8 leads nothing (not a four-byte sequence spelling '<')"],
      ["FF", "FF"],
    ];
    for (const [hex, why] of cases) {
      const latin1 = hex.replace(/(..)/g, (b) => String.fromCharCode(Number.parseInt(b, 16)));
      expect(decodeLayer(bytes(hex)).text, `${hex}: ${why}`).toBe(latin1);
    }
    // After a byte that is no UTF-8, decoding goes on at the next byte.
    expect(decodeLayer(bytes("E2E282AC")).text).toBe("\u00e2€");
  });
});

describe("encoded tokens: HTML references and backslash escapes", () => {
  it("numeric references and escapes of a surrogate or past U+10FFFF are left as they are", () => {
    for (const text of [
      "&#xD800;",
      "&#xDFFF;",
      "&#55296;",
      "&#x110000;",
      "&#1114112;",
      "\\uD800",
      "\\uDFFF",
      "\\U00110000",
    ])
      expect(decodeLayer(text).text, text).toBe(text);
  });

  it("the last code point and the code points beside the surrogates are decoded", () => {
    const cases: ReadonlyArray<readonly [string, string]> = [
      ["&#x10FFFF;", "\u{10ffff}"],
      ["&#1114111;", "\u{10ffff}"],
      ["&#xD7FF;", "\ud7ff"],
      ["&#xE000;", "\ue000"],
      ["\\U0010FFFF", "\u{10ffff}"],
      ["\\u{1D236}", "\u{1d236}"],
      ["\\x3c", "<"],
      ["\\074", "<"],
      ["\\\\", "\\"],
    ];
    for (const [text, decoded] of cases) expect(decodeLayer(text).text, text).toBe(decoded);
  });
});

describe("encoded tokens: one encoded character is enough", () => {
  // Each token with a single one of its characters encoded, the rest literal.
  const cases = [
    "%3C|im_end|>",
    "&lt;|im_end|>",
    "\\u003c|im_end|>",
    "<|im_end|%3E",
    "<|im_end&#124;>",
    "<&vert;im_start|>",
    "%C0%BC|im_end|>",
    // An opener outside the BMP (𝈶, U+1D236), encoded: its first UTF-16 unit alone is no opener.
    `${percentEncoded("\u{1d236}")}|im_end|>`,
    "&#x1D236;|im_end|>",
  ];
  for (const text of cases)
    it(`${text} is found at 0, spanning all of it`, () => {
      const found = encodedTokenAt(text, 0);
      expect(found).toMatchObject({ rule: "special-token-lookalike", start: 0, end: text.length });
      expect(encodedTokenAt(text, 0, false)).toEqual(found);
    });

  it("an `&`, `%` or `\\` that starts no encoded character starts no token, even with one just after", () => {
    const cases: ReadonlyArray<readonly [string, number]> = [
      ["& %3C|im_end|%3E", 2],
      ["%%3C|im_end|%3E", 1],
      ["\\q%3C|im_end|%3E", 2],
      ["&x&lt;|im_end|&gt;", 2],
    ];
    for (const [text, token] of cases) {
      expect(encodedTokenAt(text, 0), text).toBeUndefined();
      expect(encodedTokenAt(text, token), text).toMatchObject({ start: token, end: text.length });
    }
  });
});

describe("encoded tokens: what encodedTokenAt leaves to other rules, and how deep it reads", () => {
  it("a token spelled out is not encoded, though decoding changes text after it", () => {
    expect(encodedTokenAt("<|im_end|> &lt;", 0)).toBeUndefined();
    expect(encodedTokenAt("<|im_end|> &lt;", 0, false)).toBeUndefined();
  });

  it("an encoded token right after a literal backslash is found at its own start", () => {
    const text = "\\&lt;|im_end|&gt;";
    expect(encodedTokenAt(text, 1)).toMatchObject({ start: 1, end: text.length });
  });

  it("the long window reaches past a closer spelled at its longest (zero-padded, three layers deep)", () => {
    // Each character encoded three times: the token's spelling is longer than the first window,
    // and its closer, `&#x26;#x26;#x00003e;`, is longer than the margin past the bracket's start.
    const thrice = (s: string) => [...s].map((c) => `&#x26;#x26;#x${c.charCodeAt(0).toString(16)};`).join("");
    for (const closer of ["&#x26;#x26;#x00003e;", "&#38;#38;#0000062;"]) {
      const spelled = thrice("<|im_end|") + closer;
      const text = `${spelled} and text after it ${"x".repeat(2000)}`;
      for (const quick of [true, false]) {
        expect(encodedTokenAt(text, 0, quick), closer).toMatchObject({ start: 0, end: spelled.length });
      }
    }
  });

  it("three layers are undone, a fourth is not", () => {
    const layered = (n: number) => `&${"amp;".repeat(n - 1)}lt;|im_end|&${"amp;".repeat(n - 1)}gt;`;
    expect(encodedTokenAt(layered(3), 0, false)?.message).toMatch(/encoded 3 times/);
    expect(encodedTokenAt(layered(4), 0, false)).toBeUndefined();
  });
});
