// invalid-unicode: text can be encoded as UTF-8.
// The check: scanText's inspect (scan-text.ts) reports each lone surrogate where the scan stops at it.
import { defineRule, json } from "./define.js";

export const rule = defineRule("invalid-unicode", "error", "validator", {
  category: "message",
  summary: "A lone surrogate, which cannot be encoded as UTF-8.",
  rationale:
    "Text with half a surrogate pair cannot be sent as UTF-8: encoders replace it, drop it or fail, so what is counted and checked is not what the model receives.",
  fails: json('[{ "role": "user", "content": "Hi \\uD83D" }]'),
  passes: json('[{ "role": "user", "content": "Hi \\uD83D\\uDE00" }]'),
});
