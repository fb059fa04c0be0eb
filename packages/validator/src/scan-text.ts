import type { Finding } from "./finding.js";
import { INVISIBLE_CLASS, invisibleAt } from "./invisible.js";
import { lookalikeAt, OPENERS } from "./lookalike.js";
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
 * a class faster than it searches for the class (12.9 vs 16.0 ms over the
 * bench conversation).
 */
const QUIET_RUN = new RegExp(`[^${INTERESTING_CLASS}]+`, "y");
/** The invisible characters themselves, to tell them from the rest of that range. */
const INVISIBLE_CHAR = new RegExp(`[${INVISIBLE_CLASS}]`);

const NO_FINDINGS: Finding[] = [];

/**
 * Offset of the first character at or after `from` that a text rule starts
 * at, or `text.length`. `validate` calls this once per stretch of plain text:
 * it is the floor of validation's cost, and `pnpm bench` times it alone.
 */
export function nextInteresting(text: string, from: number): number {
  QUIET_RUN.lastIndex = from;
  return QUIET_RUN.test(text) ? QUIET_RUN.lastIndex : from;
}

/** What kind of field a string is, for messages: `content`, `name`, `role`. */
export type FieldLabel = string;

/**
 * Runs the text rules (special-token, foreign-special-token,
 * special-token-lookalike, invisible-character, invalid-unicode) over one
 * string and returns their findings in order.
 */
export function scanText(text: string, label: FieldLabel): Finding[] {
  let findings: Finding[] | undefined;
  const report = (finding: Finding) => {
    findings ??= [];
    findings.push(finding);
  };
  for (let at = nextInteresting(text, 0); at < text.length; ) {
    at = nextInteresting(text, inspect(text, at, label, report));
  }
  // Most strings have nothing to look at: one regex pass, no allocation.
  return findings ?? NO_FINDINGS;
}

/** Checks the interesting character at `at`; returns where the scan goes on. */
function inspect(text: string, at: number, label: FieldLabel, report: (finding: Finding) => void): number {
  const code = text.charCodeAt(at);
  if (code >= 0xd800 && code <= 0xdfff) {
    const next = text.charCodeAt(at + 1);
    if (code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) return at + 2; // a valid pair
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
