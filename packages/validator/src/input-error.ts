import type { InputIssue } from "@chatmlkit/parser";
import { ValidatorError } from "./errors.js";

/**
 * Thrown by the counting functions for input that is not messages: every
 * problem of its shape, each at its JSON path (`$[1]`, `$.messages[0].role`),
 * as compile reports them.
 *
 * @example
 * try { countChat([{ role: "user", content: "Hi" }, 5], tokenizer, formula) } catch (e) {
 *   if (e instanceof InvalidInputError) e.issues[0].path; // "$[1]"
 * }
 */
export class InvalidInputError extends ValidatorError {
  constructor(readonly issues: readonly InputIssue[]) {
    const first = issues[0];
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : "";
    super("invalid-input", first === undefined ? "invalid input" : `${first.path}: ${first.message}${more}`);
  }
}
