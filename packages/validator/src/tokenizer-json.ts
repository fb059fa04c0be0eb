// An open model's tokenizer from its Hugging Face tokenizer.json, through @huggingface/tokenizers
// (pure JS; loaded by dynamic import on first use, so OpenAI-only users never load it). The
// library's own encode splits at every added token; this module encodes text with its
// normalizer, pre-tokenizer and model only, so a special token's spelling in content stays text.
import type { SpecialTokenMatch } from "@chatmlkit/parser/special-tokens";
import { ValidatorError } from "./errors.js";
import { type JsonTokenizer, stripRange, type TextPlace, utf8Length } from "./tokenizer.js";

/** A tokenizer.json (or tokenizer_config.json) that cannot be used: what is wrong, and where. */
export class TokenizerJsonError extends ValidatorError {
  constructor(
    message: string,
    /** JSON path of the offending member (`$.added_tokens[2].id`), `$` for the whole file. */
    readonly path: string,
  ) {
    super("invalid-tokenizer", message);
  }
}

/** Options of `tokenizerFromJson`. */
export interface TokenizerJsonOptions {
  /** What counts report as the encoding (the CLI gives the file's path); default `tokenizer.json`. */
  name?: string;
}

interface AddedToken {
  readonly id: number;
  readonly content: string;
  readonly lstrip: boolean;
  readonly rstrip: boolean;
}

/**
 * A tokenizer from a parsed tokenizer.json (and, optionally, its
 * tokenizer_config.json), for every function that takes a `tokenizer`. Its
 * special tokens are the file's `added_tokens`, each one id; text is encoded
 * by the file's normalizer, pre-tokenizer and model, never split at an added
 * token, so content that spells `<|im_end|>` is the ids of its characters.
 * The file must have `<|im_start|>` and `<|im_end|>` among its added tokens
 * (a ChatML model's vocabulary). No Node APIs: read the file yourself.
 *
 * @throws {TokenizerJsonError} (code `invalid-tokenizer`) naming the member that is missing or wrong.
 * @example
 * const tokenizer = await tokenizerFromJson(JSON.parse(await readFile("tokenizer.json", "utf8")));
 * countChatTokensSync(messages, { tokenizer }).promptTokens; // the compiled ChatML's tokens
 */
export async function tokenizerFromJson(
  json: unknown,
  config: unknown = {},
  options: TokenizerJsonOptions = {},
): Promise<JsonTokenizer> {
  const added = checkShape(json);
  const file = json as Record<string, unknown>;
  if (!isObject(config)) throw new TokenizerJsonError("tokenizer_config.json must be a JSON object", "$");
  if (config.do_lowercase_and_remove_accent === true) {
    throw new TokenizerJsonError(
      "do_lowercase_and_remove_accent is not supported (chatmlkit encodes text without the added-token split)",
      "$.do_lowercase_and_remove_accent",
    );
  }
  const { Tokenizer } = await import("@huggingface/tokenizers");
  let library: InstanceType<typeof Tokenizer>;
  try {
    library = new Tokenizer(file, config);
  } catch (error) {
    throw new TokenizerJsonError(`tokenizer.json could not be loaded: ${(error as Error).message}`, "$");
  }
  const { normalizer, pre_tokenizer: preTokenizer, model } = library;
  if (model === null) throw new TokenizerJsonError("tokenizer.json has no model", "$.model");
  const removeSpace = config.remove_space === true;
  const strips = new Map(
    added.filter((t) => t.lstrip || t.rstrip).map((t) => [t.content, { lstrip: t.lstrip, rstrip: t.rstrip }]),
  );
  const encodeText = (text: string, place?: TextPlace): number[] => {
    const [start, end] = stripRange(strips, text, place);
    const kept = start === 0 && end === text.length ? text : text.slice(start, end);
    let t = removeSpace ? kept.trim().split(/\s+/).join(" ") : kept;
    if (normalizer !== null) t = normalizer(t);
    if (t === "") return [];
    // As the library numbers the sections it splits the input into at added tokens: the text that
    // begins the input is section 0 (Metaspace's prepend_scheme "first" prepends only there).
    const section = place === undefined || place.first ? 0 : 1;
    const pieces = preTokenizer === null ? [t] : preTokenizer(t, { section_index: section });
    return model(pieces).map((token: string) => {
      const id = model.tokens_to_ids.get(token) ?? model.unk_token_id;
      if (id === undefined) {
        throw new ValidatorError(
          "invalid-input",
          `${JSON.stringify(token)} is not in the tokenizer's vocabulary`,
        );
      }
      return id;
    });
  };
  const byteLevel = usesByteLevel(file);
  const byteLengths = new Map<number, number>();
  return {
    kind: "tokenizer.json",
    encoding: options.name ?? "tokenizer.json",
    specialTokens: new Map(added.map((t) => [t.content, t.id])),
    controlTokens: added.map((t) => t.content).filter((content) => !/^\s*$/.test(content)),
    strips,
    encodeText,
    countText: (text, place) => encodeText(text, place).length,
    byteLength: (id) => {
      const known = byteLengths.get(id);
      if (known !== undefined) return known;
      const token = model.vocab[id];
      const n = token === undefined ? 0 : byteLevel ? token.length : pieceBytes(token);
      byteLengths.set(id, n);
      return n;
    },
    findSpecialTokens: addedTokenFinder(added.map((t) => t.content)),
  };
}

/** The added tokens, once the file is known to be a tokenizer.json a ChatML model can use. */
function checkShape(json: unknown): AddedToken[] {
  if (!isObject(json)) throw new TokenizerJsonError("a tokenizer.json is a JSON object", "$");
  if (!isObject(json.model)) {
    throw new TokenizerJsonError(
      `not a tokenizer.json: ${"model" in json ? "model must be an object" : "the model key is missing"}`,
      "$.model",
    );
  }
  const list = json.added_tokens;
  if (!Array.isArray(list)) {
    throw new TokenizerJsonError(
      `not a tokenizer.json: ${"added_tokens" in json ? "added_tokens must be an array" : "the added_tokens key is missing"}`,
      "$.added_tokens",
    );
  }
  const added = list.map((entry: unknown, i): AddedToken => {
    const at = `$.added_tokens[${i}]`;
    if (!isObject(entry)) throw new TokenizerJsonError("an added token is an object", at);
    if (typeof entry.content !== "string" || entry.content === "") {
      throw new TokenizerJsonError("an added token's content must be a non-empty string", `${at}.content`);
    }
    if (!Number.isInteger(entry.id) || (entry.id as number) < 0) {
      throw new TokenizerJsonError("an added token's id must be a whole number >= 0", `${at}.id`);
    }
    return {
      id: entry.id as number,
      content: entry.content,
      lstrip: entry.lstrip === true,
      rstrip: entry.rstrip === true,
    };
  });
  for (const token of ["<|im_start|>", "<|im_end|>"]) {
    if (!added.some((t) => t.content === token)) {
      throw new TokenizerJsonError(
        `added_tokens has no ${token}: not the tokenizer of a ChatML model`,
        "$.added_tokens",
      );
    }
  }
  return added;
}

/**
 * A finder of added tokens in raw text: at each position the longest one
 * spelled there, as the library's added-token splitter matches them.
 */
function addedTokenFinder(tokens: readonly string[]): (text: string) => SpecialTokenMatch[] {
  const byFirst = new Map<string, string[]>();
  for (const token of new Set(tokens)) {
    const first = token[0] as string;
    byFirst.set(first, [...(byFirst.get(first) ?? []), token]);
  }
  for (const list of byFirst.values()) list.sort((a, b) => b.length - a.length);
  const firsts = new RegExp(`[${[...byFirst.keys()].map(escapeClass).join("")}]`, "g");
  return (text) => {
    const found: SpecialTokenMatch[] = [];
    firsts.lastIndex = 0;
    for (let m = firsts.exec(text); m !== null; m = firsts.exec(text)) {
      const token = byFirst.get(m[0])?.find((t) => text.startsWith(t, m.index));
      if (token === undefined) continue;
      found.push({ token, offset: m.index });
      firsts.lastIndex = m.index + token.length;
    }
    return found;
  };
}

function escapeClass(ch: string): string {
  return /[\\\]^-]/.test(ch) ? `\\${ch}` : ch;
}

/** Whether the file's tokens are byte-level strings (GPT-2's alphabet: one character per byte). */
function usesByteLevel(json: Record<string, unknown>): boolean {
  const has = (part: unknown): boolean =>
    isObject(part) &&
    (part.type === "ByteLevel" ||
      (Array.isArray(part.decoders) && part.decoders.some(has)) ||
      (Array.isArray(part.pretokenizers) && part.pretokenizers.some(has)));
  return has(json.decoder) || has(json.pre_tokenizer);
}

/** Bytes of a SentencePiece-style token: `<0x0A>` is one byte, `▁` a space. */
function pieceBytes(token: string): number {
  if (/^<0x[0-9A-Fa-f]{2}>$/.test(token)) return 1;
  return utf8Length(token.replaceAll("\u2581", " "));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
