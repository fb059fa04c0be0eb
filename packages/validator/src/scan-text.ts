import { ENCODED_STARTS, encodedTokenAt } from "./encoded-token.js";
import type { Finding } from "./finding.js";
import { hiddenRunAt } from "./hidden-text.js";
import { astralInvisibleAt, INVISIBLE_CLASS, invisibleAt } from "./invisible.js";
import { lookalikeAt, nameMayFollow, OPENERS } from "./lookalike.js";
import { DEFAULT_ROLES } from "./rules.js";
import {
  deepSeekTokenAt,
  foreignTokenAt,
  pipeTokenAt,
  specialTokenAt,
  specialTokenFinding,
  type Vocabulary,
  vocabularyTokenAt,
} from "./special-tokens.js";

/**
 * Every character any text rule starts at (a character class body): the
 * openers of lookalike.ts, the starts of encoded tokens (encoded-token.ts),
 * `[` (bracketed foreign tokens), the characters of INVISIBLE_CLASS,
 * variation selectors and surrogates (hidden-text.ts).
 */
export const STARTS_CLASS = `${OPENERS}${ENCODED_STARTS}\\[${INVISIBLE_CLASS}\\uFE00-\\uFE0F\\uD800-\\uDFFF`;

/**
 * What the scan stops at: a superset of STARTS_CLASS in at most 16 ranges.
 * V8 runs a class of up to 16 ranges about five times faster than one of 17
 * (over the bench conversation: 5.5 ms against 27 ms for the same stops), so
 * the rare characters are covered by a few wide ranges and `inspect` passes
 * over the extra stops (combining marks, Runic to Mongolian, math and
 * dingbats, fullwidth forms). Tests check it covers STARTS_CLASS and keeps to
 * 16 ranges. Tab, newline and CR, letters, digits and the usual punctuation
 * never stop it.
 */
const INTERESTING_CLASS = [
  "\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F", // controls but tab, LF, CR
  "%&<\\[\\\\", // encoded starts, the ASCII opener, bracketed tokens
  "\\u007F-\\u009F", // DEL, C1 controls
  "\\u02C2-\\u034F", // ˂, combining marks up to the grapheme joiner
  "\\u115F\\u1160", // Hangul fillers
  "\\u1438-\\u180F", // Canadian syllabic ᐸ to Mongolian selectors (ᚲ, Khmer inherent vowels)
  "\\u200B-\\u206F", // zero-width, bidi controls, ‹, invisible operators
  "\\u2260-\\u2CB4", // ≮ ⋖ 〈 ❬ ❮ ❰ ⟨ ⟪ ⦑ ⧼ Ⲵ
  "\\u3008-\\u300A", // 〈 《
  "\\u3164", // Hangul filler
  "\\uD800-\\uDFFF", // surrogates: astral openers, tags, selectors, invisibles
  "\\uFE00-\\uFFFB", // selectors, small and fullwidth forms, BOM, fillers, annotation
].join("");

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
 * string and returns their findings in order. With a `vocabulary` (an open
 * model's tokenizer.json), its added tokens are special tokens too.
 */
export function scanText(text: string, label: FieldLabel, vocabulary?: Vocabulary): Finding[] {
  if (vocabulary === undefined && text.length <= PLAIN_WORD_MAX && PLAIN_WORDS.has(text)) return NO_FINDINGS;
  // Setting length costs a runtime call: only when a previous scan threw halfway.
  if (found.length !== 0) {
    found.length = 0;
    repeats.clear();
    firstOfRule.clear();
  }
  scanning = vocabulary;
  if (vocabulary !== undefined) quietVocabulary(text, label, vocabulary);
  for (let at = nextInteresting(text, 0); at < text.length; ) {
    at = nextInteresting(text, inspect(text, at, label));
  }
  scanning = undefined;
  // Most strings have nothing to report: one regex pass, no allocation.
  if (found.length === 0) return NO_FINDINGS;
  const findings = found.map((first) => {
    const repeat = repeats.get(first.rule)?.get(first.message) as Repeat;
    if (repeat.count === 1) return first;
    const more = repeat.count - 1;
    return {
      ...first,
      message: `${first.message} (and ${more} more in this string)`,
      count: repeat.count,
      more: repeat.more,
    };
  });
  found.length = 0;
  repeats.clear();
  firstOfRule.clear();
  return findings;
}

/** How many further positions a collapsed finding lists. */
const MORE_POSITIONS = 9;
/** How many different findings of one rule one string reports before the rest join the rule's first. */
const DISTINCT_PER_RULE = 10;

interface Repeat {
  count: number;
  distinct: number;
  readonly more: Array<{ start: number; end: number }>;
}

/**
 * What inspect found in the string being scanned (scanning is synchronous).
 * A finding seen again in the same string (the same rule saying the same
 * thing) is counted, not repeated: the first stands for the rest, with their
 * count and next few positions. 200,000 zero-width spaces in one string are
 * one diagnostic, not 200,000 (each costs memory and a line of output, and
 * says nothing the first does not). Different findings of one rule (two
 * different tokens) stay apart, up to DISTINCT_PER_RULE; past that they join
 * the rule's first too, so one string yields a bounded number of diagnostics.
 */
const found: Finding[] = [];
/** Repeats by rule, then by message (no key string built per finding: a message's hash is kept with it). */
const repeats = new Map<Finding["rule"], Map<string, Repeat>>();
const firstOfRule = new Map<Finding["rule"], Repeat>();
const report = (finding: Finding) => {
  let byMessage = repeats.get(finding.rule);
  if (byMessage === undefined) {
    byMessage = new Map();
    repeats.set(finding.rule, byMessage);
  }
  let repeat = byMessage.get(finding.message);
  if (repeat === undefined) {
    const first = firstOfRule.get(finding.rule);
    if (first === undefined || first.distinct < DISTINCT_PER_RULE) {
      const fresh: Repeat = { count: 1, distinct: 1, more: [] };
      byMessage.set(finding.message, fresh);
      if (first === undefined) firstOfRule.set(finding.rule, fresh);
      else first.distinct++;
      found.push(finding);
      return;
    }
    repeat = first;
  }
  repeat.count++;
  if (repeat.more.length < MORE_POSITIONS) repeat.more.push({ start: finding.start, end: finding.end });
};

/** The vocabulary of the string being scanned, if any. */
let scanning: Vocabulary | undefined;

/**
 * A vocabulary's tokens that start with a character the scan does not stop at
 * (rare: most added tokens open with `<` or `[`), looked for on their own.
 */
function quietVocabulary(text: string, label: FieldLabel, vocabulary: Vocabulary): void {
  for (const token of vocabulary.tokens) {
    if (INTERESTING.test(token[0] as string)) continue;
    for (let at = text.indexOf(token); at !== -1; at = text.indexOf(token, at + token.length)) {
      report(specialTokenFinding(token, at, label, vocabulary.name));
    }
  }
}

/** Checks the interesting character at `at`; returns where the scan goes on. */
function inspect(text: string, at: number, label: FieldLabel): number {
  const code = text.charCodeAt(at);
  if (scanning !== undefined) {
    // The model's own control tokens first: one there is this model's structure, not a foreign token.
    const token = vocabularyTokenAt(text, at, scanning);
    if (token !== undefined) {
      report(specialTokenFinding(token, at, label, scanning.name));
      return at + token.length;
    }
  }
  if (code >= 0xd800 && code <= 0xdfff) {
    const next = text.charCodeAt(at + 1);
    if (code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      // A valid pair: an opener beyond the BMP (U+1D236 reads as "<"), or hidden text.
      const lookalike = lookalikeAt(text, at);
      if (lookalike !== undefined) report(lookalike);
      const invisible = astralInvisibleAt(text, at);
      if (invisible === undefined) return hiddenRunAt(text, at, report);
      report(invisible);
      return at + 2;
    }
    report({
      rule: "invalid-unicode",
      start: at,
      end: at + 1,
      message: `lone ${code <= 0xdbff ? "high" : "low"} surrogate U+${code.toString(16).toUpperCase()} in ${label}: it cannot be encoded as UTF-8`,
    });
    return at + 1;
  }
  if (code >= 0xfe00 && code <= 0xfe0f) return hiddenRunAt(text, at, report);
  if (code === 60 && text.charCodeAt(at + 1) === 124 && pipeTokenAt(text, at) === undefined) {
    // `<|` and a name no token starts with (`<| not a token |>` in code): no rule reads it.
    if (!nameMayFollow(text, at + 2)) return at + 1;
  }
  if (code === 60) {
    const token = specialTokenAt(text, at);
    if (token !== undefined) {
      report(specialTokenFinding(token, at, label));
      return at + token.length;
    }
  }
  if (code === 38 || code === 37 || code === 92 || code === 60) {
    // `&lt;|im_end|&gt;`, `%3C%7C...`, `\u003c...`, `<&#124;...`: a token a decoder would make.
    const encoded = encodedTokenAt(text, at);
    if (encoded !== undefined) {
      report(encoded);
      return at + 1;
    }
    if (code !== 60) return at + 1;
  }
  if (OPENERS.includes(text[at] as string)) {
    // ('<' is one of OPENERS.)
    // An exact foreign token is named as one, even when it also reads like a ChatML token
    // (<|end_of_text|>); DeepSeek's open-ended pattern yields to the look-alike rule.
    const found =
      code === 60
        ? (foreignTokenAt(text, at) ?? lookalikeAt(text, at) ?? deepSeekTokenAt(text, at))
        : (lookalikeAt(text, at) ?? encodedTokenAt(text, at));
    // The scan goes on from the next character: no match may hide a later one (a real token
    // inside a look-alike or a DeepSeek-style wrapper), and characters inside a look-alike are
    // reported too, being part of the attack.
    if (found !== undefined) report(found);
    return at + 1;
  }
  if (code === 91) {
    // "[": Mistral's and GLM's control tokens are bracketed ([INST]).
    const found = foreignTokenAt(text, at);
    if (found !== undefined) report(found);
    return at + 1;
  }
  if (INVISIBLE_CHAR.test(text[at] as string)) {
    const invisible = invisibleAt(text, at);
    if (invisible === undefined) return at + 1;
    report(invisible);
    // A run of the same character is the same finding at each offset: one look, not one per character.
    // (Not for isolates, whose pairing decides each one; a joiner or space next to its own kind has no word to join.)
    let next = at + 1;
    if (code < 0x2066 || code > 0x2069) {
      for (; text.charCodeAt(next) === code; next++) report({ ...invisible, start: next, end: next + 1 });
    }
    return next;
  }
  return at + 1;
}
