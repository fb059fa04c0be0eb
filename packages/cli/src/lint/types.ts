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

/** Sorts problems by line, then column (stable: one place keeps the order it was found in). */
export function sortMessages(messages: LintMessage[]): LintMessage[] {
  return messages.sort((a, b) => a.line - b.line || a.column - b.column);
}

export function resultOf(filePath: string, messages: LintMessage[], source?: string): LintResult {
  sortMessages(messages);
  const errorCount = messages.filter((m) => m.severity === 2).length;
  return {
    filePath,
    messages,
    errorCount,
    warningCount: messages.length - errorCount,
    ...(source !== undefined && { source }),
  };
}

/**
 * Problems of one file, or of the next lines of a streamed dataset, with the
 * text code frames are cut from: the whole file, or the texts of the lines
 * the problems are on (a dataset keeps no other).
 */
export interface ReportPart {
  readonly filePath: string;
  /** Sorted by line and column. */
  readonly messages: readonly LintMessage[];
  readonly source?: string;
  readonly lines?: ReadonlyMap<number, string>;
}

/**
 * Where lint's findings go as they are ready, in file order and, within a
 * file, in line order: `add` any number of times for a file (none when it is
 * clean), then `endFile` once, for every file named.
 */
export interface Reporter {
  add(part: ReportPart): void;
  endFile(filePath: string): void;
}
