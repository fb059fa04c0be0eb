// invisible-character, character by character: the edges of each range beyond the BMP, and the
// words each kind of character gets (a named one with its code point, a control by its code
// point, DELETE by name, a bidi control as Trojan Source).
import { describe, expect, it } from "vitest";
import { validate } from "../src/index.js";

async function found(ch: string) {
  const content = `a${ch}b`;
  const result = await validate([{ role: "user", content }]);
  return result.diagnostics
    .filter((d) => d.code === "invisible-character")
    .map((d) => [d.start, d.end, d.message]);
}

const astral = (cp: number) =>
  `invisible format character U+${cp.toString(16).toUpperCase()}: the text is not what it looks like`;

describe("invisible characters beyond the BMP", () => {
  it.each([
    ["shorthand format controls", 0x1bca0, 0x1bca3],
    ["musical symbol formatting", 0x1d173, 0x1d17a],
    ["Egyptian hieroglyph format controls", 0x13430, 0x1343f],
  ])("%s: both ends of the range, and nothing just outside it", async (_, first, last) => {
    for (const cp of [first, last]) {
      expect(await found(String.fromCodePoint(cp)), cp.toString(16)).toEqual([[1, 3, astral(cp)]]);
    }
    for (const cp of [first - 1, last + 1])
      expect(await found(String.fromCodePoint(cp)), cp.toString(16)).toEqual([]);
  });

  it("the musical null notehead, which has no glyph, and not its neighbours", async () => {
    expect(await found("\u{1d159}")).toEqual([[1, 3, astral(0x1d159)]]);
    expect(await found("\u{1d158}")).toEqual([]);
    expect(await found("\u{1d15a}")).toEqual([]);
  });
});

describe("the words for each kind", () => {
  it.each([
    [
      "a named character, with its code point",
      "\u200b",
      "invisible ZERO WIDTH SPACE (U+200B): the text is not what it looks like",
    ],
    [
      "a named character below U+1000, its code point padded to four digits",
      "\u034f",
      "invisible COMBINING GRAPHEME JOINER (U+034F): the text is not what it looks like",
    ],
    [
      "a control character, by its four-digit code point",
      "\u0001",
      "invisible control character U+0001: the text is not what it looks like",
    ],
    ["DELETE, by name", "\u007f", "invisible DELETE control character: the text is not what it looks like"],
    [
      "the first bidi embedding",
      "\u202a",
      "invisible bidi control U+202A LEFT-TO-RIGHT EMBEDDING: it reorders how the text displays (Trojan Source)",
    ],
    [
      "the last bidi override",
      "\u202e",
      "invisible bidi control U+202E RIGHT-TO-LEFT OVERRIDE: it reorders how the text displays (Trojan Source)",
    ],
    [
      "an isolate with no partner",
      "\u2069",
      "invisible bidi control U+2069 POP DIRECTIONAL ISOLATE: it reorders how the text displays (Trojan Source)",
    ],
  ])("%s", async (_, ch, message) => {
    expect(await found(ch)).toEqual([[1, 2, message]]);
  });
});
