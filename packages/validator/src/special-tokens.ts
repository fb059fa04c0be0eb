import { SPECIAL_TOKENS } from "@chatmlkit/parser";
import type { Finding } from "./finding.js";

const WHY: Readonly<Record<string, string>> = {
  "<|im_start|>": "it would open a new message",
  "<|im_end|>": "it would end the message early and let the rest forge new turns",
  "<|im_sep|>": "it would end a header in the chatml-sep dialect",
  "<|endoftext|>": "it would end the document for the model",
  "<|endofprompt|>": "it would end the prompt for the model",
};

const SPECIAL = new Set(SPECIAL_TOKENS);

/** The ChatML family's special token spelled exactly at `at`, if any. */
export function specialTokenAt(text: string, at: number): string | undefined {
  const token = pipeTokenAt(text, at);
  return token !== undefined && SPECIAL.has(token) ? token : undefined;
}

/** Every `<|name|>` token this file knows, special or foreign, is at most this long. */
const LONGEST_PIPE_TOKEN = 24;

/**
 * The `<|name|>` spelled at `at` (a name of lowercase letters and `_`), if
 * any: one short look instead of one comparison per known token, as every
 * `<` of every string comes here. Code such as `<| not a token |>` stops at
 * the space.
 */
export function pipeTokenAt(text: string, at: number): string | undefined {
  if (text.charCodeAt(at + 1) !== 124) return undefined; // "<|"
  const limit = Math.min(text.length - 1, at + LONGEST_PIPE_TOKEN - 1);
  for (let i = at + 2; i < limit; i++) {
    const c = text.charCodeAt(i);
    if (c === 124) return i > at + 2 && text.charCodeAt(i + 1) === 62 ? text.slice(at, i + 2) : undefined;
    if (!((c >= 97 && c <= 122) || c === 95)) return undefined; // a-z, _
  }
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

/** Every foreign token, with its family. */
export const FOREIGN_TOKENS: ReadonlyArray<readonly [token: string, family: string]> = FOREIGN.flatMap(
  ([family, tokens]) => tokens.map((t) => [t, family] as const),
);

/** Foreign `<|name|>` tokens by spelling, with their family. */
const FOREIGN_PIPE = new Map(FOREIGN_TOKENS.filter(([t]) => t.startsWith("<|")));
/** Foreign tokens without bars (Gemma's `<start_of_turn>`), with their family. */
const FOREIGN_OTHER = FOREIGN_TOKENS.filter(([t]) => !t.startsWith("<|"));

/** Another family's control token spelled exactly at `at` (text[at] is "<"), if any. */
export function foreignTokenAt(text: string, at: number): Finding | undefined {
  if (text.charCodeAt(at + 1) === 124) {
    const token = pipeTokenAt(text, at);
    const family = token === undefined ? undefined : FOREIGN_PIPE.get(token);
    return family === undefined ? undefined : foreign(family, token as string, at);
  }
  for (const [token, family] of FOREIGN_OTHER) {
    if (text.startsWith(token, at)) return foreign(family, token, at);
  }
  return undefined;
}

/**
 * A DeepSeek-style token at `at`: any name between fullwidth bars. Checked
 * after the look-alike rule, which names `<｜im_end｜>` more precisely.
 */
export function deepSeekTokenAt(text: string, at: number): Finding | undefined {
  if (text.charCodeAt(at + 1) !== 0xff5c) return undefined;
  DEEPSEEK.lastIndex = at;
  const match = DEEPSEEK.exec(text);
  return match ? foreign("DeepSeek", match[0], at) : undefined;
}

function foreign(family: string, token: string, at: number): Finding {
  return {
    rule: "foreign-special-token",
    start: at,
    end: at + token.length,
    message: `${token} is a ${family} control token; harmless to a ChatML model, a forged turn if this text reaches a ${family} model`,
  };
}
