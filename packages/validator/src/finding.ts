import type { ValidatorRuleId } from "./rules.js";

/** A rule's finding inside one string, before it is placed in the source. */
export interface Finding {
  readonly rule: ValidatorRuleId;
  /** Offsets inside the string that was checked: `[start, end)`. */
  readonly start: number;
  readonly end: number;
  readonly message: string;
  /** How many findings of this rule in the string this one stands for, when more than one. */
  readonly count?: number;
  /** Where the next few of them are (offsets inside the string). */
  readonly more?: ReadonlyArray<{ readonly start: number; readonly end: number }>;
}

/** Shows a string with its invisible characters escaped, for messages (one definition, the parser's). */
export { quoted as visible } from "@chatmlkit/parser";

/** Format and other invisible characters (category Cf, plus a few fillers). */
// biome-ignore lint/suspicious/noMisleadingCharacterClass: matched one code point at a time, never as a sequence
export const INVISIBLE = /[\p{Cf}\u115F\u1160\u3164\uFFA0\u034F\u180B-\u180F\uFE00-\uFE0F]/u;
