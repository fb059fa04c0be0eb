import { createToken, Lexer, type TokenType } from "chevrotain";
import { IM_END, IM_SEP, IM_START } from "./special-tokens.js";

/*
 * Tokens and lexer modes. Three modes mirror where the scanner is:
 *   outside  - between messages (initial mode)
 *   header   - after <|im_start|>, up to the newline or <|im_sep|>
 *   content  - the message body, up to <|im_end|>
 * Every mode ends with a catch-all text token, so the lexer can never fail
 * and the token images always concatenate back to the input.
 * A structural token exists once per mode it can appear in (each with its own
 * push/pop), grouped under an abstract category that the parser consumes.
 */

// Abstract categories the parser consumes.
export const ImStart = createToken({ name: "ImStart", pattern: Lexer.NA });
export const ImEnd = createToken({ name: "ImEnd", pattern: Lexer.NA });
export const ImSep = createToken({ name: "ImSep", pattern: Lexer.NA });
/** What may stand between messages: text, or a stray `<|im_end|>` / `<|im_sep|>`. */
export const Between = createToken({ name: "Between", pattern: Lexer.NA });
/** A piece of header text: words, spaces, or a misplaced special token. */
export const HeaderPart = createToken({ name: "HeaderPart", pattern: Lexer.NA });
/** What ends a header: a newline (`chatml`) or `<|im_sep|>` (`chatml-sep`). */
export const HeaderEnd = createToken({ name: "HeaderEnd", pattern: Lexer.NA });

/**
 * Start-char hints let chevrotain pick candidate patterns by the next
 * character. It buckets char codes >= 256 in groups of 255, so one code per
 * bucket plus all of 0-255 stands for "any character".
 */
function anyCharExcept(excluded: string): number[] {
  const codes: number[] = [];
  for (let c = 0; c < 256; c++) if (!excluded.includes(String.fromCharCode(c))) codes.push(c);
  // chevrotain's bucket of a code c >= 256 is 255 + floor(c / 255): one code per bucket.
  let bucket = -1;
  for (let c = 256; c < 65536; c++) {
    const b = Math.floor(c / 255);
    if (b !== bucket) {
      bucket = b;
      codes.push(c);
    }
  }
  return codes;
}
const ANY_CHAR = anyCharExcept("");

/**
 * Matches text up to (not including) the next `<|im_start|>`, `<|im_end|>`
 * or, with `stopAtSep`, `<|im_sep|>`. All of them begin with `<|im_`, so one
 * indexOf finds the candidates.
 */
/**
 * Whether `text` at `at` (just after a `<|im_`) finishes `<|im_start|>`,
 * `<|im_end|>` or, with `sep`, `<|im_sep|>`: one comparison picked by the
 * next character, not one per token (this runs for every text token).
 */
function endsToken(text: string, at: number, sep: boolean): boolean {
  const c = text.charCodeAt(at);
  if (c === E) return text.startsWith(END_REST, at + 1);
  if (c !== S) return false;
  return text.startsWith(START_REST, at + 1) || (sep && text.startsWith(SEP_REST, at + 1));
}
// What follows `<|im_e` and `<|im_s` in each token.
const E = IM_END.charCodeAt(5);
const S = IM_START.charCodeAt(5);
const END_REST = IM_END.slice(6);
const START_REST = IM_START.slice(6);
const SEP_REST = IM_SEP.slice(6);

function textUntil(stopAtSep: boolean) {
  // chevrotain reads match[0] at once and keeps nothing, so one array serves every call.
  const match = [""] as unknown as RegExpExecArray;
  return (text: string, offset: number): RegExpExecArray | null => {
    let end = text.length;
    let at = text.indexOf("<|im_", offset);
    while (at !== -1) {
      if (endsToken(text, at + 5, stopAtSep)) {
        end = at;
        break;
      }
      at = text.indexOf("<|im_", at + 1);
    }
    if (end === offset) return null;
    match[0] = text.slice(offset, end);
    return match;
  };
}

/**
 * A fixed string as a custom pattern whose match is one shared array: no
 * regex run and no fresh substring per token; the image is the constant.
 */
function exactly(image: string) {
  const match = [image] as unknown as RegExpExecArray;
  return {
    pattern: { exec: (text: string, offset: number) => (text.startsWith(image, offset) ? match : null) },
    start_chars_hint: [image.charCodeAt(0)],
  };
}

// --- outside mode --------------------------------------------------------
export const OutsideImStart = createToken({
  name: "OutsideImStart",
  ...exactly(IM_START),
  categories: ImStart,
  push_mode: "header",
});
export const StrayImEnd = createToken({ name: "StrayImEnd", ...exactly(IM_END), categories: Between });
export const StrayImSep = createToken({ name: "StrayImSep", ...exactly(IM_SEP), categories: Between });
export const OutsideText = createToken({
  name: "OutsideText",
  pattern: { exec: textUntil(true) },
  start_chars_hint: ANY_CHAR,
  line_breaks: true,
  categories: Between,
});

// --- header mode ---------------------------------------------------------
export const HeaderImStart = createToken({
  name: "HeaderImStart",
  ...exactly(IM_START),
  categories: ImStart,
  pop_mode: true,
  push_mode: "header",
});
export const HeaderImEnd = createToken({
  name: "HeaderImEnd",
  ...exactly(IM_END),
  categories: ImEnd,
  pop_mode: true,
});
export const HeaderImSep = createToken({
  name: "HeaderImSep",
  ...exactly(IM_SEP),
  categories: [ImSep, HeaderEnd],
  pop_mode: true,
  push_mode: "content",
});
/** `<|name|>` in a header: a special token that has no business there. */
export const HeaderSpecial = createToken({
  name: "HeaderSpecial",
  pattern: /<\|[A-Za-z0-9_]+\|>/,
  categories: HeaderPart,
});
/** The end of a header: `\n` or `\r\n`. */
export const Newline = createToken({
  name: "Newline",
  pattern: /\r?\n/,
  line_breaks: true,
  categories: HeaderEnd,
  pop_mode: true,
  push_mode: "content",
});
export const HeaderSpace = createToken({ name: "HeaderSpace", pattern: /[ \t]+/, categories: HeaderPart });
/** Header characters other than `<`; a `\r` not ending the line is its own token. */
export const HeaderText = createToken({
  name: "HeaderText",
  pattern: /[^ \t\r\n<]+|\r(?!\n)/,
  start_chars_hint: anyCharExcept(" \t\n<"),
  categories: HeaderPart,
});
/** A `<` in a header that does not start a special token. */
export const HeaderLess = createToken({ name: "HeaderLess", pattern: "<", categories: HeaderPart });

// --- content mode --------------------------------------------------------
export const ContentImEnd = createToken({
  name: "ContentImEnd",
  ...exactly(IM_END),
  categories: ImEnd,
  pop_mode: true,
});
/** `<|im_start|>` before the open message was closed. */
export const ContentImStart = createToken({
  name: "ContentImStart",
  ...exactly(IM_START),
  categories: ImStart,
  pop_mode: true,
  push_mode: "header",
});
export const ContentText = createToken({
  name: "ContentText",
  pattern: { exec: textUntil(false) },
  start_chars_hint: ANY_CHAR,
  line_breaks: true,
});

export const lexerDefinition = {
  defaultMode: "outside",
  modes: {
    // Special tokens first: chevrotain only tries the patterns whose first
    // character fits, so text never waits for them, and at a `<` the text
    // pattern (which never matches at a special token) is not tried in vain.
    outside: [OutsideImStart, StrayImEnd, StrayImSep, OutsideText],
    header: [
      HeaderText,
      Newline,
      HeaderSpace,
      HeaderImStart,
      HeaderImEnd,
      HeaderImSep,
      HeaderSpecial,
      HeaderLess,
    ],
    content: [ContentImEnd, ContentImStart, ContentText],
  },
};

/** Every token type, abstract categories first (the parser's vocabulary). */
export const allTokens: readonly TokenType[] = [
  ImStart,
  ImEnd,
  ImSep,
  Between,
  HeaderPart,
  HeaderEnd,
  ...lexerDefinition.modes.outside,
  ...lexerDefinition.modes.header,
  ...lexerDefinition.modes.content,
];
