import type { LintResult } from "../lint/types.js";
import { FileCap } from "./cap.js";
import type { FormatReporter, Write } from "./report.js";
import { visible } from "./visible.js";

/** The whole report of `results` as one string (see githubReporter). */
export function github(results: readonly LintResult[], maxProblems = 0): string {
  let out = "";
  const reporter = githubReporter((text) => {
    out += text;
  }, maxProblems);
  for (const result of results) {
    reporter.add(result);
    reporter.endFile(result.filePath);
  }
  reporter.end();
  return out;
}

/**
 * GitHub Actions workflow commands: `::error file=…,line=…,col=…::message`,
 * escaped as documented, at most `maxProblems` per file (0: all) and a
 * `::notice` saying how many more there were.
 */
export function githubReporter(write: Write, maxProblems: number): FormatReporter {
  let cap = new FileCap(maxProblems);
  return {
    add(part) {
      let out = "";
      for (const m of part.messages) {
        if (!cap.admit(m)) continue;
        const properties = [
          `file=${property(part.filePath)}`,
          `line=${m.line}`,
          `col=${m.column}`,
          `endLine=${m.endLine}`,
          `endColumn=${m.endColumn}`,
          `title=${property(`chatml ${m.ruleId}`)}`,
        ].join(",");
        out += `::${m.severity === 2 ? "error" : "warning"} ${properties}::${data(m.message)}\n`;
      }
      write(out);
    },
    endFile(filePath) {
      const more = cap.more(filePath);
      if (more !== undefined) write(`::notice file=${property(filePath)},title=chatml::${data(more)}\n`);
      cap = new FileCap(maxProblems);
    },
    end() {},
  };
}

/**
 * Message text: %, CR and LF are escaped as GitHub documents (an annotation
 * shows them as line breaks); any other character that would not show, or
 * would act on the terminal that shows the log, is written as `\u{XXXX}`.
 */
function data(text: string): string {
  return visible(text.replaceAll("%", "%25").replaceAll("\r", "%0D").replaceAll("\n", "%0A"));
}

/** Property values also escape ":" and ",". */
function property(text: string): string {
  return data(text).replaceAll(":", "%3A").replaceAll(",", "%2C");
}
