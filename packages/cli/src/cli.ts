import yargs, { type Argv, type CommandModule } from "yargs";
import { compileCommand } from "./commands/compile.js";
import { countCommand } from "./commands/count.js";
import { fitCommand } from "./commands/fit.js";
import { initCommand } from "./commands/init.js";
import { lintCommand } from "./commands/lint.js";
import { parseCommand } from "./commands/parse.js";
import { playgroundCommand } from "./commands/playground.js";
import { renderCommand } from "./commands/render.js";
import { rulesCommand } from "./commands/rules.js";
import { type DeclaredOptions, repeatedFlag } from "./commands/shared.js";
import { CliError, EXIT, type ExitCode } from "./errors.js";
import { visibleLines } from "./format/visible.js";
import type { Io } from "./io.js";
import { colorFromEnv } from "./output/color.js";
import type { CliState } from "./state.js";
import { VERSION } from "./version.js";

/**
 * yargs drops a bare `-` from positionals; the Unix convention is that it
 * names stdin (or stdout, for -o). It travels through yargs as this stand-in.
 */
const DASH = "\u0000-";

/** A usage error yargs found (unknown flag, bad choice, missing command). */
class UsageFailure extends Error {}

/** The commands, as `chatml help NAME` takes them. */
const COMMANDS = ["compile", "parse", "count", "fit", "lint", "rules", "init", "playground"] as const;

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
    .usage(
      "$0 <command> [options]\n\nCompile, parse, count, fit and lint ChatML; fill templates; list the lint rules; write a starter config; serve the web playground.",
    )
    .command(withoutEmptyDefaults(compileCommand(io, state)))
    .command(withoutEmptyDefaults(parseCommand(io, state)))
    .command(withoutEmptyDefaults(countCommand(io, state)))
    .command(withoutEmptyDefaults(fitCommand(io, state)))
    .command(withoutEmptyDefaults(renderCommand(io, state)))
    .command(withoutEmptyDefaults(lintCommand(io, state)))
    .command(withoutEmptyDefaults(rulesCommand(io, state)))
    .command(initCommand(io, state))
    .command(withoutEmptyDefaults(playgroundCommand(io, state)))
    .command(helpCommand(io, state))
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
    .middleware((parsed) => {
      // --color's default comes from FORCE_COLOR / NO_COLOR when they say (output/color.ts);
      // else the command decides by the terminal. A command without --color has no colours.
      const declared = (parser as unknown as { getOptions(): DeclaredOptions }).getOptions();
      if (parsed.color !== undefined || !("color" in declared.key)) return;
      const fromEnv = colorFromEnv(io.env);
      if (fromEnv !== undefined) parsed.color = fromEnv;
    })
    .demandCommand(1, "name a command: compile, parse, count, fit, lint, rules, init or playground")
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
    .alias("v", "version")
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

/** `chatml help [command]`: what `chatml [command] --help` prints. */
function helpCommand(io: Io, state: CliState): CommandModule<object, { command?: string }> {
  return {
    command: "help [command]",
    describe: "show a command's options and examples (chatml help lint), or the list of commands",
    builder: (yargs) =>
      (yargs as Argv<object>).positional("command", {
        type: "string",
        describe: `a command: ${COMMANDS.join(", ")}`,
      }) as Argv<{ command?: string }>,
    handler: async (argv) => {
      const name = argv.command;
      if (name !== undefined && !(COMMANDS as readonly string[]).includes(name)) {
        throw new UsageFailure(`help: unknown command "${name}"; the commands are ${COMMANDS.join(", ")}`);
      }
      state.exitCode = await runCli(name === undefined ? ["--help"] : [name, "--help"], io);
    },
  };
}

/**
 * yargs gives a required variadic positional (`lint <paths..>`) a default of [], which its
 * help then shows beside [required]: the default is dropped (the positional is never absent).
 */
function withoutEmptyDefaults<T>(module: CommandModule<object, T>): CommandModule<object, T> {
  const required = [...String(module.command).matchAll(/<([\w-]+)\.\.>/g)].map((m) => m[1] as string);
  const { builder } = module;
  if (required.length === 0 || typeof builder !== "function") return module;
  return {
    ...module,
    builder: (yargs) => {
      const built = builder(yargs) as Argv<T>;
      for (const name of required) built.default(name, undefined);
      return built;
    },
  };
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
