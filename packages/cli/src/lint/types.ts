/** One problem in a file, in ESLint's JSON formatter shape (severity 1 = warning, 2 = error). */
export interface LintMessage {
  readonly ruleId: string;
  readonly severity: 1 | 2;
  readonly message: string;
  /** 1-based, in the file the user wrote (inside JSON strings, escapes accounted for). */
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

/** The result of linting one file. */
export interface LintResult {
  /** The path as the user named it (or `--stdin-filename`). */
  readonly filePath: string;
  readonly messages: LintMessage[];
  readonly errorCount: number;
  readonly warningCount: number;
  /** The file's text, for code frames (absent for datasets, which are streamed). */
  readonly source?: string;
}

/** A rule any formatter can describe (SARIF lists them in tool.driver.rules). */
export interface RuleDescription {
  readonly id: string;
  readonly defaultSeverity: "warn" | "error";
  readonly description: string;
}

export function resultOf(filePath: string, messages: LintMessage[], source?: string): LintResult {
  messages.sort((a, b) => a.line - b.line || a.column - b.column);
  const errorCount = messages.filter((m) => m.severity === 2).length;
  return {
    filePath,
    messages,
    errorCount,
    warningCount: messages.length - errorCount,
    ...(source !== undefined && { source }),
  };
}
