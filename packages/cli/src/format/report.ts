import type { Reporter } from "../lint/types.js";

/** How the run ended, for formats that record it (SARIF's invocation). */
export interface RunEnd {
  /** The exit code chatml exits with (0 or 1: a run that fails otherwise writes no report end). */
  readonly exitCode: number;
  /** Files linted, and files the folder walks found and left out (stylish says so when it found nothing). */
  readonly files?: { readonly checked: number; readonly skipped: number };
}

/** A report being written as lint goes: `end` once every file is done. */
export interface FormatReporter extends Reporter {
  end(run: RunEnd): void;
}

/** Where a report's text goes, piece by piece. */
export type Write = (text: string) => void;
