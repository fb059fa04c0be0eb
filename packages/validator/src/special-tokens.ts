import { SPECIAL_TOKENS } from "@chatmlkit/parser";
import type { Finding } from "./finding.js";

const WHY: Readonly<Record<string, string>> = {
  "<|im_start|>": "it would open a new message",
  "<|im_end|>": "it would end the message early and let the rest forge new turns",
  "<|im_sep|>": "it would end a header in the chatml-sep dialect",
  "<|endoftext|>": "it would end the document for the model",
  "<|endofprompt|>": "it would end the prompt for the model",
};

/** The ChatML family's special token spelled exactly at `at`, if any. */
export function specialTokenAt(text: string, at: number): string | undefined {
  if (text.charCodeAt(at + 1) !== 124) return undefined; // "<|"
  for (const token of SPECIAL_TOKENS) if (text.startsWith(token, at)) return token;
  return undefined;
}

export function specialTokenFinding(token: string, at: number, field: string): Finding {
  const why = WHY[token] ?? "it is a control token of the ChatML tokenizers";
  return {
    rule: "special-token",
    start: at,
    end: at + token.length,
    message: `${field} contains the special token ${token}; ${why}`,
  };
}

/**
 * Control tokens of other model families: text that is harmless to a ChatML
 * model but a forged turn to the model it was written for.
 */
const FOREIGN: ReadonlyArray<readonly [family: string, tokens: readonly string[]]> = [
  [
    "harmony (gpt-oss)",
    [
      "<|start|>",
      "<|end|>",
      "<|message|>",
      "<|channel|>",
      "<|return|>",
      "<|call|>",
      "<|constrain|>",
      "<|startoftext|>",
    ],
  ],
  [
    "Llama 3",
    [
      "<|begin_of_text|>",
      "<|end_of_text|>",
      "<|start_header_id|>",
      "<|end_header_id|>",
      "<|eot_id|>",
      "<|eom_id|>",
      "<|python_tag|>",
    ],
  ],
  ["Gemma", ["<start_of_turn>", "<end_of_turn>"]],
];

/** DeepSeek's tokens use fullwidth bars and U+2581 for spaces: `<｜begin▁of▁sentence｜>`. */
const DEEPSEEK = /<｜[^｜\n]{1,40}｜>/y;

/** Another family's control token starting at `at` (text[at] is "<"), if any. */
export function foreignTokenAt(text: string, at: number): Finding | undefined {
  // Every foreign token starts "<|", "<｜" or (Gemma) "<s" / "<e".
  const next = text[at + 1];
  if (next !== "|" && next !== "｜" && next !== "s" && next !== "e") return undefined;
  for (const [family, tokens] of FOREIGN) {
    for (const token of tokens) {
      if (text.startsWith(token, at)) return foreign(family, token, at);
    }
  }
  DEEPSEEK.lastIndex = at;
  const match = DEEPSEEK.exec(text);
  if (match) return foreign("DeepSeek", match[0], at);
  return undefined;
}

function foreign(family: string, token: string, at: number): Finding {
  return {
    rule: "foreign-special-token",
    start: at,
    end: at + token.length,
    message: `${token} is a ${family} control token; harmless to a ChatML model, a forged turn if this text reaches a ${family} model`,
  };
}
