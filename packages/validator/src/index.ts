/**
 * @chatmlkit/validator: keep untrusted text from forging ChatML turns, and
 * count tokens exactly against context windows and budgets.
 *
 * - `validate(input, options)`: diagnostics for transcripts, messages and request bodies; never throws on input.
 * - `countTranscriptTokens` / `countChatTokens`: exact counts, the Completions and Chat Completions ways.
 * - `compileToTokens`: the injection-proof compile, straight to token ids.
 * - `fit`: the messages that fit a context window and budget.
 * - `RULES`: every rule id the toolkit reports, with its default level and docs (also ./rules).
 * - `limitsOf` / `checkFits`: the one answer to "does it fit" that all of the above give (also ./limits).
 *
 * No Node APIs: runs in browsers too. Encodings load on first use.
 */

export type {
  RuleCategory,
  RuleDocFields,
  RuleExample,
  RuleExampleOptions,
} from "@chatmlkit/parser/diagnostics";
export { type CompiledTokens, compileToTokens } from "./compile-to-tokens.js";
// Counting, models and tokenizers: also the ./count entry on its own.
export * from "./count.js";
export {
  countTranscriptTokens,
  countTranscriptTokensSync,
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
  type FitSyncOptions,
  fit,
  fitSync,
} from "./fit.js";
export {
  type BodyMaxTokens,
  bodyMaxTokens,
  checkFits,
  type FitVerdict,
  isCount,
  type LimitBreach,
  type LimitOptions,
  type Limits,
  limitsOf,
  type MaxTokensSource,
  type PromptCount,
} from "./limits.js";
// The rule registry: every id the toolkit reports, with its level and docs.
export {
  closestRuleIds,
  DEFAULT_ROLES,
  type DiagnosticCode,
  FINE_TUNING_ROLES,
  isRuleId,
  levelOf,
  RULES,
  RULES_DOC_URL,
  type RuleId,
  type RuleInfo,
  type RuleLevel,
  type RuleSeverity,
  type RuleSource,
  ruleDocUrl,
  ruleInfo,
  unknownRuleMessage,
  type ValidatorRuleId,
} from "./rules.js";
export {
  defineTemplate,
  type Template,
  TemplateError,
  type TemplateValue,
  template,
  type ValuesOf,
  type VariablesIn,
  type VariablesOf,
} from "./template/define.js";
export {
  type RenderCode,
  type RenderOptions,
  type RenderProblem,
  type RenderResult,
  render,
  type TemplateValues,
} from "./template/render.js";
export { type RenderedSegments, renderToSegments } from "./template/render-segments.js";
export { type RenderedTokens, type RenderTokensOptions, renderToTokens } from "./template/render-tokens.js";
export {
  checkValues,
  type DeclaredVariable,
  type DeclaredVariables,
  readVariables,
  type ValueViolation,
  type VariablesProblem,
  type VariablesSchema,
  valuePath,
} from "./template/variables.js";
export {
  BOUNDARY_TOKENS,
  countWorstCase,
  MAX_TOKENS_PER_CHARACTER,
  type VariableAllowance,
  type WorstCase,
  type WorstCaseCount,
  worstCase,
  worstCaseNote,
} from "./template/worst-case.js";
export { segmentTokenSpans, type TokenSpans, transcriptTokenSpans } from "./token-spans.js";
export {
  type ValidateOptions,
  type ValidateSyncOptions,
  type ValidationCount,
  type ValidationDiagnostic,
  type ValidationResult,
  validate,
  validateSync,
} from "./validate.js";
