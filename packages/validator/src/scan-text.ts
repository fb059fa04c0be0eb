import type { Finding } from "./finding.js";
import { INVISIBLE_CLASS, invisibleAt } from "./invisible.js";
import { lookalikeAt, OPENERS } from "./lookalike.js";
import { deepSeekTokenAt, foreignTokenAt, specialTokenAt, specialTokenFinding } from "./special-tokens.js";

/**
 * Every character any text rule starts at, in one class: one regex pass over
 * the text finds the few places worth a closer look: the openers of
 * lookalike.ts, the characters of INVISIBLE_CLASS, and surrogates.
 * U+202A-U+206F is one range (bidi controls, ‹, word joiner, isolates, and a
 * few rare symbols the dispatch skips): V8 scans a class of fewer ranges about
 * twice as fast. A test checks it covers every opener and invisible character.
 */
export const INTERESTING =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the invisible-character rule's job
  /[<＜﹤〈〈⟨❮ᐸ\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u200B-\u200D\uFEFF\u202A-\u206F\uD800-\uDFFF]/g;
/** The invisible characters themselves, to tell them from the rest of that range. */
const INVISIBLE_CHAR = new RegExp(`[${INVISIBLE_CLASS}]`);

const NO_FINDINGS: Finding[] = [];

/** What kind of field a string is, for messages: `content`, `name`, `role`. */
export type FieldLabel = string;

/**
 * Runs the text rules (special-token, foreign-special-token,
 * special-token-lookalike, invisible-character, invalid-unicode) over one
 * string and returns their findings in order.
 */
export function scanText(text: string, label: FieldLabel): Finding[] {
  INTERESTING.lastIndex = 0;
  let findings: Finding[] | undefined;
  while (INTERESTING.test(text)) {
    const at = INTERESTING.lastIndex - 1;
    findings ??= [];
    const code = text.charCodeAt(at);
    if (code >= 0xd800 && code <= 0xdfff) {
      const next = text.charCodeAt(at + 1);
      if (code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        INTERESTING.lastIndex = at + 2; // a valid pair
        continue;
      }
      findings.push({
        rule: "invalid-unicode",
        start: at,
        end: at + 1,
        message: `lone ${code <= 0xdbff ? "high" : "low"} surrogate U+${code.toString(16).toUpperCase()} in ${label}: it cannot be encoded as UTF-8`,
      });
      continue;
    }
    if (code === 60) {
      const token = specialTokenAt(text, at);
      if (token !== undefined) {
        findings.push(specialTokenFinding(token, at, label));
        INTERESTING.lastIndex = at + token.length;
        continue;
      }
    }
    if (OPENERS.includes(text[at] as string)) {
      // An exact foreign token is named as one, even when it also reads like a ChatML token
      // (<|end_of_text|>); DeepSeek's open-ended pattern yields to the look-alike rule.
      const found =
        code === 60
          ? (foreignTokenAt(text, at) ?? lookalikeAt(text, at) ?? deepSeekTokenAt(text, at))
          : lookalikeAt(text, at);
      if (found !== undefined) {
        findings.push(found);
        // Characters inside a look-alike are reported too: they are part of the attack.
        if (found.rule === "foreign-special-token") INTERESTING.lastIndex = found.end;
      }
      continue;
    }
    if (!INVISIBLE_CHAR.test(text[at] as string)) continue;
    const invisible = invisibleAt(text, at);
    if (invisible !== undefined) findings.push(invisible);
  }
  // Most strings have nothing to look at: one regex pass, no allocation.
  return findings ?? NO_FINDINGS;
}
