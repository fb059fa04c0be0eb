import yargs from "yargs";
import { compileCommand } from "./commands/compile.js";
import { countCommand } from "./commands/count.js";
import { fitCommand } from "./commands/fit.js";
import { lintCommand } from "./commands/lint.js";
import { parseCommand } from "./commands/parse.js";
import { rulesCommand } from "./commands/rules.js";
import { type DeclaredOptions, repeatedFlag } from "./commands/shared.js";
import { CliError, EXIT, type ExitCode } from "./errors.js";
import { visibleLines } from "./format/visible.js";
import type { Io } from "./io.js";
import type { CliState } from "./state.js";
import { VERSION } from "./version.js";

/**
 * yargs drops a bare `-` from positionals; the Unix convention is that it
 * names stdin (or stdout, for -o). It travels through yargs as this stand-in.
 */
const DASH = "\u0000-";

/** A usage error yargs found (unknown flag, bad choice, missing command). */
class UsageFailure extends Error {}

/**
 * Runs `chatml` with `argv` (without `node` and the script) against `io` and
 * returns the exit code. Never throws and never exits the process: tests call
 * it in-process. Errors print as one line, a stack trace only with `--debug`.
 *
 * @example
 * const code = await runCli(["compile", "messages.json"], processIo());
 */
export async function runCli(argv: readonly string[], io: Io): Promise<ExitCode> {
  const state: CliState = { exitCode: EXIT.ok };
  const debug = argv.includes("--debug");
  const parser = yargs()
    .scriptName("chatml")
    .usage("$0 <command> [options]\n\nCompile, parse, count, fit and lint ChatML; list the lint rules.")
    .command(compileCommand(io, state))
    .command(parseCommand(io, state))
    .command(countCommand(io, state))
    .command(fitCommand(io, state))
    .command(lintCommand(io, state))
    .command(rulesCommand(io, state))
    .option("debug", { type: "boolean", describe: "print stack traces of internal errors" })
    .middleware((parsed) => {
      // getOptions() is yargs' own (its usage and validation read it) but not in its types.
      const declared = (parser as unknown as { getOptions(): DeclaredOptions }).getOptions();
      const repeated = repeatedFlag(parsed, declared);
      if (repeated !== undefined) throw new UsageFailure(repeated);
      for (const [key, value] of Object.entries(parsed)) {
        if (value === DASH) parsed[key] = "-";
        else if (Array.isArray(value)) parsed[key] = value.map((v) => (v === DASH ? "-" : v));
      }
    }, true)
    .demandCommand(1, "name a command: compile, parse, count, fit, lint or rules")
    .strict()
    .recommendCommands()
    .exitProcess(false)
    .fail((message, error) => {
      // A flag's coerce that refuses a value (countFlag) reaches here as yargs' YError.
      if (error?.name === "YError") throw new UsageFailure(error.message);
      if (error) throw error;
      throw new UsageFailure(message);
    })
    .help()
    .alias("h", "help")
    .version(VERSION)
    .detectLocale(false) // messages are English; skips yargs' locale lookup at start-up
    .wrap(Math.min(100, process.stdout.columns ?? 80));
  try {
    const args = argv.map((arg) => (arg === "-" ? DASH : arg));
    await parser.parseAsync(args, {}, (_error, _argv, output) => {
      if (output) io.stdout.write(`${output}\n`);
    });
  } catch (error) {
    return report(error, io, debug);
  }
  return state.exitCode;
}

/** Prints a failure; what it quotes (file names, arguments, content) is shown escaped, never obeyed. */
function report(error: unknown, io: Io, debug: boolean): ExitCode {
  const stderr = { write: (text: string) => io.stderr.write(visibleLines(text)) };
  if (error instanceof UsageFailure) {
    stderr.write(`chatml: ${error.message}\nRun chatml --help for usage.\n`);
    return EXIT.usage;
  }
  // The validator's typed errors: bad options (an unknown model) are usage errors, bad input is a problem.
  if (error instanceof Error && error.name === "ValidatorError") {
    const code = (error as Error & { code?: string }).code;
    stderr.write(`chatml: ${error.message}\n`);
    if (debug && error.stack) stderr.write(`${error.stack}\n`);
    return code === "invalid-input" ? EXIT.problems : EXIT.usage;
  }
  if (error instanceof CliError) {
    stderr.write(`${error.format()}\n`);
    if (debug && error.stack) stderr.write(`${error.stack}\n`);
    return error.exitCode;
  }
  stderr.write(`chatml: internal error: ${(error as Error)?.message ?? String(error)}\n`);
  stderr.write(
    debug
      ? `${(error as Error)?.stack ?? ""}\n`
      : "Run again with --debug for the stack trace, and please report it.\n",
  );
  return EXIT.usage;
}
