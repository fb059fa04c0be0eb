// isDoingItsJob, case by case: when a ZWJ, ZWNJ, ZWSP, Mongolian selector, blank Braille pattern
// or directional isolate is ordinary writing (true), and when it is not (false). validate's tests
// see it through the invisible-character rule; here each condition and each edge is its own case.
import { describe, expect, it } from "vitest";
import { isDoingItsJob } from "../src/invisible-in-context.js";

const ZWNJ = "\u200c";
const ZWJ = "\u200d";
const ZWSP = "\u200b";
const LRI = "\u2066";
const PDI = "\u2069";
const RLO = "\u202e";

/** isDoingItsJob at the first place in `text` of `ch`. */
const judged = (text: string, ch: string) => isDoingItsJob(text, text.indexOf(ch));

describe("ZWJ and ZWNJ", () => {
  it.each([
    ["inside a Devanagari word", `क${ZWJ}ष`, ZWJ, true],
    ["at the end of a Malayalam word, before a space", `ന്${ZWJ} ക`, ZWJ, true],
    ["at the end of a Bengali word, at the end of the text", `ত্${ZWJ}`, ZWJ, true],
    ["at the end of an Arabic-script word, before punctuation", `می${ZWNJ}.`, ZWNJ, true],
    ["a Devanagari letter, then a Latin one", `क${ZWJ}a`, ZWJ, false],
    ["at the start of the text", `${ZWJ}क`, ZWJ, false],
    ["after a Latin letter, at the end of the text", `a${ZWJ}`, ZWJ, false],
    ["after a digit, before a Persian suffix", `۲۰${ZWNJ}ساله`, ZWNJ, true],
    ["after an ASCII digit, before a Persian suffix", `20${ZWNJ}ساله`, ZWNJ, true],
    ["after a digit, before a Latin letter", `20${ZWNJ}a`, ZWNJ, false],
    ["after a digit, before a Greek letter", `20${ZWNJ}α`, ZWNJ, false],
    ["between two emoji", `👨${ZWJ}👩`, ZWJ, true],
    ["between an emoji and a selector", `❤${ZWJ}\ufe0f`, ZWJ, true],
    ["between an emoji and a Latin letter", `👨${ZWJ}a`, ZWJ, false],
    ["between an emoji and a Greek letter", `👨${ZWJ}α`, ZWJ, false],
    ["between two Greek letters", `α${ZWJ}β`, ZWJ, true],
    ["after a Greek combining mark, before a Greek letter", `α\u0301${ZWJ}β`, ZWJ, true],
    ["a Greek letter, then a Latin one", `α${ZWJ}a`, ZWJ, false],
    ["a Latin letter, then a Greek one", `a${ZWJ}α`, ZWJ, false],
    ["a Greek letter, then punctuation", `α${ZWJ}!`, ZWJ, false],
    ["punctuation, then a Greek letter", `!${ZWJ}α`, ZWJ, false],
    ["a Greek letter at the end of the text", `α${ZWJ}`, ZWJ, false],
    ["after a lone low surrogate at the start", `\udc00${ZWJ}`, ZWJ, false],
    // The character before is read whole: a letter past U+FFFF (its low surrogate at each end of
    // the range), and one of the Basic Multilingual Plane past the surrogates.
    ["between two Linear B letters (U+10000, low surrogate DC00)", `\u{10000}${ZWJ}\u{10001}`, ZWJ, true],
    ["after an Arabic presentation form (U+FB50), before an Arabic letter", `a\ufb50${ZWJ}ب`, ZWJ, true],
  ])("%s", (_, text, ch, expected) => {
    expect(judged(text, ch)).toBe(expected);
  });
});

describe("ZWSP", () => {
  it.each([
    ["between two Thai letters", `ก${ZWSP}ข`, true],
    ["between two Han characters", `中${ZWSP}文`, true],
    ["between Hiragana and Katakana", `の${ZWSP}カ`, true],
    ["a Thai letter, then a Latin one", `ก${ZWSP}a`, false],
    ["a Latin letter, then a Thai one", `a${ZWSP}ข`, false],
    ["between two Latin letters", `a${ZWSP}b`, false],
    ["a Thai letter, then Thai punctuation", `ก${ZWSP}๏`, false],
    ["at the start of the text", `${ZWSP}ก`, false],
    ["at the end of the text", `ก${ZWSP}`, false],
    ["after U+20000 (low surrogate DC00), at the text's third place", `\u{20000}${ZWSP}中`, true],
    ["after U+2A7FF (low surrogate DFFF)", `\u{2A7FF}${ZWSP}中`, true],
  ])("%s", (_, text, expected) => {
    expect(judged(text, ZWSP)).toBe(expected);
  });
});

describe("Mongolian selectors and the blank Braille pattern", () => {
  it.each([
    ["the first selector after a Mongolian letter", "ᠠ\u180b", "\u180b", true],
    ["the vowel separator after a Mongolian letter", "ᠠ\u180e", "\u180e", true],
    ["the fourth selector after a Mongolian letter", "ᠠ\u180f", "\u180f", true],
    ["a selector after a Latin letter", "a\u180b", "\u180b", false],
    ["a selector at the start", "\u180bᠠ", "\u180b", false],
    ["a Mongolian digit is no selector", "ᠠ\u1810", "\u1810", false],
    [
      "a character below the selectors (Khmer's inherent vowel) after a Mongolian letter",
      "ᠠ\u17b4",
      "\u17b4",
      false,
    ],
    ["the blank pattern between Braille words", "⠁\u2800⠃", "\u2800", true],
    ["the blank pattern after a Braille word", "⠁\u2800", "\u2800", true],
    ["the blank pattern before a Braille word", "\u2800⠃", "\u2800", true],
    ["the blank pattern after the last Braille pattern", "⣿\u2800", "\u2800", true],
    ["the blank pattern between Latin letters", "a\u2800b", "\u2800", false],
    ["two blank patterns alone", "\u2800\u2800", "\u2800", false],
    ["the blank pattern between Han characters (past the Braille block)", "中\u2800文", "\u2800", false],
    ["the blank pattern between a Latin letter and a Braille word", "a\u2800⠃", "\u2800", true],
    ["other characters are never doing a job", "a\u00adb", "\u00ad", false],
  ])("%s", (_, text, ch, expected) => {
    expect(judged(text, ch)).toBe(expected);
  });
});

describe("directional isolates", () => {
  const both = (text: string) => {
    const at = [...text].flatMap((ch, i) => (ch >= LRI && ch <= PDI ? [i] : []));
    return at.map((i) => isDoingItsJob(text, i));
  };

  it("a balanced pair is left alone, each isolate kind", () => {
    expect(both(`a${LRI}x${PDI}b`)).toEqual([true, true]);
    expect(both(`a\u2067x${PDI}b`)).toEqual([true, true]);
    expect(both(`a\u2068x${PDI}b`)).toEqual([true, true]);
    expect(both(`${LRI}a\u2068b${PDI}c${PDI}`)).toEqual([true, true, true, true]);
  });

  it("an isolate without its partner is flagged", () => {
    expect(both(`${LRI}x`)).toEqual([false]);
    expect(both(`x${PDI}`)).toEqual([false]);
    expect(both(`${PDI}x${LRI}`)).toEqual([false, false]);
    expect(both(`${LRI}${LRI}x${PDI}`)).toEqual([false, true, true]);
  });

  it("every isolate of a paragraph with an embedding or override is flagged", () => {
    expect(both(`${RLO}x${LRI}y${PDI}`)).toEqual([false, false]);
    expect(both(`${LRI}y${PDI}\u202a`)).toEqual([false, false]);
    // U+2029 is no override: only the range U+202A..U+202E is.
    expect(both(`${LRI}y${PDI}\u202f`)).toEqual([true, true]);
  });

  it.each([
    ["a newline", "\n"],
    ["a carriage return", "\r"],
    ["a file separator", "\u001c"],
    ["a group separator", "\u001d"],
    ["a record separator", "\u001e"],
    ["a next line", "\u0085"],
    ["a paragraph separator", "\u2029"],
  ])("a pair split by %s is two paragraphs' unpaired isolates", (_, end) => {
    expect(both(`${LRI}x${end}y${PDI}`)).toEqual([false, false]);
  });

  it("a closer right after a paragraph end pairs with nothing before it", () => {
    // Asked at the closer: its paragraph starts after the newline, so the opener before is not its partner.
    expect(isDoingItsJob(`${LRI}\n${PDI}`, 2)).toBe(false);
    expect(isDoingItsJob(`${LRI}\n${PDI}`, 0)).toBe(false);
  });

  it("a unit separator or line separator does not end a paragraph", () => {
    expect(both(`${LRI}x\u001fy${PDI}`)).toEqual([true, true]);
    expect(both(`${LRI}x\u2028y${PDI}`)).toEqual([true, true]);
  });

  it("a pair is balanced at any distance within its paragraph, judged alike from either end", () => {
    const far = `${LRI}${"x".repeat(100_000)}${PDI}`;
    expect(both(far)).toEqual([true, true]);
    expect([far.length - 1, 0].map((at) => isDoingItsJob(far, at))).toEqual([true, true]);
    // Which isolate is asked first changes no answer: the whole paragraph is paired at once.
    const text = `${LRI}${"x".repeat(3999)}${LRI}${"x".repeat(96)}${PDI}`;
    expect([0, 4000, 4097].map((at) => isDoingItsJob(text, at))).toEqual([false, true, true]);
    expect([4097, 4000, 0].map((at) => isDoingItsJob(text, at))).toEqual([true, true, false]);
    expect([4000, 0].map((at) => isDoingItsJob(`ab${text}`, at + 2))).toEqual([true, false]);
  });

  it("a paragraph's pairs are not reused for another paragraph of the same text", () => {
    const text = `${LRI}a\n${LRI}b${PDI}`;
    expect([0, 3, 5].map((at) => isDoingItsJob(text, at))).toEqual([false, true, true]);
    expect([5, 3, 0].map((at) => isDoingItsJob(text, at))).toEqual([true, true, false]);
    const other = `${LRI}a${PDI}\n${LRI}b`;
    expect([0, 2, 4].map((at) => isDoingItsJob(other, at))).toEqual([true, true, false]);
    expect([4, 0, 2].map((at) => isDoingItsJob(other, at))).toEqual([false, true, true]);
    // Nor another text's, at the same place.
    expect(isDoingItsJob(`${LRI}c${PDI}`, 0)).toBe(true);
    expect(isDoingItsJob(`${LRI}c`, 0)).toBe(false);
  });
});
