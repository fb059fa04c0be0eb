/** Exit codes, as CI users expect them. */
export const EXIT = {
  /** Nothing wrong (lint: no errors, warnings within --max-warnings). */
  ok: 0,
  /** Problems found in the input, or input that is invalid. */
  problems: 1,
  /** Usage error, unreadable file, no files matched, or an internal failure. */
  usage: 2,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Where in the user's file a problem is. */
export interface Location {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
}

/**
 * An error the CLI reports as one clean line (`file:line:col: message`) and
 * an exit code; never a stack trace unless `--debug`.
 */
export class CliError extends Error {
  override readonly name = "CliError";
  constructor(
    message: string,
    readonly exitCode: ExitCode,
    readonly location?: Location,
  ) {
    super(message);
  }

  /** `file:line:col: message`, or as much of the location as is known; `chatml: message` without one. */
  format(): string {
    const at = this.location;
    // Said by chatml of itself, as yargs' usage errors are: the reader knows which program spoke.
    if (at === undefined) return `chatml: ${this.message}`;
    const where = [at.file, at.line, at.column].filter((part) => part !== undefined).join(":");
    return `${where}: ${this.message}`;
  }
}

/** A usage error (exit 2): bad flags, unreadable files. */
export const usageError = (message: string, location?: Location) =>
  new CliError(message, EXIT.usage, location);

/** Invalid input (exit 1): the user's data, not the command, is wrong. */
export const inputError = (message: string, location?: Location) =>
  new CliError(message, EXIT.problems, location);
