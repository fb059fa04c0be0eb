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
// Counting, models and tokenizers: also the ./count entry on its own.
export * from "./count.js";
export {
  countTranscriptTokens,
  type MessageTokens,
  type TranscriptCount,
  type TranscriptCountOptions,
} from "./count-transcript.js";
export {
  type DroppedMessage,
  FitInputError,
  type FitOptions,
  type FitResult,
  type FitStrategy,
  fit,
} from "./fit.js";
export {
  DEFAULT_ROLES,
  type DiagnosticCode,
  RULES,
  type RuleId,
  type RuleInfo,
  type RuleSeverity,
} from "./rules.js";
export {
  type ValidateOptions,
  type ValidationCount,
  type ValidationDiagnostic,
  type ValidationResult,
  validate,
} from "./validate.js";
