/** Stable codes of the problems `compile` reports. */
export type CompileIssueCode =
  | "invalid-input"
  | "invalid-message"
  | "invalid-role"
  | "invalid-name"
  | "invalid-attribute"
  | "invalid-content"
  | "unsupported-content-part"
  | "unsupported-field"
  | "special-token"
  | "invalid-unicode"
  | "invalid-option"
  | "invalid-tool-call"
  | "invalid-tool";

/** One reason the input could not be compiled. */
export interface CompileIssue {
  readonly code: CompileIssueCode;
  /** One sentence a person understands, naming the JSON path. */
  readonly message: string;
  /** JSON path of the offending value, e.g. `$.messages[2].content`. */
  readonly path: string;
  /** Index of the message in the messages array, when the problem is inside one. */
  readonly messageIndex?: number;
  /** The message field concerned. */
  readonly field?: "role" | "name" | "content" | "attributes";
  /** For `special-token`: the token and its offset inside the string at `path`. */
  readonly token?: string;
  readonly offset?: number;
}

/**
 * Thrown by `compile` and `compileToSegments` when the input cannot be
 * compiled. `issues` lists every problem found, not only the first.
 *
 * @example
 * try { compile(messages) } catch (e) {
 *   if (e instanceof ChatMLCompileError) for (const i of e.issues) console.error(i.path, i.message);
 * }
 */
export class ChatMLCompileError extends Error {
  override readonly name = "ChatMLCompileError";
  constructor(readonly issues: readonly CompileIssue[]) {
    const first = issues[0];
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : "";
    super(first ? `${first.path}: ${first.message}${more}` : "invalid input");
  }
}
