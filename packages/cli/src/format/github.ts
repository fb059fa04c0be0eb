import type { LintMessage, LintResult } from "../lint/types.js";
import { FileCap } from "./cap.js";
import { type BlobBase, type StepSummary, SummaryCounts } from "./github-summary.js";
import { type PathContext, reportFile } from "./paths.js";
import type { FormatReporter, Write } from "./report.js";
import { visible } from "./visible.js";

/**
 * Annotations of each kind (error, warning, notice) GitHub shows per step;
 * the rest of a step's workflow commands show in its log only. (GitHub
 * documents 10 of each per step and 50 per job, in actions/toolkit's
 * docs/problem-matchers.md.) One notice is kept for the line that says how
 * many were not annotated.
 */
export const ANNOTATIONS_PER_KIND = 10;

/** What the github format needs beyond the problems. */
export interface GithubOptions {
  /** Problems shown per file (see FileCap); 0 shows all. */
  readonly maxProblems: number;
  /** Paths are relative to the repository root. */
  readonly paths: PathContext;
  /** GITHUB_STEP_SUMMARY, opened: the run's Markdown summary is appended to it at the end. */
  readonly summary?: StepSummary;
  /** Where the summary's links point (GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_SHA). */
  readonly blob?: BlobBase;
}

/** The whole report of `results` as one string (see githubReporter). */
export function github(
  results: readonly LintResult[],
  maxProblems = 0,
  options: Partial<GithubOptions> = {},
): string {
  let out = "";
  const reporter = githubReporter(
    (text) => {
      out += text;
    },
    { paths: { cwd: ".", root: "." }, ...options, maxProblems },
  );
  for (const result of results) {
    reporter.add(result);
    reporter.endFile(result.filePath);
  }
  reporter.end({ exitCode: results.some((r) => r.errorCount > 0) ? 1 : 0 });
  return out;
}

/**
 * GitHub Actions workflow commands: `::error file=…,line=…,col=…::message`,
 * escaped as documented, with paths relative to the repository root, at most
 * `maxProblems` per file (0: all) and a `::notice` saying how many more there
 * were. Only as many annotations as GitHub shows are written as commands
 * (ANNOTATIONS_PER_KIND of each kind); the others are plain log lines, and a
 * last notice counts them. With a step summary, a Markdown summary of the
 * whole run is appended to it at the end.
 */
export function githubReporter(write: Write, options: GithubOptions): FormatReporter {
  let cap = new FileCap(options.maxProblems);
  const left = {
    error: ANNOTATIONS_PER_KIND,
    warning: ANNOTATIONS_PER_KIND,
    notice: ANNOTATIONS_PER_KIND - 1,
  };
  const counts = new SummaryCounts();
  return {
    add(part) {
      const file = reportFile(part.filePath, options.paths);
      let out = "";
      for (const m of part.messages) {
        counts.add(file, m);
        if (!cap.admit(m)) continue;
        const kind = m.severity === 2 ? "error" : "warning";
        if (left[kind] > 0) {
          left[kind]--;
          out += annotation(kind, file.path, m);
        } else {
          if (kind === "error") counts.unannotatedErrors++;
          else counts.unannotatedWarnings++;
          out += logLine(kind, file.path, m);
        }
      }
      write(out);
    },
    endFile(filePath) {
      counts.endFile();
      const path = reportFile(filePath, options.paths).path;
      const more = cap.more(path);
      if (more !== undefined) {
        if (left.notice > 0) {
          left.notice--;
          write(`::notice file=${property(path)},title=chatml::${data(more)}\n`);
        } else {
          write(`${safeStart(visible(more))}\n`);
        }
      }
      cap = new FileCap(options.maxProblems);
    },
    end() {
      const unannotated = counts.unannotatedErrors + counts.unannotatedWarnings;
      if (unannotated > 0) {
        const where =
          options.summary === undefined ? "this log has them" : "this log and the step summary have them";
        write(
          `::notice title=chatml::${data(
            `GitHub shows ${ANNOTATIONS_PER_KIND} error and ${ANNOTATIONS_PER_KIND} warning annotations per step: ` +
              `${counts.unannotatedErrors} more errors and ${counts.unannotatedWarnings} more warnings are not annotated; ${where}`,
          )}\n`,
        );
      }
      options.summary?.append(counts.markdown(options.blob, ANNOTATIONS_PER_KIND));
    },
  };
}

function annotation(kind: "error" | "warning", path: string, m: LintMessage): string {
  const properties = [
    `file=${property(path)}`,
    `line=${m.line}`,
    `col=${m.column}`,
    `endLine=${m.endLine}`,
    `endColumn=${m.endColumn}`,
    `title=${property(`chatml ${m.ruleId}`)}`,
  ].join(",");
  return `::${kind} ${properties}::${data(m.message)}\n`;
}

/** A problem past GitHub's cap, as a log line: `path:line:col: error: message (rule)`. */
function logLine(kind: "error" | "warning", path: string, m: LintMessage): string {
  return `${safeStart(visible(`${path}:${m.line}:${m.column}: ${kind}: ${m.message} (${m.ruleId})`))}\n`;
}

/** A log line never starts with `::` (a file named `::stop-commands::x` would be a command). */
const safeStart = (line: string) => (line.startsWith("::") ? `./${line}` : line);

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
