import type { ProfileName } from "@chatmlkit/parser";
import { ValidatorError } from "./errors.js";
import type { ImageSizeInput } from "./images/index.js";
import { type EncodingName, type ModelInfo, type ModelOptions, resolveModel } from "./models.js";
import { didYouMean } from "./suggest.js";
import { CONVENTIONAL_IDS, loadTokenizer, type Tokenizer } from "./tokenizer.js";

/** How to pick the tokenizer (a model name, or an encoding), and what counting needs besides. */
export interface CountOptions extends ModelOptions {
  /**
   * Sizes of images given by URL, which chatmlkit does not fetch: without
   * one, a remote image is not counted and the count says so. Data URLs are
   * measured from their bytes.
   *
   * @example
   * { "https://example.com/cat.png": { width: 1024, height: 768 } }
   */
  readonly imageSizes?: Readonly<Record<string, ImageSizeInput>>;
  /**
   * Counts with this loaded tokenizer instead of loading one: an encoding
   * (`tokenizerFor`, `loadTokenizer`) or an open model's tokenizer.json
   * (`tokenizerFromJson`). A tokenizer.json replaces the encoding: give no
   * `encoding`; `model` (a name chatmlkit knows) or `contextWindow` give the window.
   */
  readonly tokenizer?: Tokenizer;
  /**
   * Count the request as this model profile writes it (`compile(input, { profile })`):
   * the template's default system prompt, its tool declarations, tool calls, grouped
   * tool results and kept reasoning, each token where the model's template puts it.
   * Exact with the model's tokenizer.json (`tokenizer`); with an OpenAI encoding an
   * estimate, and the count says so. Default `chatml`: OpenAI's formula, or with a
   * tokenizer.json the plain ChatML transcript.
   *
   * @example
   * await countChatTokens({ messages, tools }, { tokenizer: qwen, profile: "qwen2.5" });
   */
  readonly profile?: ProfileName;
}

/** What counting an image part needs: the model (its family's formula) and the caller's sizes. */
export interface ImageContext {
  readonly model: string | undefined;
  readonly sizes?: Readonly<Record<string, ImageSizeInput>>;
}

/** The image context of `options` for a resolved model. */
export function imageContext(model: ModelInfo, options: CountOptions): ImageContext {
  return {
    model: model.name === "custom" ? undefined : model.name,
    ...(options.imageSizes !== undefined && { sizes: options.imageSizes }),
  };
}

/** The model (when one was named) and its loaded tokenizer. */
export interface CountContext {
  readonly model: ModelInfo;
  readonly tokenizer: Tokenizer;
}

/** Resolves the model (or custom encoding) and loads its tokenizer. */
export async function countContext(options: CountOptions): Promise<CountContext> {
  if (options.tokenizer !== undefined) return contextWith(options.tokenizer, options);
  const model = resolveModel(options);
  return { model, tokenizer: await loadTokenizer(model.encoding) };
}

/**
 * Loads the tokenizer `options` count with (a model's encoding, or the
 * encoding named), for the synchronous functions: load once, then validate,
 * count and fit without `await`.
 *
 * @example
 * const tokenizer = await tokenizerFor({ model: "gpt-4o" });
 * validateSync(messages, { model: "gpt-4o", tokenizer });
 */
export async function tokenizerFor(options: CountOptions): Promise<Tokenizer> {
  return options.tokenizer ?? loadTokenizer(resolveModel(options).encoding);
}

/**
 * The model `options` name (or the tokenizer's own encoding, when they name
 * none) with the tokenizer the caller loaded; a tokenizer of another
 * encoding than the model's is refused.
 */
export function contextWith(tokenizer: Tokenizer, options: CountOptions): CountContext {
  if (tokenizer.kind === "tokenizer.json") return { model: jsonTokenizerModel(options), tokenizer };
  const named = options.model !== undefined || options.encoding !== undefined;
  const model = resolveModel(named ? options : { ...options, encoding: tokenizer.encoding });
  if (model.encoding !== tokenizer.encoding) {
    throw new ValidatorError(
      "invalid-option",
      `${model.name} counts with ${model.encoding}, and the tokenizer given is ${tokenizer.encoding}`,
    );
  }
  return { model, tokenizer };
}

/**
 * The model a count with `options` judges the window by (the one `contextWith`
 * gives), without loading a tokenizer.
 *
 * @throws {ValidatorError} as `resolveModel` does.
 */
export function countModel(options: CountOptions): ModelInfo {
  return options.tokenizer !== undefined
    ? contextWith(options.tokenizer, options).model
    : resolveModel(options);
}

/**
 * The model a tokenizer.json counts for: it gives the window (and the name
 * counts show), the file gives the vocabulary. A model chatmlkit knows gives
 * its context window (its encoding is not used); any other name, or none,
 * needs `contextWindow` to check a window against (none: unlimited).
 *
 * @throws {ValidatorError} `unknown-model` for such a name without `contextWindow`; `invalid-option` for an `encoding`.
 */
export function jsonTokenizerModel(options: ModelOptions): ModelInfo {
  if (options.encoding !== undefined) {
    throw new ValidatorError(
      "invalid-option",
      "a tokenizer.json tokenizer replaces the encoding: give a model or a context window, not an encoding",
    );
  }
  const { model, contextWindow } = options;
  const window = contextWindow !== undefined ? { contextWindow } : {};
  if (model !== undefined) {
    try {
      return resolveModel({ model, ...window });
    } catch (error) {
      if (!(error instanceof ValidatorError)) throw error;
      // A name chatmlkit does not know (Qwen/Qwen3-8B) is fine with a window to check.
      if (contextWindow === undefined && error.code === "unknown-model") {
        throw new ValidatorError(
          "unknown-model",
          `unknown model "${model}"${didYouMean(error.suggestions)} (with a tokenizer.json, a model chatmlkit does not know needs only its context window)`,
          error.suggestions,
        );
      }
      if (contextWindow === undefined) throw error;
    }
  }
  // resolveModel checks the window; the encoding is a placeholder no count reads (they report the tokenizer's).
  return { ...resolveModel({ encoding: "o200k_base", ...window }), name: model ?? "custom" };
}

/** What a count should tell its reader about ids that are a convention. */
export function idNotes(encoding: string, used: Iterable<string>): string[] {
  const conventional = new Set(CONVENTIONAL_IDS[encoding as EncodingName] ?? []);
  const named = [...new Set(used)].filter((t) => conventional.has(t));
  if (named.length === 0) return [];
  return [
    `${encoding} ids of ${named.join(", ")} are chatmlkit's convention (OpenAI has not published them); counts are exact, those ids are not authoritative`,
  ];
}
