import { SPECIAL_TOKENS } from "@chatmlkit/parser";
import { type Finding, visible } from "./finding.js";
import { READERS } from "./lenient-readers.js";
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

/**
 * ASCII letters that can start a token's name under some reader: a reader's
 * key of a token reads `<`, a bar, then the name.
 */
const FIRST_LETTERS = (() => {
  const firsts = new Set(TARGETS.flatMap((keys) => [...keys.keys()].map((key) => key[2])));
  const letters = new Set<number>();
  for (let c = 65; c <= 122; c++) {
    const ch = String.fromCharCode(c);
    if (/[A-Za-z]/.test(ch) && READERS.some((read) => firsts.has(read(ch)[0]))) letters.add(c);
  }
  return letters;
})();

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
  const open = String.fromCodePoint(text.codePointAt(at) as number);
  if (!OPENER_SET.has(open)) return undefined;
  if (quick) {
    BAR_AFTER.lastIndex = at + open.length;
    if (!BAR_AFTER.test(text) || !nameMayFollow(text, BAR_AFTER.lastIndex)) return undefined;
  }
  const end = closerAfter(text, at + open.length);
  if (end === -1) return undefined;
  const candidate = text.slice(at, end);
  for (let r = 0; r < READERS.length; r++) {
    const token = (TARGETS[r] as ReadonlyMap<string, string>).get(
      (READERS[r] as (t: string) => string)(candidate),
    );
    if (token === undefined || candidate === token) continue;
    return {
      rule: "special-token-lookalike",
      start: at,
      end,
      message: `${visible(candidate)} looks like the special token ${token} (${reasons(candidate, token).join(", ")}); a lenient normaliser or a person reads it as one`,
    };
  }
  return undefined;
}

/** A run of what readers drop (sticky): skipped in one step, not tested a character at a time. */
const SKIP_RUN = new RegExp(`[${SKIP_CLASS}]*`, "uy");

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
