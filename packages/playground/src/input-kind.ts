import type { ReadAs } from "./settings.js";

/** What the input is read as. */
export type InputKind = "transcript" | "json" | "jsonl";

/**
 * The kind of `text` by its content when the user left it to the page: JSON
 * when it starts with `[` or `{` and is one value, a dataset when it has
 * several lines that each start with `{`, else a transcript (a chat
 * template's text, `{{ ... }}` or `{% ... %}`, is read as a transcript too).
 */
export function detectKind(text: string, readAs: ReadAs): InputKind {
  if (readAs !== "auto") return readAs;
  const start = text.trimStart();
  // `{{`, `{%` and `{#` open a Jinja chat template, not JSON.
  if ((!start.startsWith("[") && !start.startsWith("{")) || /^\{[{%#]/.test(start)) return "transcript";
  const lines = start.split("\n").filter((l) => l.trim() !== "");
  if (lines.length > 1 && lines.every((l) => l.trimStart().startsWith("{")) && parsesAlone(lines[0])) {
    return "jsonl";
  }
  return "json";
}

function parsesAlone(line: string | undefined): boolean {
  try {
    JSON.parse(line ?? "");
    return true;
  } catch {
    return false;
  }
}

/** Line `n` (1-based) of a dataset: its text and offset; blank lines count, as editors number them. */
export function datasetLine(
  text: string,
  n: number,
): { text: string; offset: number; lines: number; line: number } {
  const starts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  // A final newline ends the last line; it does not start one.
  if (starts.length > 1 && starts.at(-1) === text.length) starts.pop();
  const lines = starts.length;
  const line = Math.min(Math.max(1, n), lines);
  const offset = starts[line - 1] as number;
  const end = line < lines ? (starts[line] as number) - 1 : text.length;
  return { text: text.slice(offset, end).replace(/\r$/, ""), offset, lines, line };
}
