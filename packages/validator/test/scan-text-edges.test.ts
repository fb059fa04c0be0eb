// scanText at the edges of what it tells apart (found by mutation testing): surrogates at the ends
// of their ranges, an opener beyond the BMP, runs of one invisible character, isolates that pair.
import { describe, expect, it } from "vitest";
import { validate } from "../src/index.js";

/** Every finding on one user message's content: code, offsets, message, and the other places of a repeat. */
async function found(content: string) {
  const { diagnostics } = await validate([{ role: "user", content }]);
  return diagnostics.map((d) => [d.code, d.start, d.end, d.message, d.more ?? []]);
}
const lone = (half: "high" | "low", hex: string) =>
  `lone ${half} surrogate U+${hex} in content: it cannot be encoded as UTF-8`;

describe("surrogates: a pair is one character, each half alone is invalid-unicode", () => {
  it("a lone surrogate at each end of each half's range is named by its half", async () => {
    expect(await found("\ud800")).toEqual([["invalid-unicode", 0, 1, lone("high", "D800"), []]]);
    expect(await found("\udbff")).toEqual([["invalid-unicode", 0, 1, lone("high", "DBFF"), []]]);
    expect(await found("\udc00")).toEqual([["invalid-unicode", 0, 1, lone("low", "DC00"), []]]);
    expect(await found("\udfff")).toEqual([["invalid-unicode", 0, 1, lone("low", "DFFF"), []]]);
  });

  it("two low surrogates, or a high one before a character past the surrogates, are no pair", async () => {
    expect(await found("\udc00\udc00")).toEqual([
      ["invalid-unicode", 0, 1, `${lone("low", "DC00")} (and 1 more in this string)`, [{ start: 1, end: 2 }]],
    ]);
    expect(await found("\ud800\ue000")).toEqual([["invalid-unicode", 0, 1, lone("high", "D800"), []]]);
  });

  it("the pairs at the ends of the range are characters, with nothing to report", async () => {
    expect(await found("\u{10000}\u{10ffff}")).toEqual([]);
  });

  it("an opener beyond the BMP (U+1D236, read as '<') before a token's name is a look-alike", async () => {
    const [finding] = await found("\u{1d236}|im_end|>");
    expect(finding?.slice(0, 3)).toEqual(["special-token-lookalike", 0, 11]);
  });
});

describe("invisible characters in a row", () => {
  it("a run of one character is one finding with the other places of the run, each one character long", async () => {
    const zwsp = "invisible ZERO WIDTH SPACE (U+200B): the text is not what it looks like";
    expect(await found("a\u200b\u200b\u200bb")).toEqual([
      [
        "invisible-character",
        1,
        2,
        `${zwsp} (and 2 more in this string)`,
        [
          { start: 2, end: 3 },
          { start: 3, end: 4 },
        ],
      ],
    ]);
  });

  it("isolates are looked at one by one: of two openers and one closer, only the unclosed one is reported", async () => {
    const found2066 = await found("\u2066\u2066a\u2069");
    expect(found2066.map(([code, start, end, , more]) => [code, start, end, more])).toEqual([
      ["invisible-character", 0, 1, []],
    ]);
  });

  it("a run of variation selectors starting with U+FE0F is hidden data, as one starting with U+FE00 is", async () => {
    const [finding] = await found("a\ufe0f\ufe0f");
    expect(finding?.slice(0, 3)).toEqual(["invisible-character", 1, 3]);
  });
});

describe("'<|' with no name after it is skipped, and only that", () => {
  it("an invisible character before a bar is still reported", async () => {
    const [finding] = await found("a\u200b| b");
    expect(finding?.slice(0, 3)).toEqual(["invisible-character", 1, 2]);
  });

  it("a '<' after a bar, before an encoded bar, still starts an encoded token", async () => {
    // (`v` is no letter a token's name starts with: were the bar before the '<' taken for one after it,
    // the name check would skip this '<'.)
    const [finding] = await found("|<&vert;im_end|>");
    expect(finding?.slice(0, 3)).toEqual(["special-token-lookalike", 1, 16]);
  });
});
