/**
 * When an invisible character is doing its job in ordinary writing, judged by
 * the scripts around it, so that a CI linter does not flag real sentences:
 *
 * - ZWJ and ZWNJ choose letter forms in Arabic-script and Brahmic (Indic and
 *   Southeast Asian) words: inside such a word, or at its end (a Malayalam
 *   chillu or Bengali khanda ta is virama + ZWJ, often before a space; Persian
 *   writes ZWNJ before a space, and after a digit before a suffix: ۲۰‌ساله).
 *   Between emoji they build one emoji; between two letters of other scripts
 *   beyond ASCII they are left alone (Latin words never need them).
 * - ZWSP separates words in scripts written without spaces (Thai, Lao, Khmer,
 *   Myanmar, Javanese, Balinese, Tibetan, Tai Tham, New Tai Lue, Chinese,
 *   Japanese): between two letters of such scripts it is a word break.
 * - Directional isolates (LRI, RLI, FSI ... PDI) wrap placeholders in
 *   localised text: a balanced pair in a paragraph with no embedding or
 *   override is left alone. Unbalanced isolates, and every embedding and
 *   override, are what Trojan Source attacks use.
 */

const JOINING_SCRIPT =
  /[\p{scx=Arabic}\p{scx=Syriac}\p{scx=Nko}\p{scx=Thaana}\p{scx=Mongolian}\p{scx=Devanagari}\p{scx=Bengali}\p{scx=Gurmukhi}\p{scx=Gujarati}\p{scx=Oriya}\p{scx=Tamil}\p{scx=Telugu}\p{scx=Kannada}\p{scx=Malayalam}\p{scx=Sinhala}\p{scx=Tibetan}\p{scx=Myanmar}\p{scx=Khmer}\p{scx=Thai}\p{scx=Lao}\p{scx=Javanese}\p{scx=Balinese}]/u;
const UNSPACED_SCRIPT =
  /[\p{scx=Thai}\p{scx=Lao}\p{scx=Khmer}\p{scx=Myanmar}\p{scx=Javanese}\p{scx=Balinese}\p{scx=Tibetan}\p{scx=Tai_Tham}\p{scx=New_Tai_Lue}\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}]/u;
const WORD_CHAR = /[\p{L}\p{M}\p{Nd}]/u;
const MONGOLIAN = /[\p{scx=Mongolian}]/u;
const isBraille = (ch: string | undefined) => ch !== undefined && ch >= "\u2801" && ch <= "\u28ff";
const DIGIT = /\p{Nd}/u;
// biome-ignore lint/suspicious/noMisleadingCharacterClass: tested on one code point at a time
const EMOJI_PART = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\uFE0F]/u;
const LETTER_OR_MARK = /[\p{L}\p{M}]/u;
const ASCII_LETTER = /[A-Za-z]/;

/** Is the ZWJ, ZWNJ, ZWSP or isolate at `at` doing its job? */
export function isDoingItsJob(text: string, at: number): boolean {
  const code = text.charCodeAt(at);
  if (code === 0x200c || code === 0x200d) return joinsOrEndsWord(text, at);
  if (code === 0x200b) return breaksUnspacedWords(text, at);
  // Mongolian free variation selectors and vowel separator, after a Mongolian letter, choose its form.
  if (code >= 0x180b && code <= 0x180f) return MONGOLIAN.test(charBefore(text, at) ?? "");
  // The blank Braille pattern between Braille words is their space.
  if (code === 0x2800) return isBraille(charBefore(text, at)) || isBraille(charAfter(text, at + 1));
  if (code >= 0x2066 && code <= 0x2069) return isBalancedIsolate(text, at);
  return false;
}

function joinsOrEndsWord(text: string, at: number): boolean {
  const before = charBefore(text, at);
  const after = charAfter(text, at + 1);
  if (before === undefined) return false;
  const inJoiningWord = (ch: string) => WORD_CHAR.test(ch) && JOINING_SCRIPT.test(ch);
  if (inJoiningWord(before)) {
    // Inside the word, or at its end (a space, punctuation or the end of the text follows).
    return after === undefined || !WORD_CHAR.test(after) || inJoiningWord(after);
  }
  if (after === undefined) return false;
  // A digit, then a suffix in a joining script (Persian ۲۰‌ساله).
  if (DIGIT.test(before) && inJoiningWord(after)) return true;
  if (EMOJI_PART.test(before) && EMOJI_PART.test(after)) return true;
  // Letters of other scripts beyond ASCII: left alone, as before; Latin words never need them.
  if (ASCII_LETTER.test(before) || ASCII_LETTER.test(after)) return false;
  return LETTER_OR_MARK.test(before) && LETTER_OR_MARK.test(after);
}

function breaksUnspacedWords(text: string, at: number): boolean {
  const before = charBefore(text, at);
  const after = charAfter(text, at + 1);
  const unspaced = (ch: string | undefined) =>
    ch !== undefined && WORD_CHAR.test(ch) && UNSPACED_SCRIPT.test(ch);
  return unspaced(before) && unspaced(after);
}

/**
 * The isolates of one paragraph that have a partner, computed once per
 * paragraph: the scan asks about a text's characters in order, so a text full
 * of isolates costs one pass, and every isolate of a paragraph gets the same
 * answer whichever is asked first (a pair is judged alike from either end).
 */
let paragraph: { text: string; start: number; end: number; matched: ReadonlySet<number> } | undefined;

function isBalancedIsolate(text: string, at: number): boolean {
  if (paragraph === undefined || paragraph.text !== text || at < paragraph.start || at >= paragraph.end) {
    paragraph = isolatesOf(text, at);
  }
  return paragraph.matched.has(at);
}

/** Paragraph separators, as the Unicode bidi algorithm ends isolates at them. */
const isParagraphEnd = (code: number) =>
  code === 10 ||
  code === 13 ||
  code === 0x1c ||
  code === 0x1d ||
  code === 0x1e ||
  code === 0x85 ||
  code === 0x2029;

/** The paragraph around `at`, and its isolates that pair up (as a stack pairs them, UAX #9 BD9). */
function isolatesOf(text: string, at: number) {
  let start = at;
  while (start > 0 && !isParagraphEnd(text.charCodeAt(start - 1))) start--;
  let end = at + 1;
  while (end < text.length && !isParagraphEnd(text.charCodeAt(end))) end++;
  const matched = new Set<number>();
  const open: number[] = [];
  let override = false;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x2066 && c <= 0x2068) open.push(i);
    else if (c === 0x2069) {
      const opener = open.pop();
      if (opener !== undefined) matched.add(opener).add(i);
    } else if (c >= 0x202a && c <= 0x202e) override = true;
  }
  // An embedding or override in the paragraph: its isolates are part of the reordering.
  return { text, start, end, matched: override ? new Set<number>() : matched };
}

function charBefore(text: string, at: number): string | undefined {
  if (at === 0) return undefined;
  const low = text.charCodeAt(at - 1);
  const start = low >= 0xdc00 && low <= 0xdfff && at >= 2 ? at - 2 : at - 1;
  return String.fromCodePoint(text.codePointAt(start) as number);
}

function charAfter(text: string, at: number): string | undefined {
  const code = text.codePointAt(at);
  return code === undefined ? undefined : String.fromCodePoint(code);
}
