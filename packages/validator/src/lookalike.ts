import { SPECIAL_TOKENS } from "@chatmlkit/parser";
import { type Finding, INVISIBLE, visible } from "./finding.js";

/**
 * Characters read as `<` and `>`: ASCII, fullwidth, small forms, angle quotes
 * and brackets. (U+02C2 ˂ is left out: in the scan's character class it halves
 * V8's regex speed, and NFKC does not fold it.)
 */
export const OPENERS = "<＜﹤‹〈〈⟨❮ᐸ";
const CLOSERS = ">＞﹥›〉〉⟩❯ᐳ";
/** Characters read as `|` at a token's edges. */
const BARS = "|｜∣ǀ│┃￨⏐❘︱︳¦lI1!";
/** The ASCII ones, by code: most candidates are ASCII and need no string to look them up. */
const ASCII_BARS = new Set([...BARS].filter((bar) => bar < "\x80").map((bar) => bar.charCodeAt(0)));
/** Latin letters' look-alikes in other scripts (Cyrillic, Greek) that occur in token names. */
const HOMOGLYPHS: Readonly<Record<string, string>> = {
  а: "a",
  е: "e",
  о: "o",
  р: "p",
  с: "c",
  х: "x",
  і: "i",
  ј: "j",
  ѕ: "s",
  т: "t",
  м: "m",
  п: "n",
  ԁ: "d",
  ο: "o",
  ε: "e",
  ι: "i",
  τ: "t",
  ρ: "p",
  ν: "v",
  α: "a",
  κ: "k",
  μ: "m",
};
const MAX_LENGTH = 48;
const SEPARATORS = /[\s_\-.‐‑‒–—―▁·]/gu;
const INVISIBLES = new RegExp(INVISIBLE.source, "gu");

/** Token names without separators, e.g. "imstart", to the token they spell. */
const TARGETS = new Map(SPECIAL_TOKENS.map((t) => [t.slice(2, -2).replaceAll("_", ""), t]));

/**
 * Is the text starting at `at` (an opener) a disguised ChatML special token?
 * The candidate runs to the nearest closer; it is normalised (NFKC, invisible
 * characters and spaces removed, confusable bars and letters mapped, case
 * folded) and compared with the real tokens' names. The exact spelling is not
 * a look-alike: the `special-token` rule reports that.
 *
 * `quick: false` skips the cheap first looks (tests check they change no answer).
 */
export function lookalikeAt(text: string, at: number, quick = true): Finding | undefined {
  if (quick) {
    const bar = barAfter(text, at);
    if (bar === -1 || !nameMayFollow(text, bar + 1)) return undefined;
  }
  let end = -1;
  const limit = Math.min(text.length, at + MAX_LENGTH);
  for (let i = at + 1; i < limit; i++) {
    const c = text.charCodeAt(i);
    if (c === 62 || (c > 127 && CLOSERS.includes(text[i] as string))) {
      end = i + 1;
      break;
    }
  }
  if (end === -1) return undefined;
  const candidate = text.slice(at, end);
  if (quick && !couldBeToken(candidate)) return undefined;
  const nfkc = candidate.normalize("NFKC");
  const stripped = nfkc.replace(INVISIBLES, "").replace(/\s+/gu, "");
  const open = stripped[0] as string;
  const close = stripped[stripped.length - 1] as string;
  const left = stripped[1];
  const right = stripped[stripped.length - 2];
  if (!OPENERS.includes(open) || !CLOSERS.includes(close) || left === undefined || right === undefined)
    return undefined;
  if (!BARS.includes(left) || !BARS.includes(right) || stripped.length < 5) return undefined;
  let name = "";
  for (const ch of stripped.slice(2, -2).toLowerCase()) name += HOMOGLYPHS[ch] ?? ch;
  const token = TARGETS.get(name.replace(SEPARATORS, ""));
  if (token === undefined || candidate === token) return undefined;
  return {
    rule: "special-token-lookalike",
    start: at,
    end,
    message: `${visible(candidate)} looks like the special token ${token} (${reasons(candidate, nfkc, token).join(", ")}); a lenient normaliser or a person reads it as one`,
  };
}

/**
 * Cheap first look: after the opener (and any spaces or invisible characters)
 * comes something read as a bar; returns its offset, or -1. Most `<` in code
 * and HTML (`<div>`, `a < b`) stop here. Characters outside ASCII are read as
 * the normalisation reads them (U+2160 `Ⅰ` is an `I`, a bar).
 */
function barAfter(text: string, at: number): number {
  const limit = Math.min(text.length, at + MAX_LENGTH);
  for (let i = at + 1; i < limit; ) {
    const code = text.charCodeAt(i);
    if (code < 0x80) {
      if (code === 32 || (code >= 9 && code <= 13))
        i++; // what trim removes
      else return ASCII_BARS.has(code) ? i : -1;
      continue;
    }
    const ch = String.fromCodePoint(text.codePointAt(i) as number);
    const read = ch.normalize("NFKC").replace(INVISIBLES, "").replace(/\s+/gu, "");
    if (read !== "") return BARS.includes(read[0] as string) ? i : -1;
    i += ch.length;
  }
  return -1;
}

/**
 * Second cheap look, before anything is copied: after the bar, spaces and
 * ASCII separators, a plain ASCII letter must start a token's name
 * (`<| not a token |>` stops at the `n`). Anything else, such as an
 * invisible or non-ASCII character, is left to the full normalisation.
 */
export function nameMayFollow(text: string, from: number): boolean {
  let i = from;
  for (let c = text.charCodeAt(i); c === 32 || c === 95 || c === 45 || c === 46; c = text.charCodeAt(++i)); // " _-."
  const c = text.charCodeAt(i) | 0x20; // ASCII letters to lower case
  return !(c >= 97 && c <= 122) || FIRST_LETTERS.has(String.fromCharCode(c));
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const FIRST_LETTERS = new Set([...TARGETS.keys()].map((name) => name[0]));

/**
 * A cheap look for plain-ASCII candidates that passed nameMayFollow: bar-like
 * edges and a token's name between them. Anything else gets the full
 * normalisation.
 */
function couldBeToken(candidate: string): boolean {
  if (!PRINTABLE_ASCII.test(candidate)) return true;
  const inner = candidate.slice(1, -1).replaceAll(" ", "");
  if (
    inner.length < 3 ||
    !BARS.includes(inner[0] as string) ||
    !BARS.includes(inner[inner.length - 1] as string)
  ) {
    return false;
  }
  return TARGETS.has(inner.slice(1, -1).toLowerCase().replace(SEPARATORS, ""));
}

/** Why a candidate reads as `token`, in words. */
function reasons(candidate: string, nfkc: string, token: string): string[] {
  const why: string[] = [];
  if (nfkc !== candidate) why.push("NFKC normalises it");
  if (INVISIBLE.test(candidate)) why.push("invisible characters inside");
  if (/\s/u.test(candidate)) why.push("spaces inside");
  const plain = nfkc.replace(INVISIBLES, "").replace(/\s+/gu, "");
  if (plain.toLowerCase() === token && plain !== token) why.push("case differs");
  if (/[^\p{ASCII}]/u.test(plain)) why.push("confusable characters");
  else if (plain.toLowerCase() !== token) why.push("delimiters or separators differ");
  return why.length > 0 ? why : ["spelled differently"];
}
