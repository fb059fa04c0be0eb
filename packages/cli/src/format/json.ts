import { resolve } from "node:path";
import type { LintResult } from "../lint/types.js";

/** ESLint's JSON formatter shape: one entry per file, absolute `filePath`. */
export function json(results: readonly LintResult[], cwd: string): string {
  return `${JSON.stringify(
    results.map((r) => ({
      filePath: r.filePath.startsWith("<") ? r.filePath : resolve(cwd, r.filePath),
      messages: r.messages,
      errorCount: r.errorCount,
      warningCount: r.warningCount,
      fatalErrorCount: 0,
      fixableErrorCount: 0,
      fixableWarningCount: 0,
    })),
  )}\n`;
}
