// invisible-character: no characters that hide or reorder text.
// The check: scanText (scan-text.ts) calls invisibleAt and astralInvisibleAt (invisible.ts,
// which leaves alone characters doing their job in their script: invisible-in-context.ts) and
// hiddenRunAt (hidden-text.ts) for tag characters and variation selectors.
import { defineRule, json } from "./define.js";

export const rule = defineRule("invisible-character", "warn", "validator", {
  category: "injection",
  summary:
    "Bidi controls (Trojan Source), zero-width characters, C0 and C1 controls, or tag characters and variation selectors that hide text (ASCII and emoji smuggling).",
  rationale:
    "A reviewer reads one text and the model another: bidi controls reorder what is shown, zero-width characters split words a filter looks for, and tag characters carry a whole hidden instruction that shows as nothing.",
  details:
    "Reported: bidi embeddings, overrides and isolates, zero-width characters, C0 controls but tab, LF and CR, C1 controls, invisible operators (U+2061 to U+2064), fillers (Hangul, Khmer), interlinear annotation and shorthand format controls, Unicode tag characters (ASCII smuggling) and runs of variation selectors (emoji smuggling): one warning per run, showing the hidden text. Left alone: characters doing their job in the scripts around them, such as ZWJ and ZWNJ inside or at the end of an Arabic-script or Indic word and in emoji, ZWSP between words of Thai, Khmer, Javanese and other scripts written without spaces, and balanced isolates around placeholders in a paragraph with no embedding or override.",
  fails: json('[{ "role": "user", "content": "Hi \\u202Eevil" }]'),
  passes: json('[{ "role": "user", "content": "Hi there" }]'),
});
