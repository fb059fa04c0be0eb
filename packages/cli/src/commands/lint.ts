import { stat } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { dirname, resolve } from "node:path";
import type { RuleId } from "@chatmlkit/validator/rules";
import type { Argv, CommandModule } from "yargs";
import { type Config, loadConfig } from "../config.js";
import { EXIT, usageError } from "../errors.js";
import { DEFAULT_MAX_PROBLEMS } from "../format/cap.js";
import { FORMATS, type FormatName, formatReporter, needsLineText } from "../format/index.js";
import type { Write } from "../format/report.js";
import { kindOf } from "../input/kind.js";
import type { Io } from "../io.js";
import { CACHE_FILE, DEFAULT_CACHE_FOLDER } from "../lint/cache-location.js";
import type { Reporter } from "../lint/types.js";
import { Progress } from "../output/progress.js";
import { writeOutput } from "../output/write.js";
import { PROFILE_CHOICES, type ProfileChoice } from "../profile-choices.js";
import type { CliState } from "../state.js";
import { VERSION } from "../version.js";
import {
  checkModelOptions,
  checkStdinName,
  countFlag,
  limitFlag,
  maxFileSizeOption,
  modelOptionsOf,
  noteAssumedKinds,
  outputOption,
  withReadLimit,
} from "./shared.js";

interface LintArgs {
  tokenizer?: string;
  paths?: string[];
  "print-config"?: string;
  format: FormatName;
  "max-warnings": number;
  "max-problems": number;
  quiet?: boolean;
  config?: string;
  rule?: string[];
  kind?: string;
  "stdin-filename"?: string;
  model?: string;
  encoding?: "cl100k_base" | "o200k_base";
  "context-window"?: number;
  "max-tokens"?: number;
  "max-prompt-tokens"?: number;
  "max-message-tokens"?: number;
  "max-example-tokens"?: number;
  color?: boolean;
  jobs?: number;
  output?: string;
  "max-file-size"?: string;
  gitignore: boolean;
  ignore: boolean;
  "ignore-pattern"?: string[];
  "error-on-unmatched-pattern": boolean;
  cache?: boolean;
  "cache-location"?: string;
  profile?: ProfileChoice;
  template?: boolean;
}

/** `chatml lint`: the CI command. */
export function lintCommand(io: Io, state: CliState): CommandModule<object, LintArgs> {
  return {
    command: "lint [paths..]",
    describe: "lint prompt files and JSONL datasets: files, folders, globs or - for stdin",
    builder: (yargs) =>
      maxFileSizeOption(outputOption(modelOptionsOf(yargs as Argv<object>)))
        .positional("paths", { type: "string", array: true, describe: "files, folders, globs, or -" })
        // yargs gives a variadic positional a default of [], which its help would show; with
        // none, an absent positional arrives as [undefined] (filtered in the handler).
        .default("paths", undefined as unknown as string[])
        .option("print-config", {
          type: "string",
          requiresArg: true,
          describe: "print the settings lint would use for FILE, as JSON, and lint nothing",
        })
        .option("format", {
          alias: "f",
          choices: FORMATS,
          default: "stylish" as const,
          describe:
            "report format (paths in sarif, github, gitlab and junit are relative to the repository root)",
        })
        .option("max-warnings", {
          ...limitFlag("max-warnings", "exit 1 when there are more warnings than this (-1: no limit)"),
          default: -1,
        })
        .option("max-problems", {
          ...countFlag(
            "max-problems",
            "most problems stylish and github show per file, of one rule at most a fifth of them (0: all; json, sarif, gitlab and junit carry all)",
          ),
          default: DEFAULT_MAX_PROBLEMS,
        })
        .option("quiet", { type: "boolean", describe: "report errors only" })
        .option("config", {
          alias: "c",
          type: "string",
          describe: "config file (default: nearest chatml.config.json or .chatmlrc.json)",
        })
        .option("rule", {
          type: "string",
          array: true,
          // One value per --rule, as ESLint's: `--rule a=off prompts/` leaves prompts/ a path.
          nargs: 1,
          requiresArg: true,
          describe: "set a rule's level, e.g. --rule special-token-lookalike=off",
        })
        .option(
          "max-tokens",
          countFlag(
            "max-tokens",
            "tokens reserved for the answer (context-window rule; default: the body's max_tokens, else 0)",
          ),
        )
        .option(
          "max-prompt-tokens",
          countFlag("max-prompt-tokens", "a budget for the whole prompt (token-budget)"),
        )
        .option(
          "max-message-tokens",
          countFlag("max-message-tokens", "a budget for any one message (token-budget)"),
        )
        .option(
          "max-example-tokens",
          countFlag("max-example-tokens", "datasets: the limit per example (dataset-too-long)"),
        )
        .option("kind", {
          type: "string",
          choices: ["transcript", "json", "jsonl"],
          describe: "read every input as this kind",
        })
        .option("stdin-filename", {
          type: "string",
          describe: "name stdin in reports; its extension sets the kind",
        })
        .option("jobs", {
          alias: "j",
          ...countFlag(
            "jobs",
            "worker threads for datasets (default: the number of cores; 1 runs in this thread)",
            1,
          ),
        })
        .option("gitignore", {
          type: "boolean",
          default: true,
          describe:
            "leave out what .gitignore files ignore, nested ones and ! lines included (--no-gitignore: walk them too)",
        })
        .option("ignore-pattern", {
          type: "string",
          array: true,
          nargs: 1,
          requiresArg: true,
          describe: "a glob of files to leave out, relative to the working directory (repeatable)",
        })
        .option("ignore", {
          type: "boolean",
          default: true,
          describe: "apply the config's ignore globs (--no-ignore: lint what they leave out)",
        })
        .option("error-on-unmatched-pattern", {
          type: "boolean",
          default: true,
          describe:
            "a path, folder or glob that matches no file is exit 2 (--no-error-on-unmatched-pattern: not)",
        })
        .option("profile", {
          choices: PROFILE_CHOICES,
          describe:
            "read transcripts as this model writes them: its <tool_call> blocks, reasoning and tool results are checked too (config: profile)",
        })
        .option("template", {
          type: "boolean",
          describe:
            "read every .chatml and messages .json file as a prompt template (without it: those that hold a {{ name }} placeholder); variables from FILE.vars.json beside each (config: template, variables)",
        })
        .option("cache", {
          type: "boolean",
          describe:
            "report files unchanged since the last run (same bytes, settings, rules, version, format) from a cache, without linting them",
        })
        .option("cache-location", {
          type: "string",
          requiresArg: true,
          describe: `the cache's file, or a folder for it (default: ${DEFAULT_CACHE_FOLDER}/${CACHE_FILE}; only with --cache)`,
        })
        .option("color", {
          type: "boolean",
          describe: "force colours on or off (default: on a terminal, unless NO_COLOR)",
        })
        .example(
          "$0 lint .",
          "every .chatml file, and every .json/.jsonl file that holds a conversation, outside .gitignore",
        )
        .example(
          "$0 lint 'data/**/*.jsonl' --model gpt-4o -f sarif -o chatml.sarif",
          "a dataset, as SARIF for code scanning",
        ) as Argv<LintArgs>,
    handler: async (argv) => {
      const loaded = await loadConfig(io.cwd, argv.config);
      // The tokenizer file by its absolute path: lint's workers load it themselves. Its reader
      // is loaded only when one is named.
      const tokenizerFiles =
        argv.tokenizer !== undefined || loaded.config.tokenizer !== undefined
          ? await import("../count/tokenizer-file.js")
          : undefined;
      const tokenizer = tokenizerFiles?.tokenizerFileOf(io.cwd, argv.tokenizer, loaded.config, loaded.file);
      const config = await withFlags(
        { ...loaded.config, ...(tokenizer !== undefined && { tokenizer: resolve(io.cwd, tokenizer) }) },
        argv,
      );
      if (
        config.profile !== undefined &&
        config.profile !== "chatml" &&
        (config.dialect ?? "auto") !== "auto"
      )
        throw usageError(
          `the profile ${config.profile} fixes the dialect, and the config's dialect is ${config.dialect}: leave one out`,
        );
      if (argv["print-config"] !== undefined) {
        const { printConfig } = await import("../print-config.js");
        io.stdout.write(
          await printConfig(
            io.cwd,
            argv["print-config"],
            config,
            loaded.file,
            argv.kind,
            argv["stdin-filename"],
          ),
        );
        return;
      }
      const paths = (argv.paths ?? []).filter((path) => typeof path === "string");
      if (paths.length === 0) throw usageError("lint needs a path: a file, a folder, a glob, or - for stdin");
      checkStdinName(paths, argv["stdin-filename"]);
      if (argv["cache-location"] !== undefined && argv.cache !== true)
        throw usageError("--cache-location says where --cache keeps its file, and --cache is not given");
      // Checked here, once: a bad model found in a worker thread would fail every file.
      await checkModelOptions({ ...config, withTokenizer: tokenizer !== undefined });
      if (tokenizer !== undefined) await tokenizerFiles?.loadTokenizerFile(io.cwd, tokenizer);
      const { findFiles } = await import("../lint/files.js");
      const reading = withReadLimit(io, argv);
      // The config's globs are relative to its folder; --ignore-pattern's to the working directory.
      const base = loaded.file === undefined ? io.cwd : dirname(loaded.file);
      const kindFor = (file: string) => kindOf(file, argv.kind, "transcript");
      const found = await findFiles(reading, paths, {
        ignore: [
          ...(argv.ignore && config.ignore !== undefined ? [{ base, patterns: config.ignore }] : []),
          { base: io.cwd, patterns: argv["ignore-pattern"] ?? [] },
        ],
        ...(config.files !== undefined && { files: { base, patterns: config.files } }),
        gitignore: argv.gitignore,
        errorOnUnmatched: argv["error-on-unmatched-pattern"],
        kind: kindFor,
      });
      const files = found.files;
      if (argv.kind === undefined && argv.quiet !== true) noteAssumedKinds(io, files, kindFor);
      const { lintSettings } = await import("../lint/settings.js");
      const { lintFiles, lengthCheckSkipped } = await import("../lint/run.js");
      // Only stylish (code frames), sarif and gitlab (fingerprints) need line text back from the workers.
      const settings = lintSettings(config, needsLineText(argv.format), tokenizer);
      const jobs = argv.jobs ?? availableParallelism();
      const pool =
        jobs > 1 && io.workerUrl !== undefined
          ? new (await import("../lint/pool.js")).LintPool(io.workerUrl, jobs, settings, io.cwd)
          : undefined;
      // Everything a file's report depends on besides its bytes; a change in any is a miss.
      const cache = argv.cache
        ? await (await import("../lint/cache.js")).LintCache.open(
            io,
            argv["cache-location"] ?? `${DEFAULT_CACHE_FOLDER}/`,
            {
              version: VERSION,
              settings,
              maxFileSize: reading.maxFileSize,
              // The vocabulary's bytes, not only its path: a replaced tokenizer.json changes reports.
              ...(tokenizer !== undefined && {
                tokenizer: await tokenizerFiles?.tokenizerDigest(io.cwd, tokenizer),
              }),
            },
          )
        : undefined;
      const progress = new Progress(
        io,
        await totalBytes(
          io.cwd,
          files.map((f) => f.file),
        ),
        argv.quiet === true,
      );
      // The report is written as lint goes, so no file's problems are held once written; only
      // the counts for the exit code are kept. With -o, into a temporary file renamed over the
      // output at the end (a 231 MB SARIF log, held whole until then, peaked at 794 MB).
      let sink: ((text: string) => void) | undefined;
      const write: Write = (text) => {
        if (text === "") return;
        if (sink) sink(text);
        else {
          progress.clear();
          io.stdout.write(text);
        }
      };
      const formatted = await formatReporter(argv.format, write, {
        io,
        maxProblems: argv["max-problems"],
        color: argv.color ?? (argv.output === undefined && io.stdout.isTTY && !io.env.NO_COLOR),
        version: VERSION,
        quiet: argv.quiet === true,
      });
      let errors = 0;
      let warnings = 0;
      let checked = 0;
      let unreadable = 0;
      const tooManyWarnings = () => argv["max-warnings"] >= 0 && warnings > argv["max-warnings"];
      // A file that could not be read was reported, but the run did not do its work: exit 2.
      const exitCode = () =>
        unreadable > 0 ? EXIT.usage : errors > 0 || tooManyWarnings() ? EXIT.problems : EXIT.ok;
      const reporter: Reporter = {
        add(part) {
          for (const m of part.messages) {
            if (m.severity === 2) errors++;
            else warnings++;
          }
          formatted.add(
            argv.quiet ? { ...part, messages: part.messages.filter((m) => m.severity === 2) } : part,
          );
        },
        endFile: (filePath) => {
          checked++;
          formatted.endFile(filePath);
        },
      };
      let datasets = 0;
      const run = async () => {
        let skipped = found.skipped;
        try {
          const done = await lintFiles(reading, files, settings, {
            kind: argv.kind,
            stdinName: argv["stdin-filename"],
            pool,
            progress,
            reporter,
            ...(cache !== undefined && { cache }),
          });
          skipped += done.skipped;
          unreadable = done.unreadable;
          datasets = done.datasets;
        } finally {
          progress.finish();
          await pool?.close();
        }
        formatted.end({ exitCode: exitCode(), files: { checked, skipped } });
        await cache?.save(io);
      };
      try {
        if (argv.output === undefined || argv.output === "-") await run();
        else
          await writeOutput(
            io,
            (piece) => {
              sink = piece;
              return run();
            },
            argv.output,
            // Every input, folders and globs expanded: -o refuses to replace any of them, by any name.
            files.filter((f) => f.file !== "-").map((f) => resolve(io.cwd, f.file)),
          );
      } finally {
        // Also when -o could not be written and lint never ran.
        progress.finish();
        await pool?.close();
      }
      if (datasets > 0 && argv.quiet !== true) {
        const skippedCheck = lengthCheckSkipped(settings);
        if (skippedCheck !== undefined) io.stderr.write(`${skippedCheck}\n`);
      }
      if (exitCode() !== EXIT.ok) state.exitCode = exitCode();
      if (errors === 0 && tooManyWarnings()) {
        io.stderr.write(`chatml found too many warnings (maximum: ${argv["max-warnings"]})\n`);
      }
    },
  };
}

/** Bytes of every named file (stdin counts as unknown), for the progress bar. */
async function totalBytes(cwd: string, files: readonly string[]): Promise<number> {
  let total = 0;
  for (const file of files) {
    if (file === "-") continue;
    total += (await stat(resolve(cwd, file)).catch(() => undefined))?.size ?? 0;
  }
  return total;
}

/** Flags override the config: --model, --max-tokens, --rule id=level (an id no rule has is a usage error). */
async function withFlags(config: Config, argv: LintArgs): Promise<Config> {
  const rules = { ...config.rules };
  const settings = argv.rule ?? [];
  // The registry is loaded only to check ids: a run without --rule does not wait for it.
  const { isRuleId, unknownRuleMessage } =
    settings.length > 0 ? await import("@chatmlkit/validator/rules") : NO_REGISTRY;
  for (const setting of settings) {
    const match = /^([a-z0-9-]+)=(off|warn|error)$/.exec(setting);
    if (!match) throw usageError(`--rule takes id=off|warn|error, got "${setting}"`);
    const id = match[1] as string;
    if (!isRuleId(id))
      throw usageError(`--rule ${setting}: ${unknownRuleMessage(id)} (chatml rules lists them)`);
    rules[id] = match[2] as "off" | "warn" | "error";
  }
  return {
    ...config,
    rules,
    ...(argv.profile !== undefined && { profile: argv.profile }),
    ...(argv.template !== undefined && { template: argv.template }),
    ...(argv.model !== undefined && { model: argv.model }),
    ...(argv.encoding !== undefined && { encoding: argv.encoding }),
    ...(argv["context-window"] !== undefined && { contextWindow: argv["context-window"] }),
    ...(argv["max-tokens"] !== undefined && { maxTokens: argv["max-tokens"] }),
    ...(argv["max-prompt-tokens"] !== undefined && { maxPromptTokens: argv["max-prompt-tokens"] }),
    ...(argv["max-message-tokens"] !== undefined && { maxMessageTokens: argv["max-message-tokens"] }),
    ...(argv["max-example-tokens"] !== undefined && { maxExampleTokens: argv["max-example-tokens"] }),
  };
}

/** Stands for the registry when there is no --rule to check. */
const NO_REGISTRY = {
  isRuleId: (_id: string): _id is RuleId => false,
  unknownRuleMessage: (id: string) => id,
};
