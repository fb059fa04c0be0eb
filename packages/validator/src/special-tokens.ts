import { SPECIAL_TOKENS } from "@chatmlkit/parser";
import type { Finding } from "./finding.js";
import { DEEPSEEK, TOKEN_FAMILIES } from "./foreign-tokens.js";
import type { Tokenizer } from "./tokenizer.js";

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

/** Longest `<|name|>` worth a look: every listed token, and reserved slots with long numbers, fit. */
const LONGEST_PIPE_TOKEN = 40;

/**
 * The `<|name|>` spelled at `at` (a name of ASCII letters, digits, `_` and
 * `/`), if any: one short look instead of one comparison per known token, as
 * every `<` of every string comes here. Code such as `<| not a token |>`
 * stops at the space.
 */
export function pipeTokenAt(text: string, at: number): string | undefined {
  if (text.charCodeAt(at + 1) !== 124) return undefined; // "<|"
  const limit = Math.min(text.length - 1, at + LONGEST_PIPE_TOKEN - 1);
  for (let i = at + 2; i < limit; i++) {
    const c = text.charCodeAt(i);
    if (c === 124) return i > at + 2 && text.charCodeAt(i + 1) === 62 ? text.slice(at, i + 2) : undefined;
    // a-z, A-Z, 0-9, _, /
    if (!((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 47))
      return undefined;
  }
  return undefined;
}

/**
 * An open model's control tokens (a tokenizer.json's added tokens), looked for
 * by the special-token rule beside ChatML's: by first character, longest first.
 */
export interface Vocabulary {
  /** The tokenizer's name, for messages. */
  readonly name: string;
  readonly byFirst: ReadonlyMap<number, readonly string[]>;
  readonly tokens: readonly string[];
}

/**
 * The vocabulary the special-token rule reads with `tokenizer`: a
 * tokenizer.json's control tokens, but the tags a profile gives meaning to
 * (structural-tag judges those). Undefined for OpenAI's encodings, whose
 * special tokens are ChatML's.
 */
export function vocabularyOf(
  tokenizer: Tokenizer | undefined,
  profileTags: readonly string[] = [],
): Vocabulary | undefined {
  if (tokenizer?.kind !== "tokenizer.json") return undefined;
  const tokens = tokenizer.controlTokens.filter((t) => !profileTags.includes(t));
  const byFirst = new Map<number, string[]>();
  for (const token of tokens) {
    const first = token.charCodeAt(0);
    const list = byFirst.get(first);
    if (list === undefined) byFirst.set(first, [token]);
    else list.push(token);
  }
  for (const list of byFirst.values()) list.sort((a, b) => b.length - a.length);
  return { name: tokenizer.encoding, byFirst, tokens };
}

/** The vocabulary's token spelled at `at`, if any (the longest). */
export function vocabularyTokenAt(text: string, at: number, vocabulary: Vocabulary): string | undefined {
  const candidates = vocabulary.byFirst.get(text.charCodeAt(at));
  return candidates?.find((token) => text.startsWith(token, at));
}

export function specialTokenFinding(token: string, at: number, field: string, vocabulary?: string): Finding {
  if (vocabulary !== undefined && !SPECIAL.has(token)) {
    return {
      rule: "special-token",
      start: at,
      end: at + token.length,
      message: `${field} contains ${token}, an added token of ${vocabulary}; that tokenizer reads it as one control id, so the text could forge structure`,
    };
  }
  const why = WHY[token] ?? "it is a control token of the ChatML tokenizers";
  return {
    rule: "special-token",
    start: at,
    end: at + token.length,
    message: `${field} contains the special token ${token}; ${why}`,
  };
}

/** Every foreign token's spelling, with the families that use it (for messages and tests). */
export const FOREIGN_TOKENS: ReadonlyMap<string, readonly string[]> = (() => {
  const map = new Map<string, string[]>();
  for (const { family, tokens } of TOKEN_FAMILIES) {
    for (const token of tokens) map.set(token, [...(map.get(token) ?? []), family]);
  }
  return map;
})();

/** Numbered foreign tokens (`<|reserved_special_token_7|>`), with their family. */
const FOREIGN_PATTERNS = TOKEN_FAMILIES.flatMap(({ family, patterns }) =>
  (patterns ?? []).map((pattern) => [pattern, family] as const),
);

/** Longest `<name>` or `[NAME]` token listed. */
const LONGEST_BRACKET_TOKEN = Math.max(
  ...[...FOREIGN_TOKENS.keys()].filter((t) => !t.startsWith("<|")).map((t) => t.length),
);

/** Another family's control token spelled exactly at `at` (text[at] is "<" or "["), if any. */
export function foreignTokenAt(text: string, at: number): Finding | undefined {
  const token = text.charCodeAt(at + 1) === 124 ? pipeTokenAt(text, at) : bracketTokenAt(text, at);
  if (token === undefined) return undefined;
  const families = FOREIGN_TOKENS.get(token);
  if (families !== undefined) return foreign(families.join(", "), token, at);
  for (const [pattern, family] of FOREIGN_PATTERNS)
    if (pattern.test(token)) return foreign(family, token, at);
  return undefined;
}

/** `<name>` or `[NAME]` at `at`, up to the longest listed token. */
function bracketTokenAt(text: string, at: number): string | undefined {
  const close = text.charCodeAt(at) === 91 ? 93 : 62; // "]" or ">"
  // A bounded look: an unclosed "<" must not cost a search to the end of the text.
  const limit = Math.min(text.length, at + LONGEST_BRACKET_TOKEN);
  for (let i = at + 2; i < limit; i++) if (text.charCodeAt(i) === close) return text.slice(at, i + 1);
  return undefined;
}

/**
 * DeepSeek's open-ended pattern: a name between fullwidth bars. A name holds
 * no `<`, `|` or `>`, so a match never swallows a real token inside it.
 */
const DEEPSEEK_TOKEN = /<｜[^｜\n<>|]{1,40}｜>/y;

/**
 * A DeepSeek-style token at `at`: any name between fullwidth bars. Checked
 * after the look-alike rule, which names `<｜im_end｜>` more precisely.
 */
export function deepSeekTokenAt(text: string, at: number): Finding | undefined {
  if (text.charCodeAt(at + 1) !== 0xff5c) return undefined;
  DEEPSEEK_TOKEN.lastIndex = at;
  const match = DEEPSEEK_TOKEN.exec(text);
  return match ? foreign(DEEPSEEK.family, match[0], at) : undefined;
}

function foreign(family: string, token: string, at: number): Finding {
  return {
    rule: "foreign-special-token",
    start: at,
    end: at + token.length,
    message: `${token} is a control token of ${family}; harmless to a ChatML model, a forged turn if this text reaches such a model`,
  };
}
