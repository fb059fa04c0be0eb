import { modelToEncodingMap } from "gpt-tokenizer/mapping";
import * as catalogue from "gpt-tokenizer/models";
import { ValidatorError } from "./errors.js";
import { closest, didYouMean } from "./suggest.js";

/** The BPE encodings that have ChatML's special tokens. */
export type EncodingName = "cl100k_base" | "o200k_base";

/** OpenAI's published constants for counting a Chat Completions request (see `countChatTokens`). */
export interface ChatFormula {
  /** Stable identifier, shown with every count. */
  readonly id: "chat-0301" | "chat-cl100k" | "chat-o200k";
  readonly tokensPerMessage: number;
  /** Added for each `name` key (-1 for gpt-3.5-turbo-0301, where the name replaces the role). */
  readonly tokensPerName: number;
  /** Every reply is primed with `<|im_start|>assistant<|im_sep|>`. */
  readonly replyPriming: number;
  /** Tool / function definition constants (OpenAI cookbook). */
  readonly funcInit: number;
  readonly propInit: number;
  readonly propKey: number;
  readonly enumInit: number;
  readonly enumItem: number;
  readonly funcEnd: number;
}

const TOOLS = { propInit: 3, propKey: 3, enumInit: -3, enumItem: 3, funcEnd: 12 } as const;

/** The formulas by id: gpt-3.5-turbo-0301; other cl100k chat models; gpt-4o and later (o200k). */
export const CHAT_FORMULAS: Readonly<Record<ChatFormula["id"], ChatFormula>> = Object.freeze({
  "chat-0301": {
    id: "chat-0301",
    tokensPerMessage: 4,
    tokensPerName: -1,
    replyPriming: 3,
    funcInit: 10,
    ...TOOLS,
  },
  "chat-cl100k": {
    id: "chat-cl100k",
    tokensPerMessage: 3,
    tokensPerName: 1,
    replyPriming: 3,
    funcInit: 10,
    ...TOOLS,
  },
  "chat-o200k": {
    id: "chat-o200k",
    tokensPerMessage: 3,
    tokensPerName: 1,
    replyPriming: 3,
    funcInit: 7,
    ...TOOLS,
  },
});

/** What the validator knows of a model. */
export interface ModelInfo {
  /** The name as the caller gave it (or `custom`). */
  readonly name: string;
  readonly encoding: EncodingName;
  /** Prompt + completion tokens the model accepts. */
  readonly contextWindow: number;
  /** The largest `max_tokens` the model allows, where known. */
  readonly maxOutputTokens: number | undefined;
  readonly formula: ChatFormula;
  /** Where the figures come from. */
  readonly source: "gpt-tokenizer" | "azure" | "chatmlkit" | "caller";
}

/**
 * Models gpt-tokenizer's catalogue lacks or names differently: Azure OpenAI's
 * deployment names (context windows from Azure's documentation of those
 * model versions) and gpt-3.5-turbo-0301, whose counting formula differs.
 */
const EXTRA_MODELS: Readonly<Record<string, Omit<ModelInfo, "name">>> = {
  "gpt-35-turbo": azure(4096, 4096),
  "gpt-35-turbo-16k": azure(16384, 4096),
  "gpt-35-turbo-instruct": azure(4097, 4096),
  "gpt-4": azure(8192, 8192),
  "gpt-4-32k": azure(32768, 8192),
  "gpt-3.5-turbo-0301": {
    encoding: "cl100k_base",
    contextWindow: 4096,
    maxOutputTokens: 4096,
    formula: CHAT_FORMULAS["chat-0301"],
    source: "chatmlkit",
  },
};

function azure(contextWindow: number, maxOutputTokens: number): Omit<ModelInfo, "name"> {
  return {
    encoding: "cl100k_base",
    contextWindow,
    maxOutputTokens,
    formula: CHAT_FORMULAS["chat-cl100k"],
    source: "azure",
  };
}

interface CatalogueSpec {
  readonly context_window?: number;
  readonly max_output_tokens?: number;
}

const specs = catalogue as unknown as Readonly<Record<string, CatalogueSpec | undefined>>;
const encodings = modelToEncodingMap as Readonly<Record<string, string | undefined>>;

/** Every model name `resolveModel` accepts, sorted. */
export function knownModels(): string[] {
  const names = new Set(Object.keys(EXTRA_MODELS));
  for (const name of Object.keys(specs)) if (lookupCatalogue(name)) names.add(name);
  return [...names].sort();
}

/** Options that name the model, or describe one the catalogue does not know. */
export interface ModelOptions {
  /** A model name, e.g. `gpt-4o`, `gpt-3.5-turbo-0301` or Azure's `gpt-35-turbo`. */
  model?: string;
  /** The encoding, for a model the catalogue does not know (with `contextWindow`). */
  encoding?: EncodingName;
  /** Overrides the model's context window, or sets it for an unknown model. */
  contextWindow?: number;
}

/**
 * Looks up a model's encoding, context window and counting formula. Exact names
 * only: an unknown name is an error listing the closest known names, never a
 * silent default. Without `model`, `encoding` and `contextWindow` describe a
 * custom model; with a name chatmlkit does not know, both are needed and
 * describe that model.
 *
 * @throws {ValidatorError} `unknown-model`, `unsupported-encoding` or `invalid-option`.
 * @example
 * resolveModel({ model: "gpt-4" }); // { encoding: "cl100k_base", contextWindow: 8192, formula: { id: "chat-cl100k", ... } }
 * resolveModel({ encoding: "o200k_base", contextWindow: 32000 }); // a custom model
 * resolveModel({ model: "ft:gpt-4o:acme", encoding: "o200k_base", contextWindow: 128000 }).name; // "ft:gpt-4o:acme"
 */
export function resolveModel(options: ModelOptions): ModelInfo {
  const { model, encoding, contextWindow } = options;
  if (contextWindow !== undefined && !(Number.isInteger(contextWindow) && contextWindow > 0)) {
    throw new ValidatorError(
      "invalid-option",
      `contextWindow must be a positive integer, got ${contextWindow}`,
    );
  }
  if (encoding !== undefined && encoding !== "cl100k_base" && encoding !== "o200k_base") {
    throw new ValidatorError(
      "unsupported-encoding",
      `encoding "${String(encoding)}" has no ChatML special tokens; use cl100k_base or o200k_base`,
    );
  }
  if (model === undefined) {
    if (encoding === undefined) {
      throw new ValidatorError("invalid-option", "name a model, or give an encoding (and a context window)");
    }
    return {
      name: "custom",
      encoding,
      contextWindow: contextWindow ?? Number.POSITIVE_INFINITY,
      maxOutputTokens: undefined,
      formula: CHAT_FORMULAS[encoding === "cl100k_base" ? "chat-cl100k" : "chat-o200k"],
      source: "caller",
    };
  }
  const found = EXTRA_MODELS[model] ?? lookupCatalogue(model);
  if (found === undefined && encoding !== undefined && contextWindow !== undefined) {
    // A model chatmlkit does not know (a fine-tune, a self-hosted model), described by the caller.
    return {
      name: model,
      encoding,
      contextWindow,
      maxOutputTokens: undefined,
      formula: CHAT_FORMULAS[encoding === "cl100k_base" ? "chat-cl100k" : "chat-o200k"],
      source: "caller",
    };
  }
  if (found === undefined) {
    const nonChat = encodings[model];
    if (nonChat !== undefined) {
      throw new ValidatorError(
        "unsupported-encoding",
        `model "${model}" uses the ${nonChat} encoding, which has no ChatML special tokens`,
      );
    }
    const suggestions = closest(model, knownModels());
    throw new ValidatorError(
      "unknown-model",
      `unknown model "${model}"${didYouMean(suggestions)} ` +
        "(for a model chatmlkit does not know, give its encoding and context window)",
      suggestions,
    );
  }
  if (encoding !== undefined && encoding !== found.encoding) {
    throw new ValidatorError("invalid-option", `model "${model}" uses ${found.encoding}, not ${encoding}`);
  }
  return { ...found, name: model, ...(contextWindow !== undefined && { contextWindow, source: "caller" }) };
}

function lookupCatalogue(name: string): Omit<ModelInfo, "name"> | undefined {
  const spec = specs[name];
  if (spec === undefined || typeof spec !== "object" || typeof spec.context_window !== "number")
    return undefined;
  // gpt-tokenizer maps older models explicitly and gives newer ones o200k_base.
  const encoding = encodings[name] ?? "o200k_base";
  if (encoding !== "cl100k_base" && encoding !== "o200k_base") return undefined;
  return {
    encoding,
    contextWindow: spec.context_window,
    maxOutputTokens: spec.max_output_tokens,
    formula: CHAT_FORMULAS[encoding === "cl100k_base" ? "chat-cl100k" : "chat-o200k"],
    source: "gpt-tokenizer",
  };
}
