// The long-piece path (src/long-pieces.ts) at its edges: the bound check, which pieces the
// plain encoder is handed, UTF-8 of every width, and the merge itself on made-up vocabularies
// where tie-breaking, stale heap entries and whole-piece tokens decide the ids.
import fc from "fast-check";
import { getEncoding } from "js-tiktoken";
import { describe, expect, it } from "vitest";
import { cases } from "../../../scripts/under-mutation.js";
import { type PlainEncoder, type RankArray, withLongPieces } from "../src/long-pieces.js";
import type { EncodingName } from "../src/models.js";
import { plainEncoder } from "../src/tokenizer.js";
import { pieces, recording } from "./plain-encoder-spy.js";

const ENCODINGS: EncodingName[] = ["cl100k_base", "o200k_base"];

describe("the bound", () => {
  it("is refused below 10 with a RangeError that names it", () => {
    const plain = null as unknown as PlainEncoder;
    expect(() => withLongPieces(plain, 9)).toThrow(
      new RangeError("long-piece bound must be at least 10, got 9"),
    );
    expect(() => withLongPieces(plain, Number.NaN)).toThrow(
      new RangeError("long-piece bound must be at least 10, got NaN"),
    );
  });

  it.each(ENCODINGS)(
    "of exactly 10 is accepted: a 10-letter word is merged here, to gpt-tokenizer's ids (%s)",
    async (encoding) => {
      const plain = await plainEncoder(encoding);
      const { spy, seen } = recording(plain);
      const fast = withLongPieces(spy, 10);
      const word = "xyzzyplugh";
      expect(fast.encode(word)).toEqual(plain.encode(word));
      expect(fast.count(word)).toBe(plain.encode(word).length);
      expect(seen).toEqual([]);
    },
  );
});

describe("which texts the plain encoder is handed (cl100k_base, bound 12)", () => {
  const X = "x".repeat(12);
  // Pieces: runs of ordinary pieces go whole, cut after a piece that does not end in
  // whitespace; the whitespace-ending pieces between such a cut and a long piece, and the long
  // piece, are merged here; an empty run is handed to no one.
  it.each([
    ["hello world", ["hello world"]],
    [`ab cd  ${X} ef`, ["ab cd", " ef"]],
    [`${X} ef`, [" ef"]],
    [`ab ${X}`, ["ab"]],
    [`ab  ${X}`, ["ab"]],
    [`ab\n  ${X}`, ["ab"]],
    [`ab\u3000\u3000${X}`, ["ab"]],
    [`ab 東京 ${X}`, ["ab 東京"]],
    [`ab é ${X}!`, ["ab é", "!"]],
  ])("%j: %j, and the ids are gpt-tokenizer's", async (text, handed) => {
    const plain = await plainEncoder("cl100k_base");
    const { spy, seen } = recording(plain);
    const fast = withLongPieces(spy, 12);
    const ids = fast.encode(text);
    expect(seen).toEqual(handed);
    expect(ids).toEqual(plain.encode(text));
    seen.length = 0;
    expect(fast.count(text)).toBe(ids.length);
    expect(seen).toEqual(handed);
  });

  // Texts whose long piece the cheap window check must still see (each is one long piece).
  it.each([
    ["a text exactly as long as the bound", 12, "x".repeat(12)],
    ["astral symbols filling the bound exactly", 10, "🏿".repeat(5)],
    ["astral symbols at bound 12", 12, "🏿".repeat(6)],
    [
      "the letters p and N, which the window regex without its u flag would read as literals",
      12,
      "pN".repeat(6),
    ],
    ["whitespace mixing U+3000 and spaces", 12, "\u3000 \u3000".repeat(4)],
    ["spaces only", 12, " ".repeat(12)],
  ])("never hands gpt-tokenizer a long piece: %s", async (_, bound, text) => {
    const plain = await plainEncoder("cl100k_base");
    expect(pieces(plain, text).some((p) => p.length >= bound)).toBe(true);
    const { spy, seen } = recording(plain);
    const fast = withLongPieces(spy, bound);
    expect(fast.encode(text)).toEqual(plain.encode(text));
    expect(fast.count(text)).toBe(plain.encode(text).length);
    for (const given of seen)
      for (const piece of pieces(plain, given)) expect(piece.length).toBeLessThan(bound);
  });
});

describe.each(ENCODINGS)("long pieces of every UTF-8 width (%s)", (encoding) => {
  // One of each for all the cases: building the rank table is the slow part.
  let made: Promise<{ plain: PlainEncoder; fast: ReturnType<typeof withLongPieces> }> | undefined;
  let js: ReturnType<typeof getEncoding> | undefined;
  const reference = () => (js ??= getEncoding(encoding));
  it.each([
    ["2-byte letters", "ж".repeat(12)],
    ["U+0800, the first 3-byte character", "\u0800".repeat(12)],
    ["U+07FF, the last 2-byte character", "\u07ff".repeat(12)],
    ["4-byte letters", "𝒜".repeat(6)],
    ["U+10FC00 (high surrogate U+DBFF)", "\u{10FC00}".repeat(6)],
    ["U+1D400 (low surrogate U+DC00)", "\u{1D400}".repeat(6)],
    ["U+1F3FF (low surrogate U+DFFF)", "\u{1F3FF}".repeat(6)],
    ["a lone low surrogate U+DFFF (U+FFFD as UTF-8)", `${"!".repeat(11)}\udfff`],
    ["a lone high surrogate U+DBFF", `${"!".repeat(11)}\udbff`],
    ["a lone high surrogate U+D800 before a letter", `${"!".repeat(11)}\ud800a`],
  ])("%s: gpt-tokenizer's ids", async (_, text) => {
    made ??= plainEncoder(encoding).then((plain) => ({ plain, fast: withLongPieces(plain, 10) }));
    const { plain, fast } = await made;
    expect(pieces(plain, text).some((p) => p.length >= 10)).toBe(true);
    const ids = fast.encode(text);
    expect(ids).toEqual(plain.encode(text));
    expect(fast.count(text)).toBe(ids.length);
    if (!/[\ud800-\udfff]/u.test(text)) expect(ids).toEqual(reference().encode(text, [], []));
  });
});

/**
 * tiktoken's rule, written plainly: the piece itself if it is a token; else, from single bytes,
 * merge the adjacent pair of lowest rank (leftmost on ties) until no pair is a token.
 */
function referenceMerge(bytes: string, rankOf: ReadonlyMap<string, number>): number[] {
  const whole = rankOf.get(bytes);
  if (whole !== undefined) return [whole];
  const parts = [...bytes];
  for (;;) {
    let best = -1;
    let at = -1;
    for (let i = 0; i + 1 < parts.length; i++) {
      const rank = rankOf.get(`${parts[i]}${parts[i + 1]}`);
      if (rank !== undefined && (best === -1 || rank < best)) {
        best = rank;
        at = i;
      }
    }
    if (at === -1) break;
    parts.splice(at, 2, `${parts[at]}${parts[at + 1]}`);
  }
  return parts.map((part) => rankOf.get(part) as number);
}

/** UTF-8 of `text`, one char per byte. */
const bytesOf = (text: string) => String.fromCharCode(...new TextEncoder().encode(text));

/**
 * A made-up vocabulary on cl100k_base's split: `tokens` at ranks 0, 1, ... in that order, then
 * every single byte (or only `bytes` of them), encoded by `referenceMerge`.
 */
function toyEncoder(split: RegExp, tokens: readonly string[], bytes = 256): PlainEncoder {
  const array: RankArray = [...tokens, ...Array.from({ length: bytes }, (_, b) => [b])];
  const rankOf = new Map(
    array.map((t, rank) => [typeof t === "string" ? bytesOf(t) : String.fromCharCode(...t), rank]),
  );
  const encode = (text: string) =>
    Array.from(text.matchAll(new RegExp(split.source, split.flags)), (m) =>
      referenceMerge(bytesOf(m[0]), rankOf),
    ).flat();
  return { splitRegex: split, ranks: () => array, encode, count: (text) => encode(text).length };
}

describe("the merge, on made-up vocabularies", () => {
  it.each([
    // No pair is a token, but the piece is: tiktoken looks the whole piece up first.
    ["a whole piece that is a token no merge reaches", ["xxxxxxxxxx"], "xxxxxxxxxx", [0]],
    // "ab" (rank 1) is queued at 0, 2, ...; "ba" merges first and "aba" is no token: those entries
    // are stale and must stay so (rank 1 is a pair here, unlike in OpenAI's vocabularies).
    [
      "stale entries of rank 1 after a part's pair stops being a token",
      ["ba", "ab", "ababa"],
      "ababababab",
      [100, 0, 0, 0, 0, 101],
    ],
    // "ab" merges at 0, then "aba" (rank 0) there absorbs the part at 2, whose own pair "ab"
    // (rank 1) is still queued: a stale entry of a part that no longer starts a part.
    [
      "stale entries of rank 1 of a part merged into its left neighbour",
      ["aba", "ab", "aab", "baba", "abab"],
      "abababababab",
      [0, 3, 3, 103],
    ],
  ])("%s", async (_, tokens, text, want) => {
    const toy = toyEncoder((await plainEncoder("cl100k_base")).splitRegex, tokens);
    const expected = toy.encode(text);
    expect(expected).toEqual(want);
    const fast = withLongPieces(toy, 10);
    expect(fast.encode(text)).toEqual(expected);
    expect(fast.count(text)).toBe(expected.length);
    const every = withLongPieces(toy, 10, () => true); // every piece merged here, short or long
    expect(every.encode(text)).toEqual(expected);
    expect(every.count(text)).toBe(expected.length);
  });

  it("follows tiktoken's rule on any vocabulary built by merges, for pieces short and long", async () => {
    const split = (await plainEncoder("cl100k_base")).splitRegex;
    // A vocabulary like a trained one: each token joins two earlier ones (or is a random string).
    const vocabulary = fc
      .array(fc.tuple(fc.nat(), fc.nat(), fc.boolean(), fc.stringMatching(/^[abc]{2,5}$/)), { maxLength: 12 })
      .map((steps) => {
        const pool = ["a", "b", "c"];
        const tokens = new Set<string>();
        for (const [i, j, random, text] of steps) {
          const token = random ? text : `${pool[i % pool.length]}${pool[j % pool.length]}`;
          if (token.length > 6) continue;
          tokens.add(token);
          pool.push(token);
        }
        return [...tokens];
      });
    const text = fc.stringMatching(/^[abc]{1,30}( [abc]{1,30}){0,3}$/);
    fc.assert(
      fc.property(vocabulary, text, (tokens, text) => {
        const toy = toyEncoder(split, tokens);
        const expected = toy.encode(text);
        expect(withLongPieces(toy, 10).encode(text)).toEqual(expected);
        expect(withLongPieces(toy, 10, () => true).encode(text)).toEqual(expected);
        expect(withLongPieces(toy, 10, () => true).count(text)).toBe(expected.length);
      }),
      { numRuns: cases(1000) },
    );
  });

  it("reads a piece of 500,000 letters (UTF-8 made in chunks)", async () => {
    const toy = toyEncoder((await plainEncoder("cl100k_base")).splitRegex, ["ab"]);
    const word = "ab".repeat(250_000);
    const fast = withLongPieces(toy, 10);
    expect(fast.encode(word)).toEqual(new Array(250_000).fill(0));
    expect(fast.count(word)).toBe(250_000);
  });

  it("refuses a rank table that lacks a single byte, rather than give an undefined id", async () => {
    const toy = toyEncoder((await plainEncoder("cl100k_base")).splitRegex, [], 0x62); // no "b" and up
    const fast = withLongPieces(toy, 10);
    expect(() => fast.encode("ab".repeat(6))).toThrow(
      new Error("long-piece merge: a part is not in the vocabulary"),
    );
    expect(fast.count("ab".repeat(6))).toBe(12);
  });
});
