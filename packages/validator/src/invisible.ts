import type { Finding } from "./finding.js";

const NAMES: Readonly<Record<number, string>> = {
  8203: "ZERO WIDTH SPACE",
  8204: "ZERO WIDTH NON-JOINER",
  8205: "ZERO WIDTH JOINER",
  8288: "WORD JOINER",
  65279: "ZERO WIDTH NO-BREAK SPACE (BOM)",
  8234: "LEFT-TO-RIGHT EMBEDDING",
  8235: "RIGHT-TO-LEFT EMBEDDING",
  8236: "POP DIRECTIONAL FORMATTING",
  8237: "LEFT-TO-RIGHT OVERRIDE",
  8238: "RIGHT-TO-LEFT OVERRIDE",
  8294: "LEFT-TO-RIGHT ISOLATE",
  8295: "RIGHT-TO-LEFT ISOLATE",
  8296: "FIRST STRONG ISOLATE",
  8297: "POP DIRECTIONAL ISOLATE",
};

/** Characters the invisible-character rule looks at (a character class body). */
export const INVISIBLE_CLASS =
  "\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\u200B-\\u200D\\u2060\\uFEFF\\u202A-\\u202E\\u2066-\\u2069";

// biome-ignore lint/suspicious/noMisleadingCharacterClass: tested on one code point at a time
const JOINABLE = /[\p{L}\p{M}\p{Extended_Pictographic}\p{Emoji_Modifier}\uFE0F]/u;
const ASCII_LETTER = /[A-Za-z]/;

/**
 * The invisible or control character at `at`, unless it is doing its job:
 * a zero-width joiner or non-joiner between letters of scripts that use them
 * (Persian, Indic) or inside an emoji sequence. Bidi embeddings, overrides and
 * isolates are what Trojan Source attacks use; LRM/RLM marks are not reported.
 */
export function invisibleAt(text: string, at: number): Finding | undefined {
  const code = text.charCodeAt(at);
  if ((code === 0x200c || code === 0x200d) && joinsLetters(text, at)) return undefined;
  const name =
    NAMES[code] ??
    (code === 0x7f
      ? "DELETE control character"
      : `control character U+${code.toString(16).toUpperCase().padStart(4, "0")}`);
  const bidi = (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069);
  return {
    rule: "invisible-character",
    start: at,
    end: at + 1,
    message: bidi
      ? `invisible bidi control U+${code.toString(16).toUpperCase()} ${name}: it reorders how the text displays (Trojan Source)`
      : `invisible ${name}${NAMES[code] === undefined ? "" : ` (U+${code.toString(16).toUpperCase()})`}: the text is not what it looks like`,
  };
}

function joinsLetters(text: string, at: number): boolean {
  const before = charBefore(text, at);
  const after = charAfter(text, at + 1);
  if (before === undefined || after === undefined) return false;
  if (ASCII_LETTER.test(before) && ASCII_LETTER.test(after)) return false; // Latin never needs them
  return JOINABLE.test(before) && JOINABLE.test(after);
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
