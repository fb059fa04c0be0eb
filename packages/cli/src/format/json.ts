import { resolve } from "node:path";
import type { LintResult } from "../lint/types.js";
import type { FormatReporter, Write } from "./report.js";

/** The whole report of `results` as one string (see jsonReporter). */
export function json(results: readonly LintResult[], cwd: string): string {
  let out = "";
  const reporter = jsonReporter((text) => {
    out += text;
  }, cwd);
  for (const result of results) {
    reporter.add(result);
    reporter.endFile(result.filePath);
  }
  reporter.end({ exitCode: 0 });
  return out;
}

/**
 * ESLint's JSON formatter shape: one entry per file, absolute `filePath`,
 * every problem (no cap: it is read by programs). Written as lint goes: a
 * file's counts come after its messages, so nothing is held.
 */
export function jsonReporter(write: Write, cwd: string): FormatReporter {
  let files = 0;
  let open = false;
  let messages = 0;
  let errors = 0;
  const begin = (filePath: string) => {
    if (open) return;
    const path = filePath.startsWith("<") ? filePath : resolve(cwd, filePath);
    write(`${files === 0 ? "[" : ","}{"filePath":${JSON.stringify(path)},"messages":[`);
    files++;
    open = true;
  };
  return {
    add(part) {
      begin(part.filePath);
      let out = "";
      for (const m of part.messages) {
        out += `${messages === 0 ? "" : ","}${JSON.stringify(m)}`;
        messages++;
        if (m.severity === 2) errors++;
      }
      write(out);
    },
    endFile(filePath) {
      begin(filePath);
      write(
        `],"errorCount":${errors},"warningCount":${messages - errors},"fatalErrorCount":0,"fixableErrorCount":0,"fixableWarningCount":0}`,
      );
      open = false;
      messages = 0;
      errors = 0;
    },
    end() {
      write(files === 0 ? "[]\n" : "]\n");
    },
  };
}
