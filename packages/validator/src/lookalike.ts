import { SPECIAL_TOKENS } from "@chatmlkit/parser";
import { type Finding, visible } from "./finding.js";
import { characterKey, READERS, spellsPerCharacter } from "./lenient-readers.js";
import { BAR_CLASS, CLOSER_CHARS, OPENER_CHARS, SKIP_CLASS } from "./lookalike-tables.gen.js";

/**
 * Characters some lenient reader reads as `<`, in the Basic Multilingual
 * Plane: the scan stops at these (a character class body; astral openers
 * such as U+1D236 are met through the scan's stop at surrogates).
 */
export const OPENERS = `<${[...OPENER_CHARS].filter((ch) => ch.length === 1).join("")}`;
/** Every character some lenient reader reads as `<`, `<` included. */
export const OPENER_SET: ReadonlySet<string> = new Set(["<", ...OPENER_CHARS]);
const CLOSER_SET = new Set([">", ...CLOSER_CHARS]);

/** What a look-alike may hold between its edges, counting only what a reader keeps. */
const MAX_KEPT = 48;
/** ... and in all, dropped characters included (a run of spaces inside a token is read as none). */
const MAX_RAW = 1024;

/** After an opener: what readers drop, then a bar. */
const BAR_AFTER = new RegExp(`[${SKIP_CLASS}]{0,${MAX_RAW}}[${BAR_CLASS}]`, "uy");
const SKIP_CHAR = new RegExp(`^[${SKIP_CLASS}]$`, "u");
/** The ASCII characters some reader drops, by code. */
const ASCII_SKIPPED = new Set(
  Array.from({ length: 0x80 }, (_, c) => c).filter((c) => SKIP_CHAR.test(String.fromCharCode(c))),
);

/** Each reader's key of each special token, to the token. */
const TARGETS: ReadonlyArray<ReadonlyMap<string, string>> = READERS.map(
  (read) => new Map(SPECIAL_TOKENS.map((token) => [read(token), token])),
);

/** What a token's name starts with under each reader: a reader's key of a token reads `<`, a bar, then the name. */
const NAME_FIRSTS = new Set(TARGETS.flatMap((keys) => [...keys.keys()].map((key) => key[2])));

/** Can `ch` (one character) start a token's name under some reader? */
function readsAsNameStart(ch: string): boolean {
  return READERS.some((read) => {
    const reading = read(ch);
    return reading !== "" && NAME_FIRSTS.has(reading[0]);
  });
}

/** ASCII letters that can start a token's name under some reader. */
const FIRST_LETTERS = new Set(
  Array.from({ length: 128 }, (_, c) => c).filter(
    (c) => /[A-Za-z]/.test(String.fromCharCode(c)) && readsAsNameStart(String.fromCharCode(c)),
  ),
);

/** Answers of mayStartName, kept (bounded: a hostile text may hold every code point). */
const nameStarts = new Map<string, boolean>();

/**
 * Can the character `ch` start a token's name under some reader (`i`, `I`,
 * `ı`, `¡`...)? A decoder's first look uses it after an opener and a bar.
 */
export function mayStartName(ch: string): boolean {
  let answer = nameStarts.get(ch);
  if (answer === undefined) {
    if (nameStarts.size >= 4096) nameStarts.clear();
    answer = readsAsNameStart(ch);
    nameStarts.set(ch, answer);
  }
  return answer;
}

/**
 * Is the text starting at `at` (an opener) a disguised ChatML special token?
 * The candidate runs to the nearest closer; it is a look-alike when any
 * lenient reader (lenient-readers.ts) reads it as a special token while it is
 * not spelled as one. The exact spelling is not a look-alike: the
 * `special-token` rule reports that.
 *
 * `quick: false` skips the cheap first looks (tests check they change no answer).
 */
export function lookalikeAt(text: string, at: number, quick = true): Finding | undefined {
  const read = readLookalike(text, at, quick);
  if (read === undefined) return undefined;
  const candidate = text.slice(at, read.end);
  return {
    rule: "special-token-lookalike",
    start: at,
    end: read.end,
    message: `${visible(candidate)} looks like the special token ${read.token} (${reasons(candidate, read.token).join(", ")}); a lenient normaliser or a person reads it as one`,
  };
}

/**
 * The special token the text at `at` reads as, and where the look-alike ends,
 * without the finding's words (the encoded-token rule asks this of decoded text).
 */
export function readLookalike(
  text: string,
  at: number,
  quick = true,
): { token: string; end: number } | undefined {
  if (quick ? !mayOpenLookalike(text, at) : !OPENER_SET.has(String.fromCodePoint(text.codePointAt(at) ?? 32)))
    return undefined;
  const open = String.fromCodePoint(text.codePointAt(at) as number);
  const end = closerAfter(text, at + open.length);
  if (end === -1) return undefined;
  const candidate = text.slice(at, end);
  let token: string | undefined;
  for (let r = 0; r < READERS.length && token === undefined; r++) {
    token = (TARGETS[r] as ReadonlyMap<string, string>).get((READERS[r] as (t: string) => string)(candidate));
  }
  // The readers a character at a time (two kinds of substitution in one name: ‹|ІМ_END|>).
  token ??= CHARACTER_KEYS.find(([key]) => spellsPerCharacter(candidate, key))?.[1];
  return token === undefined || candidate === token ? undefined : { token, end };
}

/** Each special token's key for reading a character at a time. */
const CHARACTER_KEYS: ReadonlyArray<readonly [key: string, token: string]> = SPECIAL_TOKENS.map((token) => [
  characterKey(token),
  token,
]);

/** A run of what readers drop (sticky): skipped in one step, not tested a character at a time. */
const SKIP_RUN = new RegExp(`[${SKIP_CLASS}]*`, "uy");

/**
 * The cheap first looks of `lookalikeAt`: an opener at `at`, then (past what
 * readers drop) a bar, then something that can start a token's name. Also
 * what tells a decoder that a longer window is worth decoding.
 */
export function mayOpenLookalike(text: string, at: number): boolean {
  const open = String.fromCodePoint(text.codePointAt(at) ?? 32);
  if (!OPENER_SET.has(open)) return false;
  BAR_AFTER.lastIndex = at + open.length;
  return BAR_AFTER.test(text) && nameMayFollow(text, BAR_AFTER.lastIndex);
}

/** Offset just past the nearest closer after `from`, within the bounds, or -1. */
function closerAfter(text: string, from: number): number {
  const limit = Math.min(text.length, from + MAX_RAW);
  let kept = 0;
  for (let i = from; i < limit; ) {
    SKIP_RUN.lastIndex = i;
    SKIP_RUN.test(text);
    i = Math.max(i, SKIP_RUN.lastIndex); // (a sticky u-mode match inside a surrogate pair may step back)
    if (i >= limit) return -1;
    const ch = String.fromCodePoint(text.codePointAt(i) as number);
    if (CLOSER_SET.has(ch)) return i + ch.length;
    // A second opener: no token holds two, and no reader reads an opener as a letter or as nothing
    // (lookalike-tables.test.ts checks), so no candidate from here on reads as one.
    if (OPENER_SET.has(ch)) return -1;
    if (++kept > MAX_KEPT) return -1;
    i += ch.length;
  }
  return -1;
}

/**
 * Cheap first look, before anything is copied: after the bar and what
 * readers drop, a token's name must be able to start. An ASCII letter must
 * be one some reader reads as a name's first letter (`<| not a token |>`
 * stops at the `n`); anything else is left to the full reading.
 */
export function nameMayFollow(text: string, from: number): boolean {
  const c = text.charCodeAt(from);
  // The common case, by code: an ASCII letter right after the bar.
  if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) return FIRST_LETTERS.has(c);
  // ASCII that readers drop (spaces, controls, "_", "-", "."); a character beyond ASCII may be
  // dropped by one reader and read as a letter by another, so it is left to the full reading.
  let i = from;
  for (let code = text.charCodeAt(i); code < 0x80 && ASCII_SKIPPED.has(code); code = text.charCodeAt(++i));
  const next = text.charCodeAt(i);
  if ((next >= 65 && next <= 90) || (next >= 97 && next <= 122)) return FIRST_LETTERS.has(next);
  return true;
}

/** Why a candidate reads as `token`, in words. */
function reasons(candidate: string, token: string): string[] {
  const why: string[] = [];
  if (candidate.normalize("NFKC") !== candidate.normalize("NFC")) why.push("NFKC normalises it");
  if (/\p{M}/u.test(candidate.normalize("NFKD"))) why.push("combining marks");
  if (/[\p{Cf}\p{Default_Ignorable_Code_Point}]/u.test(candidate)) why.push("invisible characters inside");
  if (/\p{Cc}/u.test(candidate)) why.push("control characters inside");
  if (/[\s\p{Z}]/u.test(candidate)) why.push("spaces inside");
  // What is left once compatibility forms, marks and what readers drop are taken out.
  const base = candidate
    .normalize("NFKD")
    .replace(/[\p{M}\p{Cf}\p{Default_Ignorable_Code_Point}\p{Cc}\s\p{Z}]/gu, "")
    .normalize("NFC");
  if (/[^\p{ASCII}]/u.test(base)) why.push("confusable characters");
  else if (base !== token && base.toLowerCase() === token) why.push("case differs");
  else if (base.toLowerCase() !== token) why.push("delimiters or separators differ");
  return why.length > 0 ? why : ["spelled differently"];
}
