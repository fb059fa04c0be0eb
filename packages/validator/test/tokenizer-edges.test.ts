// Edges of tokenizer.ts's helpers: an encoding's byteLength of ids that are no text (special
// tokens, ids past the table), and stripRange where an added token's strip takes all the text.
import { describe, expect, it } from "vitest";
import { loadTokenizer, stripRange } from "../src/tokenizer.js";

describe("an encoding's byteLength", () => {
  it("is the bytes of a text id, and 0 for a special token's id or an id past the table", async () => {
    const cl100k = await loadTokenizer("cl100k_base");
    const [hello] = cl100k.encodeText("Hello");
    expect(cl100k.byteLength(hello as number)).toBe(5);
    expect(cl100k.byteLength(cl100k.specialTokens.get("<|im_start|>") as number)).toBe(0);
    expect(cl100k.byteLength(10_000_000)).toBe(0);
  });
});

describe("stripRange", () => {
  const strips = new Map([
    ["<A>", { lstrip: false, rstrip: true }],
    ["<B>", { lstrip: true, rstrip: false }],
  ]);

  it("takes the whitespace an added token beside the text strips", () => {
    expect(stripRange(strips, "  x  ", { first: false, before: "<A>", after: "<B>" })).toEqual([2, 3]);
    expect(stripRange(strips, "  x  ", { first: false, before: "<B>", after: "<A>" })).toEqual([0, 5]);
    expect(stripRange(strips, "  x  ", undefined)).toEqual([0, 5]);
  });

  it("an empty range, not a reversed one, when the strips take all of it", () => {
    expect(stripRange(strips, "   ", { first: false, before: "<A>", after: "<B>" })).toEqual([3, 3]);
    expect(stripRange(strips, "   ", { first: false, before: "<A>" })).toEqual([3, 3]);
    expect(stripRange(strips, "   ", { first: false, after: "<B>" })).toEqual([0, 0]);
  });
});
