/**
 * @chatmlkit/validator/count: Chat Completions counting, models and tokenizers
 * without the transcript reader (no chevrotain), for bundles that only count.
 *
 * @example
 * import { countChatTokens } from "@chatmlkit/validator/count";
 * (await countChatTokens({ messages }, { model: "gpt-4o" })).promptTokens;
 */
export {
  type ChatCount,
  type ChatRequest,
  countChat,
  countChatTokens,
  countChatTokensSync,
} from "./count-chat.js";
export {
  type CountOptions,
  countModel,
  type ImageContext,
  jsonTokenizerModel,
  tokenizerFor,
} from "./count-options.js";
export type { CountMethod, CountPart } from "./count-parts.js";
export { ValidatorError, type ValidatorErrorCode } from "./errors.js";
export { functionsNamespace } from "./functions-namespace.js";
export * from "./images/index.js";
export { InvalidInputError } from "./input-error.js";
export {
  CHAT_FORMULAS,
  type ChatFormula,
  type EncodingName,
  knownModels,
  type ModelInfo,
  type ModelOptions,
  resolveModel,
} from "./models.js";
export {
  CONVENTIONAL_IDS,
  type EncodingTokenizer,
  type JsonTokenizer,
  loadTokenizer,
  type TextPlace,
  type Tokenizer,
  type TokenizerBase,
} from "./tokenizer.js";
export { TokenizerJsonError, type TokenizerJsonOptions, tokenizerFromJson } from "./tokenizer-json.js";
