// lookalikeAt and readLookalike at their edges: where a candidate starts and ends, the exact
// spelling, and the bounds of what a candidate may hold. The look-alike rule's tests see these
// through validate, which only asks at openers; these functions are exported, so they are
// right on their own.
import { describe, expect, it } from "vitest";
import { lookalikeAt, mayStartName, readLookalike } from "../src/lookalike.js";

const FULLWIDTH_LT = "＜";

describe("readLookalike", () => {
  it.each([true, false])("reads nothing where no opener is (quick %s)", (quick) => {
    // A space, then a token: readers drop the space, but the text at 0 does not open anything.
    expect(readLookalike(" <|im_end|>", 0, quick)).toBeUndefined();
    expect(readLookalike("x＜|im_end|>", 0, quick)).toBeUndefined();
    expect(readLookalike("x＜|im_end|>", 1, quick)).toEqual({ token: "<|im_end|>", end: 11 });
  });

  it.each([true, false])("the exact spelling is no look-alike (quick %s)", (quick) => {
    expect(readLookalike("<|im_end|>", 0, quick)).toBeUndefined();
    expect(readLookalike("say <|endoftext|> now", 4, quick)).toBeUndefined();
  });

  it("a closer past 1,024 characters (what readers drop counted) ends no candidate", () => {
    const spaces = (n: number) => `${FULLWIDTH_LT}|im_end|${" ".repeat(n)}>x`;
    expect(readLookalike(spaces(1000), 0)).toEqual({ token: "<|im_end|>", end: 1000 + 10 });
    expect(readLookalike(spaces(1100), 0)).toBeUndefined();
    expect(readLookalike(spaces(1100), 0, false)).toBeUndefined();
  });

  it("a second opener ends the search", () => {
    expect(readLookalike(`${FULLWIDTH_LT}|im_${FULLWIDTH_LT}end|>`, 0, false)).toBeUndefined();
    expect(readLookalike(`${FULLWIDTH_LT}|im_<end|>`, 0, false)).toBeUndefined();
  });

  it("the look-alike ends just past its closer, an astral one included", () => {
    expect(readLookalike(`${FULLWIDTH_LT}|im_end|＞ tail`, 0)).toEqual({ token: "<|im_end|>", end: 10 });
  });
});

describe("lookalikeAt", () => {
  it("says why in words", () => {
    const finding = (text: string) => lookalikeAt(text, 0)?.message;
    expect(finding("＜|im_end|>")).toBe(
      '"＜|im_end|>" looks like the special token <|im_end|> (NFKC normalises it); a lenient normaliser or a person reads it as one',
    );
    expect(finding("<|IM_END|>")).toBe(
      '"<|IM_END|>" looks like the special token <|im_end|> (case differs); a lenient normaliser or a person reads it as one',
    );
    expect(finding("<|im-end|>")).toBe(
      '"<|im-end|>" looks like the special token <|im_end|> (delimiters or separators differ); a lenient normaliser or a person reads it as one',
    );
    expect(finding("<|im end|>")).toBe(
      '"<|im end|>" looks like the special token <|im_end|> (spaces inside, delimiters or separators differ); a lenient normaliser or a person reads it as one',
    );
  });

  it("spans the candidate, from the opener to past the closer", () => {
    expect(lookalikeAt("ab＜|im_end|>cd", 2)).toMatchObject({
      rule: "special-token-lookalike",
      start: 2,
      end: 12,
    });
    expect(lookalikeAt("<|im_end|>", 0)).toBeUndefined();
  });
});

describe("mayStartName", () => {
  it("is a letter some reader reads as a token's first letter", () => {
    expect(["i", "I", "e", "f", "ı"].map(mayStartName)).toEqual([true, true, true, true, true]);
    expect(["q", "z", "<", " "].map(mayStartName)).toEqual([false, false, false, false]);
  });
});

describe("the readers a character at a time", () => {
  it("join two kinds of substitution no single reader of the whole text joins", () => {
    // І (Cyrillic) reads as i only case folded, М (Cyrillic) as m only through the confusables.
    expect(readLookalike("<|ІМ_END|>", 0)).toEqual({ token: "<|im_end|>", end: 10 });
    // ˛ reads as i only in the plain skeleton, Ｍ as m only case folded.
    expect(readLookalike("<|f˛Ｍ_prefix|>", 0)).toEqual({ token: "<|fim_prefix|>", end: 14 });
  });
});
