import { LineIndex, type Position } from "./positions.js";

export type Severity = "error" | "warning" | "info";

/**
 * Stable codes of the parser's diagnostics. Tools may match on them; a code
 * never changes meaning.
 */
export type ParseDiagnosticCode =
  | "unterminated-message"
  | "stray-im-end"
  | "stray-im-sep"
  | "missing-role"
  | "missing-header-end"
  | "text-outside-message"
  | "special-token-in-header"
  | "invalid-header-attribute"
  | "duplicate-header-attribute"
  | "dialect-mismatch"
  | "internal-error";

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
  /** 1-based line and column of `start` (computed on first read). */
  readonly line: number;
  readonly column: number;
  /** 1-based line and column of `end` (computed on first read). */
  readonly endLine: number;
  readonly endColumn: number;
}

/**
 * Creates diagnostics whose line and column are computed only when read.
 * `extra` fields (e.g. a validator's JSON path) are copied onto the diagnostic
 * and into its JSON.
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
    const lines = this.#lines;
    let from: Position | undefined;
    let to: Position | undefined;
    const startPos = () => (from ??= lines.position(start));
    const endPos = () => (to ??= lines.position(end));
    return {
      code,
      severity,
      message,
      start,
      end,
      ...extra,
      get line() {
        return startPos().line;
      },
      get column() {
        return startPos().column;
      },
      get endLine() {
        return endPos().line;
      },
      get endColumn() {
        return endPos().column;
      },
      toJSON() {
        const { line, column } = startPos();
        const { line: endLine, column: endColumn } = endPos();
        return { code, severity, message, start, end, line, column, endLine, endColumn, ...extra };
      },
    } as unknown as Diagnostic & Extra;
  }
}
