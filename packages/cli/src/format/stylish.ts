import { codeFrameColumns } from "@babel/code-frame";
import { createColors } from "picocolors";
import type { LintResult } from "../lint/types.js";

/** What the stylish format needs beyond the results. */
export interface StylishOptions {
  readonly color: boolean;
  /** Line texts of streamed datasets, by file, for code frames. */
  readonly lines?: ReadonlyMap<string, ReadonlyMap<number, string>>;
}

/**
 * Grouped by file: `line:col  severity  message  rule-id`, with a code frame
 * under each problem, and a summary line.
 */
export function stylish(results: readonly LintResult[], options: StylishOptions): string {
  const c = createColors(options.color);
  let out = "";
  let errors = 0;
  let warnings = 0;
  for (const result of results) {
    if (result.messages.length === 0) continue;
    errors += result.errorCount;
    warnings += result.warningCount;
    out += `\n${c.underline(result.filePath)}\n`;
    for (const m of result.messages) {
      const severity = m.severity === 2 ? c.red("error") : c.yellow("warning");
      out += `  ${c.dim(`${m.line}:${m.column}`)}  ${severity}  ${m.message}  ${c.dim(m.ruleId)}\n`;
      const frame = codeFrame(result, m, options);
      if (frame !== "") out += `${indent(frame)}\n`;
    }
  }
  const total = errors + warnings;
  if (total === 0) return "";
  const summary = `${total} problem${total === 1 ? "" : "s"} (${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"})`;
  return `${out}\n${errors > 0 ? c.red(c.bold(`✖ ${summary}`)) : c.yellow(c.bold(`⚠ ${summary}`))}\n`;
}

/** Columns shown around a problem on a long line. */
const BEFORE = 40;
const WIDTH = 120;

/**
 * The lines around a problem (one above, one below), cropped around its
 * column when lines are long (datasets and minified JSON have very long
 * lines), with the file's own line numbers.
 */
function codeFrame(result: LintResult, m: LintResult["messages"][number], options: StylishOptions): string {
  const first = Math.max(1, m.line - 1);
  const window: string[] = [];
  if (result.source !== undefined) {
    const all = result.source.split(/\r?\n|\r/);
    for (let n = first; n <= Math.min(all.length, m.endLine + 1); n++) window.push(all[n - 1] ?? "");
  } else {
    // A streamed dataset keeps only the lines with problems.
    const text = options.lines?.get(result.filePath)?.get(m.line);
    if (text === undefined) return "";
    return frame([text], m.line, m, m.line);
  }
  return frame(window, first, m, m.line);
}

function frame(lines: string[], startLine: number, m: LintResult["messages"][number], line: number): string {
  // Crop only lines too long to read whole.
  const shift = lines.some((text) => text.length > WIDTH) ? Math.max(0, m.column - 1 - BEFORE) : 0;
  const cropped = lines.map((text) => crop(text, shift));
  const column = m.column - shift + (shift > 0 ? 1 : 0);
  const endColumn =
    m.endLine === m.line ? Math.min(m.endColumn - shift + (shift > 0 ? 1 : 0), WIDTH + 2) : undefined;
  const end =
    m.endLine === m.line
      ? endColumn !== undefined && endColumn > column
        ? { line, column: endColumn }
        : undefined
      : { line: m.endLine, column: Math.min(m.endColumn, WIDTH) };
  return codeFrameColumns(
    cropped.join("\n"),
    // With startLine, code-frame takes the file's own line numbers.
    { start: { line, column }, ...(end && { end }) },
    { highlightCode: false, linesAbove: 1, linesBelow: 1, startLine },
  );
}

/** A line from column `shift` on, at most WIDTH characters, with … where it was cut. */
function crop(text: string, shift: number): string {
  const head = shift > 0 ? "…" : "";
  const body = text.slice(shift, shift + WIDTH);
  return head + body + (text.length > shift + WIDTH ? "…" : "");
}

function indent(text: string): string {
  return text
    .split("\n")
    .map((l) => `    ${l}`)
    .join("\n");
}
