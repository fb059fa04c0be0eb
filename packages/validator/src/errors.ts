/** Stable codes of the errors the validator throws for bad options (never for bad input). */
export type ValidatorErrorCode =
  | "unknown-model"
  | "unsupported-encoding"
  | "invalid-option"
  | "invalid-input"
  /** A tokenizer.json that cannot be used (`TokenizerJsonError`, with the member's path). */
  | "invalid-tokenizer"
  /** A template made in code that cannot be filled whatever the values (`TemplateError`, with its problems). */
  | "invalid-template";

/**
 * Thrown for a caller's mistake: an unknown model, an encoding without
 * ChatML tokens, a negative budget, or (for the counting functions) input
 * that is not messages. `validate` never throws: it reports problems in the
 * input as diagnostics.
 *
 * @example
 * try { await countChatTokens({ messages }, { model: "gpt4" }) } catch (e) {
 *   if (e instanceof ValidatorError && e.code === "unknown-model") console.error(e.message, e.suggestions);
 * }
 */
export class ValidatorError extends Error {
  override readonly name = "ValidatorError";
  constructor(
    readonly code: ValidatorErrorCode,
    message: string,
    /** For `unknown-model`, the closest known model names; for an unknown rule id (`invalid-option`), the closest ids. Best first. */
    readonly suggestions: readonly string[] = [],
  ) {
    super(message);
  }
}
