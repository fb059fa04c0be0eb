import type { Finding } from "./finding.js";
import { isDoingItsJob } from "./invisible-in-context.js";

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
  847: "COMBINING GRAPHEME JOINER",
  4447: "HANGUL CHOSEONG FILLER",
  4448: "HANGUL JUNGSEONG FILLER",
  12644: "HANGUL FILLER",
  65440: "HALFWIDTH HANGUL FILLER",
  6068: "KHMER VOWEL INHERENT AQ",
  6069: "KHMER VOWEL INHERENT AA",
  6158: "MONGOLIAN VOWEL SEPARATOR",
  8289: "FUNCTION APPLICATION",
  8290: "INVISIBLE TIMES",
  8291: "INVISIBLE SEPARATOR",
  8292: "INVISIBLE PLUS",
  65529: "INTERLINEAR ANNOTATION ANCHOR",
  65530: "INTERLINEAR ANNOTATION SEPARATOR",
  65531: "INTERLINEAR ANNOTATION TERMINATOR",
};

/** Characters the invisible-character rule looks at (a character class body). */
export const INVISIBLE_CLASS =
  "\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\u034F\\u115F\\u1160\\u17B4\\u17B5\\u180B-\\u180F\\u200B-\\u200D\\u2060-\\u2064\\u206A-\\u206F\\u3164\\uFEFF\\uFFA0\\uFFF9-\\uFFFB\\u202A-\\u202E\\u2066-\\u2069\\u2800";

/** Invisible format characters beyond the BMP: shorthand format controls, musical symbol formatting, hieroglyph controls. */
function isAstralInvisible(codePoint: number): boolean {
  return (
    (codePoint >= 0x1bca0 && codePoint <= 0x1bca3) ||
    (codePoint >= 0x1d173 && codePoint <= 0x1d17a) ||
    (codePoint >= 0x13430 && codePoint <= 0x1343f) || // Egyptian hieroglyph format controls
    codePoint === 0x1d159 // musical symbol null notehead: no glyph
  );
}

/**
 * The invisible or control character at `at`, unless it is doing its job in
 * the scripts around it (invisible-in-context.ts: ZWJ/ZWNJ in Arabic-script
 * and Indic words and emoji, ZWSP between words of scripts written without
 * spaces, balanced isolates). Bidi embeddings and overrides are what Trojan
 * Source attacks use; LRM/RLM marks are not reported.
 */
export function invisibleAt(text: string, at: number): Finding | undefined {
  const code = text.charCodeAt(at);
  if (isDoingItsJob(text, at)) return undefined;
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
      : `invisible ${name}${NAMES[code] === undefined ? "" : ` (U+${code.toString(16).toUpperCase().padStart(4, "0")})`}: the text is not what it looks like`,
  };
}

/** The invisible character beyond the BMP at `at` (a surrogate pair), if it is one. */
export function astralInvisibleAt(text: string, at: number): Finding | undefined {
  const codePoint = text.codePointAt(at) as number;
  if (!isAstralInvisible(codePoint)) return undefined;
  return {
    rule: "invisible-character",
    start: at,
    end: at + 2,
    message: `invisible format character U+${codePoint.toString(16).toUpperCase()}: the text is not what it looks like`,
  };
}
