/**
 * @chatmlkit/validator: keep untrusted text from forging ChatML turns, and
 * count tokens exactly against context windows and budgets.
 *
 * - `validate(input, options)`: diagnostics for transcripts, messages and request bodies; never throws on input.
 * - `countTranscriptTokens` / `countChatTokens`: exact counts, the Completions and Chat Completions ways.
 * - `compileToTokens`: the injection-proof compile, straight to token ids.
 * - `fit`: the messages that fit a context window and budget.
 *
 * No Node APIs: runs in browsers too. Encodings load on first use.
 */

export { type CompiledTokens, compileToTokens } from "./compile-to-tokens.js";
export { type ChatCount, type ChatRequest, countChatTokens } from "./count-chat.js";
export type { CountOptions } from "./count-options.js";
export {
  countTranscriptTokens,
  type MessageTokens,
  type TranscriptCount,
  type TranscriptCountOptions,
} from "./count-transcript.js";
export { ValidatorError, type ValidatorErrorCode } from "./errors.js";
export { type DroppedMessage, type FitOptions, type FitResult, type FitStrategy, fit } from "./fit.js";
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
  DEFAULT_ROLES,
  type DiagnosticCode,
  RULES,
  type RuleId,
  type RuleInfo,
  type RuleSeverity,
} from "./rules.js";
export { CONVENTIONAL_IDS, loadTokenizer, type Tokenizer } from "./tokenizer.js";
export {
  type ValidateOptions,
  type ValidationCount,
  type ValidationDiagnostic,
  type ValidationResult,
  validate,
} from "./validate.js";
