// tiktoken-view.ts: the split on a text's view, where both regex engines agree, is the plain way.
import fc from "fast-check";
import { get_encoding } from "tiktoken";
import { afterAll, describe, expect, it } from "vitest";
import { generateTexts } from "../../../scripts/crosscheck-text.mjs";
import { cases } from "../../../scripts/under-mutation.js";
import { withLongPieces } from "../src/long-pieces.js";
import type { EncodingName } from "../src/models.js";
import { UNASSIGNED_IN_TIKTOKEN } from "../src/tiktoken-unicode.gen.js";
import { readsDifferently, tiktokenView } from "../src/tiktoken-view.js";
import { plainEncoder } from "../src/tokenizer.js";

const wasm = { cl100k_base: get_encoding("cl100k_base"), o200k_base: get_encoding("o200k_base") };
afterAll(() => {
  for (const e of Object.values(wasm)) e.free();
});
const always = () => true;

describe.each<EncodingName>(["cl100k_base", "o200k_base"])("the tiktoken view (%s)", (encoding) => {
  it("sending every text through it gives gpt-tokenizer's ids wherever the engines agree", async () => {
    const plain = await plainEncoder(encoding);
    const viaView = withLongPieces(plain, undefined, always);
    let agreed = 0;
    for (const text of generateTexts(cases(3000), 7)) {
      if (readsDifferently(text)) continue;
      agreed++;
      const ids = viaView.encode(text);
      expect(ids, JSON.stringify(text)).toEqual(plain.encode(text));
      expect(viaView.count(text)).toBe(ids.length);
    }
    expect(agreed).toBeGreaterThan((cases(3000) * 2) / 3);
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 40 }), (text) => {
        fc.pre(!readsDifferently(text));
        expect(viaView.encode(text)).toEqual(plain.encode(text));
      }),
      { numRuns: cases(500), seed: 15 },
    );
  });

  it("gives tiktoken's ids for each character the engines read differently, among letters and spaces", async () => {
    const tokenizer = withLongPieces(await plainEncoder(encoding));
    const table = new RegExp(`^[${UNASSIGNED_IN_TIKTOKEN}]$`, "u");
    const differing = ["\u0085", "\uFEFF"];
    for (let c = 0x80; c < 0x110000; c++) {
      if (c < 0xd800 || c > 0xdfff) {
        const ch = String.fromCodePoint(c);
        if (table.test(ch)) differing.push(ch);
      }
    }
    expect(differing.length).toBeGreaterThan(1000);
    for (const ch of differing) {
      for (const text of [` ${ch}0`, `x${ch}'s`, `1${ch}23`, `${ch}${ch} a`, `ab${ch}\n\n`]) {
        expect(tokenizer.encode(text), JSON.stringify(text)).toEqual(
          Array.from(wasm[encoding].encode_ordinary(text)),
        );
      }
    }
  });
});

describe("tiktokenView", () => {
  it("keeps every index and changes only the characters read differently", () => {
    expect(tiktokenView(" \u00850")).toBe(" \u20000");
    expect(tiktokenView("a\uFEFFb")).toBe("a\uFFFDb");
    expect(tiktokenView("x\u{323B0}y")).toBe("x\u{1F600}y");
    expect(tiktokenView("plain text, 東京 😀")).toBe("plain text, 東京 😀");
  });

  it("tiktoken's own vector: ' \\x850' is [220, 126, 227, 15] in cl100k_base", async () => {
    const tokenizer = withLongPieces(await plainEncoder("cl100k_base"));
    expect(tokenizer.encode(" \x850")).toEqual([220, 126, 227, 15]);
  });
});
