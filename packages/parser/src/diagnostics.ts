import { LineIndex } from "./positions.js";

export type Severity = "error" | "warning" | "info";

/**
 * Every diagnostic the parser reports: its stable code, its severity and what
 * it means. Tools may match on the codes; a code never changes meaning.
 */
export const PARSE_DIAGNOSTICS = [
  diagnostic(
    "unterminated-message",
    "error",
    "A message is not closed with <|im_end|> before the next <|im_start|>.",
  ),
  diagnostic("stray-im-end", "error", "<|im_end|> with no open message."),
  diagnostic("stray-im-sep", "error", "<|im_sep|> outside a message header."),
  diagnostic("missing-role", "error", "A message header has no role."),
  diagnostic(
    "missing-header-end",
    "error",
    "A header is not followed by a newline (or <|im_sep|>) before <|im_end|>.",
  ),
  diagnostic("text-outside-message", "error", "Text outside any message."),
  diagnostic("special-token-in-header", "error", "A <|...|> token inside a message header."),
  diagnostic("invalid-header-attribute", "error", "A header word after the role that is not key=value."),
  diagnostic(
    "invalid-header-character",
    "error",
    "A separator, control or invisible character other than space and tab inside a message header.",
  ),
  diagnostic("duplicate-header-attribute", "warning", "The same header attribute twice; the last wins."),
  diagnostic(
    "dialect-mismatch",
    "warning",
    "A header ends the other dialect's way (an error when the dialect was asked for).",
  ),
  diagnostic("internal-error", "error", "A bug in chatmlkit; the input is kept whole."),
] as const;

function diagnostic<const C extends string>(code: C, severity: Severity, description: string) {
  return { code, severity, description };
}

/** Stable codes of the parser's diagnostics (see PARSE_DIAGNOSTICS). */
export type ParseDiagnosticCode = (typeof PARSE_DIAGNOSTICS)[number]["code"];

/** A problem found in a transcript, with the exact characters it concerns. */
export interface Diagnostic {
  /** Stable identifier, e.g. `"stray-im-end"`. */
  readonly code: string;
  readonly severity: Severity;
  /** One sentence a person understands. */
  readonly message: string;
  /** Offsets into the source text: `[start, end)`. */
  readonly start: number;
  readonly end: number;
  /** 1-based line and column of `start`. */
  readonly line: number;
  readonly column: number;
  /** 1-based line and column of `end`. */
  readonly endLine: number;
  readonly endColumn: number;
}

/**
 * Creates diagnostics as plain data (they cross into workers and through
 * `structuredClone` and JSON unchanged). Line and column are worked out when
 * a diagnostic is made: the line table is built on the first one, so a text
 * without problems never pays for it. `extra` fields (e.g. a validator's JSON
 * path) follow the position fields.
 *
 * @example
 * const diagnose = new DiagnosticFactory(text);
 * diagnose.create("stray-im-end", "error", "<|im_end|> with no open message", 10, 20).line;
 */
export class DiagnosticFactory<Code extends string = ParseDiagnosticCode> {
  readonly #lines: LineIndex;
  constructor(text: string) {
    this.#lines = new LineIndex(text);
  }

  create<Extra extends object = object>(
    code: Code,
    severity: Severity,
    message: string,
    start: number,
    end: number,
    extra?: Extra,
  ): Diagnostic & Extra {
    const { line, column } = this.#lines.position(start);
    const { line: endLine, column: endColumn } = end === start ? { line, column } : this.#lines.position(end);
    return { code, severity, message, start, end, line, column, endLine, endColumn, ...extra } as Diagnostic &
      Extra;
  }
}
