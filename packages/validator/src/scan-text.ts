import type { Finding } from "./finding.js";
import { INVISIBLE_CLASS, invisibleAt } from "./invisible.js";
import { lookalikeAt, OPENERS } from "./lookalike.js";
import { DEFAULT_ROLES } from "./rules.js";
import { deepSeekTokenAt, foreignTokenAt, specialTokenAt, specialTokenFinding } from "./special-tokens.js";

/**
 * Every character any text rule starts at (a character class body): the
 * openers of lookalike.ts, the characters of INVISIBLE_CLASS, and surrogates.
 * U+202A-U+206F is one range (bidi controls, ‹, word joiner, isolates, and a
 * few rare symbols the dispatch skips): V8 scans a class of fewer ranges about
 * twice as fast. A test checks it covers every opener and invisible character.
 */
const INTERESTING_CLASS = `${OPENERS}${INVISIBLE_CLASS}\\u200B-\\u200D\\uFEFF\\u202A-\\u206F\\uD800-\\uDFFF`;

/** One interesting character: for tests, which check what the class covers. */
export const INTERESTING = new RegExp(`[${INTERESTING_CLASS}]`);

/**
 * A run of characters no rule starts at. Sticky, so each call matches from a
 * given offset to the next interesting character: V8 runs a greedy loop over
 * a class faster than it searches for the class, and a loop of four classes
 * faster still (over the bench conversation: search 16.0 ms, `[^…]+` 11.9 ms,
 * `(?:[^…]{4 times})*[^…]*` 10.1 ms; `{4}` and longer unrollings are slower).
 */
const QUIET = `[^${INTERESTING_CLASS}]`;
const QUIET_RUN = new RegExp(`(?:${QUIET.repeat(4)})*${QUIET}*`, "y");
/** The invisible characters themselves, to tell them from the rest of that range. */
const INVISIBLE_CHAR = new RegExp(`[${INVISIBLE_CLASS}]`);

const NO_FINDINGS: Finding[] = [];
/** Words with nothing to find, seen in every message: a lookup is cheaper than a regex call. */
const PLAIN_WORDS = new Set(DEFAULT_ROLES);
/** Only short strings are looked up: hashing a long one would cost a pass over it. */
const PLAIN_WORD_MAX = Math.max(...DEFAULT_ROLES.map((role) => role.length));

/**
 * Offset of the first character at or after `from` that a text rule starts
 * at, or `text.length`. `validate` calls this once per stretch of plain text:
 * it is the floor of validation's cost, and `pnpm bench` times it alone.
 */
export function nextInteresting(text: string, from: number): number {
  QUIET_RUN.lastIndex = from;
  // Matches from any offset up to the end (perhaps nothing); beyond it, there is nothing to scan.
  return QUIET_RUN.test(text) ? QUIET_RUN.lastIndex : text.length;
}

/** What kind of field a string is, for messages: `content`, `name`, `role`. */
export type FieldLabel = string;

/**
 * Runs the text rules (special-token, foreign-special-token,
 * special-token-lookalike, invisible-character, invalid-unicode) over one
 * string and returns their findings in order.
 */
export function scanText(text: string, label: FieldLabel): Finding[] {
  if (text.length <= PLAIN_WORD_MAX && PLAIN_WORDS.has(text)) return NO_FINDINGS;
  // Setting length costs a runtime call: only when a previous scan threw halfway.
  if (found.length !== 0) found.length = 0;
  for (let at = nextInteresting(text, 0); at < text.length; ) {
    at = nextInteresting(text, inspect(text, at, label));
  }
  // Most strings have nothing to report: one regex pass, no allocation.
  if (found.length === 0) return NO_FINDINGS;
  const findings = found.slice();
  found.length = 0;
  return findings;
}

/** What inspect found in the string being scanned (scanning is synchronous). */
const found: Finding[] = [];
const report = (finding: Finding) => found.push(finding);

/** Checks the interesting character at `at`; returns where the scan goes on. */
function inspect(text: string, at: number, label: FieldLabel): number {
  const code = text.charCodeAt(at);
  if (code >= 0xd800 && code <= 0xdfff) {
    const next = text.charCodeAt(at + 1);
    if (code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) return tagRun(text, at); // a valid pair
    report({
      rule: "invalid-unicode",
      start: at,
      end: at + 1,
      message: `lone ${code <= 0xdbff ? "high" : "low"} surrogate U+${code.toString(16).toUpperCase()} in ${label}: it cannot be encoded as UTF-8`,
    });
    return at + 1;
  }
  if (code === 60) {
    const token = specialTokenAt(text, at);
    if (token !== undefined) {
      report(specialTokenFinding(token, at, label));
      return at + token.length;
    }
  }
  if (OPENERS.includes(text[at] as string)) {
    // An exact foreign token is named as one, even when it also reads like a ChatML token
    // (<|end_of_text|>); DeepSeek's open-ended pattern yields to the look-alike rule.
    const found =
      code === 60
        ? (foreignTokenAt(text, at) ?? lookalikeAt(text, at) ?? deepSeekTokenAt(text, at))
        : lookalikeAt(text, at);
    if (found === undefined) return at + 1;
    report(found);
    // Characters inside a look-alike are reported too: they are part of the attack.
    return found.rule === "foreign-special-token" ? found.end : at + 1;
  }
  if (INVISIBLE_CHAR.test(text[at] as string)) {
    const invisible = invisibleAt(text, at);
    if (invisible !== undefined) report(invisible);
  }
  return at + 1;
}

/**
 * Emoji flags of regions (England: U+1F3F4, then tags spelling `gbeng`, then
 * CANCEL TAG U+E007F) are what tag characters are for: they are left alone.
 */
function isFlagTags(text: string, at: number, end: number, hidden: string): boolean {
  const afterBlackFlag = text.charCodeAt(at - 2) === 0xd83c && text.charCodeAt(at - 1) === 0xdff4;
  const cancelled = text.charCodeAt(end - 1) === 0xdc7f;
  // A region and a subdivision of ISO 3166-2: longer lower-case text is a message, not a flag.
  return afterBlackFlag && cancelled && /^[a-z]{2}[a-z0-9]{1,3}$/.test(hidden);
}

/** How much of a hidden text a message shows. */
const HIDDEN_SHOWN = 80;

/** The surrogate pairs of U+E0000-U+E007F, Unicode's invisible tag characters. */
const isTag = (text: string, at: number) =>
  text.charCodeAt(at) === 0xdb40 && (text.charCodeAt(at + 1) & 0xff80) === 0xdc00;

/**
 * Tag characters mirror ASCII invisibly (U+E0041 is a hidden `A`): a run of
 * them is text that models read and people do not ("ASCII smuggling"). One
 * finding per run, showing what it hides. Returns where the scan goes on.
 */
function tagRun(text: string, at: number): number {
  let end = at;
  let hidden = "";
  while (isTag(text, end)) {
    const ascii = text.charCodeAt(end + 1) - 0xdc00;
    if (ascii >= 0x20 && ascii < 0x7f && hidden.length <= HIDDEN_SHOWN) hidden += String.fromCharCode(ascii);
    end += 2;
  }
  if (end === at) return at + 2;
  if (isFlagTags(text, at, end, hidden)) return end;
  if (hidden.length > HIDDEN_SHOWN) hidden = `${hidden.slice(0, HIDDEN_SHOWN)}…`;
  report({
    rule: "invisible-character",
    start: at,
    end,
    message: `invisible Unicode tag characters (U+E0000-U+E007F) hide the text ${JSON.stringify(hidden)}: models read it, people do not (ASCII smuggling)`,
  });
  return end;
}
