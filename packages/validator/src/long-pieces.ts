/**
 * Exact BPE for overlong pre-tokenizer pieces (issue 9 item 8).
 *
 * gpt-tokenizer merges a piece by rescanning all its pairs after every merge: quadratic in
 * the piece's length, so one 100,000-letter word takes seconds to count. tiktoken (and so
 * OpenAI's ids) merges with one rule: the adjacent pair of lowest rank, the leftmost on ties,
 * until no pair is in the vocabulary. `mergePiece` applies that same rule with a linked list
 * of parts and a min-heap of (rank, start) with lazy invalidation: O(n log n), same ids.
 *
 * Only pieces of at least `bound` code units take this path; everything else is handed to
 * gpt-tokenizer unchanged. Three facts keep it exact and ordinary counts as fast as before:
 *
 * 1. Finding long pieces. Every piece of either encoding's split regex is a contraction or
 *    up to 3 digits (at most 6 code units), or one code point followed by a run of one class
 *    (letters and marks; symbols and punctuation with line breaks; whitespace) and up to 3
 *    ASCII units. So a piece of `bound` units holds a window of `window` code points of one
 *    class starting at a multiple of `stride`; `mayHoldLongPiece` tries one sticky regex at
 *    each multiple (text.length / stride tries, each stopping at the window's end). Without
 *    such a window the text goes to gpt-tokenizer whole, as before.
 * 2. Cutting the text. Pieces are split once, with gpt-tokenizer's own regex. Runs of
 *    ordinary pieces go to gpt-tokenizer whole; a run starts where a long piece ends (the
 *    regex has no lookbehind, so splitting a suffix from a piece boundary gives the same
 *    pieces) and ends after a piece whose last character is not whitespace: only the
 *    regex's `\s+$` and `\s+(?!\S)` look past a match, and both need whitespace right before
 *    the cut. Pieces between such a cut and a long piece (those ending in whitespace) are
 *    merged here one by one: a piece split alone is that one piece.
 * 3. The ranks. The byte -> rank table is built from gpt-tokenizer's rank array on the
 *    first long piece only. It keeps the U+FEFF tokens gpt-tokenizer's own lookup misses,
 *    so long pieces get tiktoken's ids there too.
 *
 * 4. Characters tiktoken reads otherwise. JavaScript's regexes and tiktoken's (Rust's) read
 *    NEL, U+FEFF and letters newer than Rust's Unicode differently (tiktoken-view.ts). A text
 *    holding one is split on its `tiktokenView`, which cuts where tiktoken does, and every
 *    piece (taken from the text itself) is merged here: OpenAI's ids, where gpt-tokenizer and
 *    js-tiktoken alike give others. Such texts are rare; they pay for the rank table.
 *
 * test/long-pieces.test.ts checks all of this against gpt-tokenizer, js-tiktoken and the
 * tiktoken package (the Rust core) with a lowered bound, and pins the split regexes this
 * reasoning is about.
 */

import { readsDifferently, tiktokenView } from "./tiktoken-view.js";

/** Pieces of at least this many UTF-16 code units take the O(n log n) merge (see the bench). */
export const LONG_PIECE_BOUND = 256;

/** gpt-tokenizer's rank array: index = rank, value = the token as text or as bytes. */
export type RankArray = readonly (string | readonly number[])[];

/** The plain encoder a long-piece encoder falls back to, and what it needs to find pieces. */
export interface PlainEncoder {
  /** The encoding's split regex (gpt-tokenizer's, flags `gu`). */
  readonly splitRegex: RegExp;
  /** The rank array, read only when a long piece is met. */
  readonly ranks: () => RankArray;
  encode(text: string): number[];
  count(text: string): number;
}

export interface TextEncoderPair {
  encode(text: string): number[];
  count(text: string): number;
}

/**
 * Wraps `plain` so that pieces of at least `bound` code units are merged in O(n log n).
 * Ids are identical to `plain`'s (but for U+FEFF, where they are tiktoken's).
 *
 * @example
 * const text = withLongPieces(plain);
 * text.count("a".repeat(100_000)); // 12,500, in milliseconds
 */
export function withLongPieces(
  plain: PlainEncoder,
  bound = LONG_PIECE_BOUND,
  /** Which texts take tiktoken's split (see 4.); tests send every text that way. */
  differs: (text: string) => boolean = readsDifferently,
): TextEncoderPair {
  // Below 10 the window arithmetic leaves no room (and digit pieces reach 6 units).
  if (!(bound >= 10)) throw new RangeError(`long-piece bound must be at least 10, got ${bound}`);
  const stride = Math.max(1, Math.floor(bound / 4));
  // A long piece's run (see 1.) is >= bound - 5 units; past the first multiple of `stride`
  // in it (and one unit to a code point boundary) >= (bound - 5 - stride) / 2 code points remain.
  const window = Math.max(1, Math.floor((bound - 5 - stride) / 2));
  const runOfOneClass = new RegExp(
    `[\\p{L}\\p{M}]{${window}}|(?:[^\\s\\p{L}\\p{N}]|[\\r\\n]){${window}}|\\s{${window}}`,
    "uy",
  );
  const split = new RegExp(plain.splitRegex.source, plain.splitRegex.flags);
  let table: RankTable | undefined;
  const merger = () => {
    table ??= buildRankTable(plain.ranks());
    return table;
  };

  function mayHoldLongPiece(text: string): boolean {
    let space = -1; // the first ASCII space at or after `start`, or text.length
    for (let at = 0; at + window <= text.length; at += stride) {
      const code = text.charCodeAt(at);
      const start = code >= 0xdc00 && code <= 0xdfff ? at + 1 : at;
      // Cheap look first: a window of letters or symbols holds no ASCII space, and one of
      // whitespace starts with whitespace. (`space` only moves forward: linear in all.)
      if (space < start) {
        space = text.indexOf(" ", start);
        if (space === -1) space = text.length;
      }
      if (space < start + window && !isWhitespace(text.charCodeAt(start))) continue;
      runOfOneClass.lastIndex = start;
      if (runOfOneClass.test(text)) return true;
    }
    return false;
  }

  /** Calls `whole` for runs of ordinary pieces and `one` for each piece merged here, in order. */
  function walk(text: string, whole: (run: string) => void, one: (piece: string) => void): void {
    let runStart = 0; // start of the run not yet handed out
    let cut = 0; // the last safe end for that run (see 2.)
    const trailing: number[] = []; // pieces after `cut`, as start/end pairs
    split.lastIndex = 0;
    for (let match = split.exec(text); match !== null; match = split.exec(text)) {
      const start = match.index;
      const end = start + match[0].length;
      if (end - start >= bound) {
        if (cut > runStart) whole(text.slice(runStart, cut));
        for (let i = 0; i < trailing.length; i += 2) one(text.slice(trailing[i], trailing[i + 1]));
        one(match[0]);
        runStart = cut = end;
        trailing.length = 0;
      } else if (isWhitespace(text.charCodeAt(end - 1))) {
        trailing.push(start, end);
      } else {
        cut = end;
        trailing.length = 0;
      }
    }
    if (runStart < text.length) whole(runStart === 0 ? text : text.slice(runStart));
  }

  /** Every piece of tiktoken's split merged here (see 4.): `ids` filled when given; returns the count. */
  function asTiktoken(text: string, ids: number[] | undefined): number {
    const view = tiktokenView(text);
    let n = 0;
    split.lastIndex = 0;
    for (let match = split.exec(view); match !== null; match = split.exec(view)) {
      n += merger().encode(text.slice(match.index, match.index + match[0].length), ids);
    }
    return n;
  }

  return {
    encode(text) {
      if (differs(text)) {
        const ids: number[] = [];
        asTiktoken(text, ids);
        return ids;
      }
      if (text.length < bound || !mayHoldLongPiece(text)) return plain.encode(text);
      const ids: number[] = [];
      walk(
        text,
        (run) => {
          for (const id of plain.encode(run)) ids.push(id);
        },
        (piece) => merger().encode(piece, ids),
      );
      return ids;
    },
    count(text) {
      if (differs(text)) return asTiktoken(text, undefined);
      if (text.length < bound || !mayHoldLongPiece(text)) return plain.count(text);
      let n = 0;
      walk(
        text,
        (run) => {
          n += plain.count(run);
        },
        (piece) => {
          n += merger().encode(piece, undefined);
        },
      );
      return n;
    },
  };
}

// JavaScript's \s, the class the split regexes use; tested on one code unit (all are BMP).
const WHITESPACE = /^\s$/;
const isWhitespace = (code: number) =>
  (code <= 0x20 || code >= 0x7f) && WHITESPACE.test(String.fromCharCode(code));

interface RankTable {
  /** Appends the ids of `piece` to `ids` (if given) and returns how many there are. */
  encode(piece: string, ids: number[] | undefined): number;
}

/**
 * `text` as UTF-8, one char (0-255) per byte: the key of the rank map. A lone surrogate
 * becomes U+FFFD, as with the TextEncoder gpt-tokenizer uses.
 */
function utf8(text: string): string {
  let out = "";
  const codes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c < 0x80) codes.push(c);
    else if (c < 0x800) codes.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else {
      if (c >= 0xd800 && c <= 0xdfff) {
        const low = text.charCodeAt(i + 1);
        if (c <= 0xdbff && low >= 0xdc00 && low <= 0xdfff) {
          c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
          i++;
        } else c = 0xfffd;
      }
      if (c < 0x10000) codes.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
      else codes.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    }
    if (codes.length >= 8192) {
      out += String.fromCharCode(...codes);
      codes.length = 0;
    }
  }
  return out + String.fromCharCode(...codes);
}

const ASCII = /^[\0-\x7f]*$/;

function buildRankTable(array: RankArray): RankTable {
  const ranks = new Map<string, number>();
  let longest = 0;
  array.forEach((token, rank) => {
    const key =
      typeof token !== "string" ? String.fromCharCode(...token) : ASCII.test(token) ? token : utf8(token);
    ranks.set(key, rank);
    if (key.length > longest) longest = key.length;
  });
  return { encode: (piece, ids) => mergePiece(utf8(piece), ranks, longest, ids) };
}

const TWO_32 = 2 ** 32;

/**
 * tiktoken's merge of one piece (`bytes`, one char per byte): parts start as single bytes;
 * repeatedly the adjacent pair whose bytes have the lowest rank (leftmost on ties) becomes
 * one part. The heap holds rank * 2^32 + start for every pair ever formed; an entry is
 * current while `pairRank[start]` still equals its rank (a part's pair only ever grows, and
 * distinct byte strings have distinct ranks, so a changed pair never reuses a rank).
 */
function mergePiece(bytes: string, ranks: Map<string, number>, longest: number, ids: number[] | undefined) {
  const n = bytes.length;
  const whole = ranks.get(bytes);
  if (whole !== undefined) {
    ids?.push(whole);
    return 1;
  }
  const next = new Int32Array(n + 1);
  const prev = new Int32Array(n + 1);
  const pairRank = new Float64Array(n).fill(-1);
  for (let i = 0; i <= n; i++) {
    next[i] = i + 1;
    prev[i] = i - 1;
  }
  const heap = new MinHeap(n);
  /** Rank of the pair starting at part `a` (-1: none), recorded and queued. */
  const rankPair = (a: number): void => {
    const b = next[a] as number;
    const end = b < n ? (next[b] as number) : n + 1;
    const rank = end <= n && end - a <= longest ? ranks.get(bytes.slice(a, end)) : undefined;
    pairRank[a] = rank ?? -1;
    if (rank !== undefined) heap.push(rank * TWO_32 + a);
  };
  for (let i = 0; i < n - 1; i++) rankPair(i);
  while (heap.size > 0) {
    const key = heap.pop();
    const rank = Math.floor(key / TWO_32);
    const a = key - rank * TWO_32;
    if (pairRank[a] !== rank) continue; // stale: that pair was merged or has grown
    const b = next[a] as number;
    const c = next[b] as number;
    next[a] = c;
    if (c <= n) prev[c] = a;
    pairRank[b] = -1;
    rankPair(a);
    if (a > 0) rankPair(prev[a] as number);
  }
  let parts = 0;
  for (let a = 0; a < n; a = next[a] as number) {
    parts++;
    if (ids !== undefined) {
      const id = ranks.get(bytes.slice(a, next[a]));
      // Every single byte is a token, so every part is one; anything else is a broken table.
      if (id === undefined) throw new Error("long-piece merge: a part is not in the vocabulary");
      ids.push(id);
    }
  }
  return parts;
}

/** A binary min-heap of numbers. */
class MinHeap {
  private items: Float64Array;
  size = 0;

  constructor(capacity: number) {
    this.items = new Float64Array(Math.max(16, capacity));
  }

  push(value: number): void {
    if (this.size === this.items.length) {
      const grown = new Float64Array(this.items.length * 2);
      grown.set(this.items);
      this.items = grown;
    }
    const items = this.items;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = items[parent] as number;
      if (p <= value) break;
      items[i] = p;
      i = parent;
    }
    items[i] = value;
  }

  pop(): number {
    const items = this.items;
    const top = items[0] as number;
    const last = items[--this.size] as number;
    const size = this.size;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= size) break;
      const right = child + 1;
      if (right < size && (items[right] as number) < (items[child] as number)) child = right;
      if ((items[child] as number) >= last) break;
      items[i] = items[child] as number;
      i = child;
    }
    items[i] = last;
    return top;
  }
}
