// The long-piece path (src/long-pieces.ts) against the plain way: gpt-tokenizer alone, and
// js-tiktoken / tiktoken (OpenAI's Rust core in WASM) as independent references.
import fc from "fast-check";
import { getEncoding } from "js-tiktoken";
import { get_encoding } from "tiktoken";
import { afterAll, describe, expect, it } from "vitest";
import { cases } from "../../../scripts/under-mutation.js";
import { countChatTokens, loadTokenizer } from "../src/index.js";
import { LONG_PIECE_BOUND, type PlainEncoder, withLongPieces } from "../src/long-pieces.js";
import type { EncodingName } from "../src/models.js";
import { plainEncoder } from "../src/tokenizer.js";
import { pieces, recording } from "./plain-encoder-spy.js";

const ENCODINGS: EncodingName[] = ["cl100k_base", "o200k_base"];
// Low enough that most generated texts hold a long piece, and pieces sit on both sides of it.
const TEST_BOUND = 12;

const wasm = { cl100k_base: get_encoding("cl100k_base"), o200k_base: get_encoding("o200k_base") };
afterAll(() => {
  for (const e of Object.values(wasm)) e.free();
});

// Runs of one kind of character, often longer than TEST_BOUND, mixed: every kind of piece
// (letters with a prefix, case changes, contractions, digits, symbols with line breaks,
// whitespace before letters or at the end) meets a long one. No U+FEFF (gpt-tokenizer's
// known divergence, tested below) and no lone surrogates (not text).
const KINDS = [
  "abcdefghijklmnopqrstuvwxyz",
  "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
  "0123456789٣",
  [" ", " ", " ", "\t", "\n", "\r", "\u00a0", "\u3000"],
  "東京の天気は晴れです请用中文回答这个问题",
  ["😀", "👍🏽", "🇯🇵", "❤️", "👨‍👩‍👧", "𝒜", "𝟘"],
  ["é", "ß", "Ж", "ж", "ع", "ह", "ि", "\u0301", "İ", "ǅ", "ʰ", "ñ", "α"],
  ["!", "-", "=", "/", ".", "'", "'s", "'LL", "'ve", "<|", "|>", "\\", "…", "«"],
  // Letters with combining marks between them (one o200k piece), symbols with line breaks.
  ["क", "ि", "ह", "्", "न", "ी", "e\u0301", "a\u0308"],
  ["/", "\n", "\r", "!", "-", "/\n"],
].map((kind) => (typeof kind === "string" ? [...kind] : kind));
/** Texts of up to 12 runs, each of 1 to `longest` characters of one kind. */
const mixedText = (longest: number) =>
  fc
    .array(
      fc
        .tuple(fc.constantFrom(...KINDS), fc.integer({ min: 1, max: longest }), fc.boolean())
        .chain(([chars, length, same]) =>
          same
            ? fc.constantFrom(...chars).map((c) => c.repeat(length))
            : fc
                .array(fc.constantFrom(...chars), { minLength: 1, maxLength: length })
                .map((cs) => cs.join("")),
        ),
      { maxLength: 12 },
    )
    .map((runs) => runs.join(""));

describe.each(ENCODINGS)("long pieces (%s)", (encoding) => {
  it("give the same ids as gpt-tokenizer alone and as js-tiktoken, with the bound lowered", async () => {
    const plain = await plainEncoder(encoding);
    const fast = withLongPieces(plain, TEST_BOUND);
    const reference = getEncoding(encoding);
    let withLong = 0;
    fc.assert(
      fc.property(mixedText(40), (text) => {
        if (pieces(plain, text).some((p) => p.length >= TEST_BOUND)) withLong++;
        const ids = fast.encode(text);
        expect(ids).toEqual(plain.encode(text));
        expect(ids).toEqual(reference.encode(text, [], []));
        expect(fast.count(text)).toBe(ids.length);
      }),
      { numRuns: cases(400) },
    );
    // The generator must reach the path it tests.
    expect(withLong).toBeGreaterThan(cases(400) / 2);
  });

  // The window check must see every long piece: at the test bound it says yes to almost
  // anything (its window is 2 code points), so also at a middle bound and the real one.
  it.each([TEST_BOUND, 40, LONG_PIECE_BOUND])(
    "never hand gpt-tokenizer a piece of %i code units or more",
    async (bound) => {
      const plain = await plainEncoder(encoding);
      const { spy, seen } = recording(plain);
      const fast = withLongPieces(spy, bound);
      let withLong = 0;
      fc.assert(
        fc.property(mixedText(2 * bound), (text) => {
          if (pieces(plain, text).some((p) => p.length >= bound)) withLong++;
          seen.length = 0;
          fast.encode(text);
          fast.count(text);
          for (const given of seen) {
            for (const piece of pieces(plain, given)) expect(piece.length).toBeLessThan(bound);
          }
        }),
        { numRuns: cases(300) },
      );
      expect(withLong).toBeGreaterThan(cases(300) / 6);
    },
  );

  it("with the real bound, encode a 30,000-letter word as tiktoken does", async () => {
    // tiktoken's own merge is quadratic too (~10 s for 100,000 letters): 30,000 keeps this short.
    const tokenizer = await loadTokenizer(encoding);
    const word = letters(30_000, 1);
    const ids = tokenizer.encodeText(word);
    expect(ids).toEqual(Array.from(wasm[encoding].encode(word)));
    expect(tokenizer.countText(word)).toBe(ids.length);
  }, 60_000);

  it("keep tiktoken's ids for a U+FEFF before a long word (gpt-tokenizer's table misses them)", async () => {
    const tokenizer = await loadTokenizer(encoding);
    const text = `\uFEFF${"x".repeat(400)}`;
    expect(tokenizer.encodeText(text)).toEqual(Array.from(wasm[encoding].encode(text)));
  });
});

describe("the long-piece path's assumptions", () => {
  it("pins gpt-tokenizer's split regexes, which src/long-pieces.ts reasons about", async () => {
    // If these change (a gpt-tokenizer upgrade), re-check points 1 and 2 of long-pieces.ts.
    expect((await plainEncoder("cl100k_base")).splitRegex.source).toBe(
      String.raw`'(?:[sS]|[dD]|[mM]|[tT]|[lL][lL]|[vV][eE]|[rR][eE])|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s+$|\s*[\r\n]|\s+(?!\S)|\s`,
    );
    expect((await plainEncoder("o200k_base")).splitRegex.source).toBe(
      String.raw`[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?:'(?:[sS]|[dD]|[mM]|[tT]|[lL][lL]|[vV][eE]|[rR][eE]))?|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?:'(?:[sS]|[dD]|[mM]|[tT]|[lL][lL]|[vV][eE]|[rR][eE]))?|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+`,
    );
  });

  it("finds gpt-tokenizer's rank array (a private field of its encoder)", async () => {
    for (const encoding of ENCODINGS) {
      const ranks = (await plainEncoder(encoding)).ranks();
      expect(ranks.length).toBe(encoding === "cl100k_base" ? 100_256 : 199_998);
      expect(ranks[wasm[encoding].encode("Hello")[0] as number]).toBe("Hello");
    }
  });

  it("refuses a bound too small for its window arithmetic", async () => {
    expect(() => withLongPieces(null as unknown as PlainEncoder, 9)).toThrow(RangeError);
  });

  it("reaches users: countChatTokens of a message holding a 30,000-letter word", async () => {
    const word = letters(30_000, 2);
    const count = await countChatTokens([{ role: "user", content: word }], { model: "gpt-4o" });
    expect(count.promptTokens).toBe(3 + 1 + wasm.o200k_base.encode(word).length + 3);
  }, 60_000);
});

/** `n` pseudo-random lowercase letters (a fixed seed: the same word every run). */
function letters(n: number, seed: number): string {
  let state = seed;
  let word = "";
  for (let i = 0; i < n; i++) {
    state = (Math.imul(state, 1103515245) + 12345) & 0x7fffffff;
    word += String.fromCharCode(97 + (state % 26));
  }
  return word;
}
