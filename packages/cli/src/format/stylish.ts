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

function codeFrame(result: LintResult, m: LintResult["messages"][number], options: StylishOptions): string {
  let source = result.source;
  let line = m.line;
  let endLine = m.endLine;
  if (source === undefined) {
    // A streamed dataset: frame the one line.
    const text = options.lines?.get(result.filePath)?.get(m.line);
    if (text === undefined) return "";
    source = text;
    endLine = endLine - line + 1;
    line = 1;
  }
  const end =
    endLine === line && m.endColumn <= m.column ? undefined : { line: endLine, column: m.endColumn };
  return codeFrameColumns(
    source,
    { start: { line, column: m.column }, ...(end && { end }) },
    { highlightCode: false, forceColor: options.color, linesAbove: 1, linesBelow: 1 },
  );
}

function indent(text: string): string {
  return text
    .split("\n")
    .map((l) => `    ${l}`)
    .join("\n");
}
