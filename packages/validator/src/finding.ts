import type { RuleId } from "./rules.js";

/** A rule's finding inside one string, before it is placed in the source. */
export interface Finding {
  readonly rule: RuleId;
  /** Offsets inside the string that was checked: `[start, end)`. */
  readonly start: number;
  readonly end: number;
  readonly message: string;
}

/** Shows a string with its invisible and non-ASCII characters escaped, for messages. */
export function visible(text: string): string {
  let out = "";
  for (const ch of text) {
    const code = ch.codePointAt(0) as number;
    out +=
      code < 0x20 || (code >= 0x7f && code < 0xa0) || INVISIBLE.test(ch)
        ? `\\u{${code.toString(16).toUpperCase()}}`
        : ch;
  }
  return JSON.stringify(out).replaceAll("\\\\u{", "\\u{");
}

/** Format and other invisible characters (category Cf, plus a few fillers). */
// biome-ignore lint/suspicious/noMisleadingCharacterClass: matched one code point at a time, never as a sequence
export const INVISIBLE = /[\p{Cf}\u115F\u1160\u3164\uFFA0\u034F\u180B-\u180F\uFE00-\uFE0F]/u;
