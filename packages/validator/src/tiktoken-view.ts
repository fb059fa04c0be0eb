/**
 * Where JavaScript's regexes and tiktoken's (Rust's) read a character differently.
 *
 * The split regexes say `\s`, `\p{L}`, `\p{M}`, `\p{N}`. Run by JavaScript, as gpt-tokenizer
 * and js-tiktoken run them, they give other pieces than OpenAI's tokenizer for three kinds of
 * character (found by scripts/crosscheck-tiktoken.mjs against the tiktoken package):
 *
 * - U+0085 (NEL) is whitespace to Rust (Unicode's White_Space), not to JavaScript;
 * - U+FEFF is whitespace to JavaScript, a format character (so punctuation) to Rust;
 * - letters, marks and digits newer than Rust's Unicode tables (tiktoken's are Unicode 16;
 *   Node 20.20 has 17) are punctuation to Rust: tiktoken-unicode.gen.ts lists them.
 *
 * `tiktokenView` replaces each with a stand-in of the class tiktoken gives it and of the same
 * UTF-16 length, so the plain split regex run on the view cuts exactly where tiktoken's would;
 * the pieces are then taken from the original text (long-pieces.ts). Any other character
 * reads the same to both: the view of a text without these is the text itself, which
 * test/tiktoken-view.test.ts checks with the pieces of both splits.
 *
 * An engine older than Unicode 16 still differs (letters tiktoken knows that it does not): no
 * table here says which characters those are, so a count there says so (`olderEngineNotes`).
 */
import { UNASSIGNED_IN_TIKTOKEN } from "./tiktoken-unicode.gen.js";

const DIFFERS_CLASS = `[\\u0085\\uFEFF${UNASSIGNED_IN_TIKTOKEN}]`;

/** Whether `text` holds a character the two regex engines read differently. */
export const readsDifferently = (text: string): boolean => DIFFERS.test(text);
const DIFFERS = new RegExp(DIFFERS_CLASS, "u");
const DIFFERS_ALL = new RegExp(DIFFERS_CLASS, "gu");

// Stand-ins: U+2000 (EN QUAD) is whitespace to both and no line break or ASCII space, which the
// regexes name; U+FFFD and U+1F600 are symbols (punctuation's class) to both, BMP and astral.
const standIn = (ch: string): string =>
  ch === "\u0085" ? "\u2000" : ch.length === 2 ? "\u{1F600}" : "\uFFFD";

/**
 * `text` with each character JavaScript's regexes read unlike tiktoken's replaced by one
 * they read as tiktoken does, index for index.
 *
 * @example
 * tiktokenView(" \u00850"); // " \u20000": NEL is whitespace to tiktoken
 */
export function tiktokenView(text: string): string {
  return text.replace(DIFFERS_ALL, standIn);
}

/**
 * Whether this engine's regexes know Unicode 16, tiktoken's tables: U+1C89 (CYRILLIC CAPITAL
 * LETTER TJE) is a letter since 16.0. Node 20.20 has 17; engines from before 2024 do not.
 */
export const ENGINE_KNOWS_UNICODE_16 = /\p{L}/u.test("\u1C89");
const UNKNOWN_TO_ENGINE = /\p{Cn}/u;

/**
 * The note of a count made with an OpenAI encoding on an engine older than Unicode 16, when a
 * string of `value` (a text, or a request's every string) holds a character the engine calls
 * unassigned: tiktoken may know it as a letter, mark or digit and split the text otherwise, so
 * the count may differ from OpenAI's. None on a newer engine.
 *
 * @example
 * olderEngineNotes("\u1C89a", false); // [the note]: on an engine without Unicode 16
 * olderEngineNotes({ messages: [{ role: "user", content: "\u1C89a" }] }, true); // []
 */
export function olderEngineNotes(value: unknown, engineKnows = ENGINE_KNOWS_UNICODE_16): string[] {
  if (engineKnows || !holdsUnknown(value, new Set())) return [];
  return [
    "this JavaScript engine's Unicode is older than 16.0 (tiktoken's): the text holds characters it calls unassigned, which OpenAI's tokenizer may read as letters and split otherwise; the count may differ from OpenAI's (a newer engine counts them exactly)",
  ];
}

function holdsUnknown(value: unknown, seen: Set<object>): boolean {
  if (typeof value === "string") return UNKNOWN_TO_ENGINE.test(value);
  if (typeof value !== "object" || value === null || seen.has(value)) return false;
  seen.add(value);
  return Object.values(value).some((inner) => holdsUnknown(inner, seen));
}
