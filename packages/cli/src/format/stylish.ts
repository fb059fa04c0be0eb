import { codeFrameColumns } from "@babel/code-frame";
import { createColors } from "picocolors";
import type { LintMessage, LintResult } from "../lint/types.js";
import { FileCap } from "./cap.js";
import type { FormatReporter, Write } from "./report.js";
import { visible, visibleSource } from "./visible.js";

/** What the stylish format needs beyond the problems. */
export interface StylishOptions {
  readonly color: boolean;
  /** Problems shown per file (see FileCap); 0 or absent shows all. */
  readonly maxProblems?: number;
  /** Errors only are reported (--quiet): a run with none says "no errors", not "no problems". */
  readonly quiet?: boolean;
}

/** The whole report of `results` as one string (see stylishReporter). */
export function stylish(results: readonly LintResult[], options: StylishOptions): string {
  let out = "";
  const reporter = stylishReporter((text) => {
    out += text;
  }, options);
  for (const result of results) {
    reporter.add(result);
    reporter.endFile(result.filePath);
  }
  reporter.end({ exitCode: 0 });
  return out;
}

/**
 * Grouped by file: `line:col  severity  message  rule-id`, with a code frame
 * under each problem, a line saying how many more there were when a file
 * has more than the cap, and a summary line. Written file by file (a
 * dataset part by part) as lint goes; each problem costs the same whatever
 * the size of its file.
 */
export function stylishReporter(write: Write, options: StylishOptions): FormatReporter {
  const c = createColors(options.color);
  const max = options.maxProblems ?? 0;
  let errors = 0;
  let warnings = 0;
  let headed = false;
  let cap = new FileCap(max);
  let table: { readonly source: string; readonly lines: string[] } | undefined;
  return {
    add(part) {
      if (part.messages.length === 0) return;
      let out = "";
      if (!headed) out += `\n${c.underline(visible(part.filePath))}\n`;
      headed = true;
      if (part.source !== undefined && table?.source !== part.source) {
        // Split once per file: every frame of the file reads from it.
        table = { source: part.source, lines: part.source.split(/\r?\n|\r/) };
      }
      for (const m of part.messages) {
        if (m.severity === 2) errors++;
        else warnings++;
        if (!cap.admit(m)) continue;
        const severity = m.severity === 2 ? c.red("error") : c.yellow("warning");
        out += `  ${c.dim(`${m.line}:${m.column}`)}  ${severity}  ${visible(m.message)}  ${c.dim(m.ruleId)}\n`;
        const frame =
          table !== undefined && part.source !== undefined
            ? sourceFrame(table.lines, m)
            : lineFrame(part.lines?.get(m.line), m);
        if (frame !== "") out += `${indent(frame)}\n`;
      }
      write(out);
    },
    endFile(filePath) {
      const more = headed ? cap.more(filePath) : undefined;
      if (more !== undefined) write(`  ${c.dim(visible(more))}\n`);
      headed = false;
      cap = new FileCap(max);
      table = undefined;
    },
    end(run) {
      const total = errors + warnings;
      if (total === 0) {
        // A run that found nothing says what it looked at: a CI log shows the files were there.
        if (run.files !== undefined) write(`${checkedLine(run.files, options.quiet === true)}\n`);
        return;
      }
      const summary = `${total} problem${total === 1 ? "" : "s"} (${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"})`;
      write(`\n${errors > 0 ? c.red(c.bold(`✖ ${summary}`)) : c.yellow(c.bold(`⚠ ${summary}`))}\n`);
    },
  };
}

/** `checked 12 files (3 skipped), no problems`. */
function checkedLine(files: { checked: number; skipped: number }, quiet: boolean): string {
  const checked = `checked ${files.checked} file${files.checked === 1 ? "" : "s"}`;
  const skipped = files.skipped > 0 ? ` (${files.skipped} skipped)` : "";
  return `${checked}${skipped}, no ${quiet ? "errors" : "problems"}`;
}

/** Columns shown before a problem on a long line, and the most shown of a line. */
const BEFORE = 40;
const WIDTH = 120;

/** The lines around a problem (one above, one below), with the file's own line numbers. */
function sourceFrame(lines: readonly string[], m: LintMessage): string {
  const first = Math.max(1, m.line - 1);
  const last = Math.min(lines.length, m.endLine + 1);
  return frame(lines.slice(first - 1, last), first, m);
}

/** A streamed dataset keeps only the lines with problems: the frame is that line. */
function lineFrame(text: string | undefined, m: LintMessage): string {
  return text === undefined ? "" : frame([text], m.line, m);
}

/**
 * A code frame of `lines` (the first numbered `startLine`), with characters
 * that would not show escaped and the marker under the problem's escaped
 * position. Lines too long to read whole (datasets and minified JSON) are
 * cropped around the problem's column; only the part shown is escaped, so a
 * frame costs the same on a line of any length.
 */
function frame(lines: readonly string[], startLine: number, m: LintMessage): string {
  const text = lines[m.line - startLine] ?? "";
  const endText = lines[m.endLine - startLine];
  const long = lines.some((line) => line.length > WIDTH || visibleSource(line).length > WIDTH);
  // The first character shown of each line, and the mark "…" before it when it is not the first.
  const from = long ? startBefore(text, m.column - 1, BEFORE) : 0;
  const head = from > 0 ? "…" : "";
  const shown = lines.map((line) => {
    const start = Math.min(from, line.length);
    const end = long ? endAfter(line, start, WIDTH) : line.length;
    return head + visibleSource(line.slice(start, end)) + (end < line.length ? "…" : "");
  });
  // A column of the raw line, in the shown line (within what is shown).
  const columnOf = (line: string, column: number) => {
    const end = long ? endAfter(line, Math.min(from, line.length), WIDTH) : line.length;
    const at = Math.min(Math.max(column - 1, from), end);
    return head.length + visibleSource(line.slice(from, at)).length + 1;
  };
  const column = columnOf(text, m.column);
  let end: { line: number; column: number } | undefined;
  if (m.endLine === m.line) {
    const endColumn = columnOf(text, m.endColumn);
    if (endColumn > column) end = { line: m.line, column: endColumn };
  } else if (endText !== undefined) {
    end = { line: m.endLine, column: columnOf(endText, m.endColumn) };
  }
  // code-frame 8 counts columns from 0 (the characters before the marker); ours count from 1.
  const zeroBased = (p: { line: number; column: number }) => ({ line: p.line, column: p.column - 1 });
  return codeFrameColumns(
    shown.join("\n"),
    // With startLine, code-frame takes the file's own line numbers.
    { start: zeroBased({ line: m.line, column }), ...(end && { end: zeroBased(end) }) },
    { highlightCode: false, linesAbove: 1, linesBelow: 1, startLine },
  );
}

/** Columns the character(s) of `text` from `start` to `end` take once escaped. */
function widthOf(text: string, start: number, end: number): number {
  const code = text.charCodeAt(start);
  return end === start + 1 && code >= 0x20 && code < 0x7f ? 1 : visibleSource(text.slice(start, end)).length;
}

const isHigh = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLow = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/** Where to start showing `text` so that what comes before offset `at` takes about `width` columns. */
function startBefore(text: string, at: number, width: number): number {
  let start = Math.min(at, text.length);
  for (let taken = 0; start > 0 && taken < width; ) {
    const step = start > 1 && isLow(text.charCodeAt(start - 1)) && isHigh(text.charCodeAt(start - 2)) ? 2 : 1;
    taken += widthOf(text, start - step, start);
    start -= step;
  }
  return start;
}

/** Where to stop showing `text`, from `start`, so that what is shown takes about `width` columns. */
function endAfter(text: string, start: number, width: number): number {
  let end = start;
  for (let taken = 0; end < text.length && taken < width; ) {
    const step = isHigh(text.charCodeAt(end)) && isLow(text.charCodeAt(end + 1)) ? 2 : 1;
    taken += widthOf(text, end, end + step);
    end += step;
  }
  return end;
}

function indent(text: string): string {
  return text
    .split("\n")
    .map((l) => `    ${l}`)
    .join("\n");
}
