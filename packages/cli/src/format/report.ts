import type { Reporter } from "../lint/types.js";

/** A report being written as lint goes: `end` once every file is done. */
export interface FormatReporter extends Reporter {
  end(): void;
}

/** Where a report's text goes, piece by piece. */
export type Write = (text: string) => void;
