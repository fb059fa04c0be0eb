// The Markdown a `--format github` run appends to GITHUB_STEP_SUMMARY: what GitHub shows on the
// run's page, where annotations past GitHub's cap never appear.
import { closeSync, openSync, writeSync } from "node:fs";
import { resolve } from "node:path";
import { usageError } from "../errors.js";
import type { LintMessage } from "../lint/types.js";
import { encodePath, type ReportFile } from "./paths.js";
import { visible } from "./visible.js";

/** Problems the summary lists, with links: the first ones, so it stays far below GitHub's 1 MiB per step. */
export const SUMMARY_PROBLEMS = 20;
/** A listed message is cut after this many characters (a message can quote a long stretch of a file). */
const MESSAGE_CHARS = 300;

/** Where a problem's link points, from GitHub Actions' default variables; none when one is missing. */
export interface BlobBase {
  /** `https://github.com/owner/repo/blob/sha/` */
  readonly url: string;
}

/** The blob URL base of the commit the run checks, when GITHUB_REPOSITORY and GITHUB_SHA say it. */
export function blobBase(env: Readonly<Record<string, string | undefined>>): BlobBase | undefined {
  const { GITHUB_REPOSITORY: repository, GITHUB_SHA: sha } = env;
  if (!repository || !sha) return undefined;
  const server = (env.GITHUB_SERVER_URL || "https://github.com").replace(/\/+$/, "");
  return { url: `${server}/${repository}/blob/${sha}/` };
}

/** A file opened for appending before lint starts, so a path that cannot be written fails first. */
export interface StepSummary {
  append(markdown: string): void;
}

/** Opens GITHUB_STEP_SUMMARY's file for appending (never truncating); a usage error if it cannot be. */
export function openStepSummary(path: string, cwd: string): StepSummary {
  let fd: number;
  try {
    fd = openSync(resolve(cwd, path), "a");
  } catch (error) {
    throw usageError(
      `cannot append the step summary to ${visible(path)} (GITHUB_STEP_SUMMARY): ${reason(error)}`,
    );
  }
  return {
    append(markdown) {
      try {
        writeSync(fd, markdown);
      } finally {
        closeSync(fd);
      }
    },
  };
}

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return "its folder does not exist";
  if (code === "EACCES") return "permission denied";
  if (code === "EISDIR") return "it is a directory";
  return (error as Error).message;
}

/** One problem, kept for the list. */
interface Listed {
  readonly file: ReportFile;
  readonly m: LintMessage;
}

/** What the summary counts as lint goes; `markdown` renders it at the end. */
export class SummaryCounts {
  files = 0;
  filesWithProblems = 0;
  errors = 0;
  warnings = 0;
  /** Problems not annotated because of GitHub's cap, by severity. */
  unannotatedErrors = 0;
  unannotatedWarnings = 0;
  readonly #byRule = new Map<string, { errors: number; warnings: number }>();
  readonly #listed: Listed[] = [];
  #inFile = 0;

  add(file: ReportFile, m: LintMessage): void {
    const counts = this.#byRule.get(m.ruleId) ?? { errors: 0, warnings: 0 };
    if (m.severity === 2) {
      this.errors++;
      counts.errors++;
    } else {
      this.warnings++;
      counts.warnings++;
    }
    this.#byRule.set(m.ruleId, counts);
    if (this.#listed.length < SUMMARY_PROBLEMS) this.#listed.push({ file, m });
    this.#inFile++;
  }

  endFile(): void {
    this.files++;
    if (this.#inFile > 0) this.filesWithProblems++;
    this.#inFile = 0;
  }

  /** The summary: counts, counts per rule, the first problems with links, and what was not annotated. */
  markdown(blob: BlobBase | undefined, perKind: number): string {
    const total = this.errors + this.warnings;
    const files = `${this.files} file${this.files === 1 ? "" : "s"} checked`;
    const lines = [`## chatml lint`, ""];
    if (total === 0) {
      lines.push(`${files}: no problems.`, "");
      return `${lines.join("\n")}\n`;
    }
    lines.push(
      `${files}: ${count(this.errors, "error")} and ${count(this.warnings, "warning")} in ${count(this.filesWithProblems, "file")}.`,
      "",
      "| rule | errors | warnings |",
      "| --- | ---: | ---: |",
    );
    const rules = [...this.#byRule].sort(
      ([a, x], [b, y]) => y.errors - x.errors || y.warnings - x.warnings || (a < b ? -1 : 1),
    );
    for (const [rule, n] of rules) lines.push(`| \`${rule}\` | ${n.errors} | ${n.warnings} |`);
    lines.push("", `First ${count(this.#listed.length, "problem")}:`, "");
    for (const { file, m } of this.#listed) {
      const where = `${file.path}:${m.line}:${m.column}`;
      const link =
        blob !== undefined && file.kind === "relative"
          ? `[${markdownText(where)}](${blob.url}${linkPath(file.path)}#L${m.line})`
          : markdownText(where);
      const severity = m.severity === 2 ? "error" : "warning";
      lines.push(`- **${severity}** ${link}: ${markdownText(cut(m.message))} (\`${m.ruleId}\`)`);
    }
    const more = total - this.#listed.length;
    if (more > 0) lines.push("", `... and ${count(more, "more problem")}, all of them in the step's log.`);
    const unannotated = this.unannotatedErrors + this.unannotatedWarnings;
    if (unannotated > 0) {
      lines.push(
        "",
        `GitHub shows at most ${perKind} error and ${perKind} warning annotations per step: ` +
          `${count(this.unannotatedErrors, "error")} and ${count(this.unannotatedWarnings, "warning")} more are not annotated (the log has them).`,
      );
    }
    return `${lines.join("\n")}\n\n`;
  }
}

const count = (n: number, noun: string) => `${n.toLocaleString("en-US")} ${noun}${n === 1 ? "" : "s"}`;

const cut = (text: string) => (text.length > MESSAGE_CHARS ? `${text.slice(0, MESSAGE_CHARS)}…` : text);

/**
 * Text shown as itself in Markdown: hidden characters escaped as elsewhere,
 * then every ASCII punctuation character backslash-escaped (GitHub's Markdown
 * takes `\` before any of them as that character), so `<|im_end|>` is not
 * read as HTML, nor `|` as a table cell, nor `[x](y)` as a link.
 */
export function markdownText(text: string): string {
  return visible(text).replace(/[!-/:-@[-`{-~]/g, "\\$&");
}

/** A repository path in a link: percent-encoded, parentheses too (they would end the link). */
const linkPath = (path: string) => encodePath(path).replaceAll("(", "%28").replaceAll(")", "%29");
