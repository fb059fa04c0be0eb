import type { ExitCode } from "./errors.js";

/** What a command leaves for the CLI to return. */
export interface CliState {
  exitCode: ExitCode;
}
