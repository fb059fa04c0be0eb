import { dirname } from "node:path";
import { DEFAULT_MAX_EXAMPLE_TOKENS } from "@chatmlkit/validator/limits";
import type { Argv, CommandModule } from "yargs";
import { loadConfig } from "../config.js";
import { CliError, EXIT, type ExitCode, usageError } from "../errors.js";
import { visibleLines } from "../format/visible.js";
import { parseJson } from "../input/json.js";
import { holdsConversation, kindOfInput, mayHoldConversation } from "../input/kind.js";
import { readSource } from "../input/read.js";
import type { Io } from "../io.js";
import { PROFILE_CHOICES, type ProfileChoice } from "../profile-choices.js";
import type { CliState } from "../state.js";
import { IMAGE_SIZE_OPTION, imageSizesOf } from "./image-size.js";
import {
  checkModelOptions,
  checkStdinName,
  countFlag,
  maxFileSizeOption,
  modelOptionsOf,
  noteAssumedKinds,
  withReadLimit,
} from "./shared.js";

interface CountArgs {
  files: string[];
  model?: string;
  encoding?: "cl100k_base" | "o200k_base";
  "context-window"?: number;
  tokenizer?: string;
  "max-tokens"?: number;
  "max-prompt-tokens"?: number;
  "max-message-tokens"?: number;
  "max-example-tokens"?: number;
  format: "text" | "json";
  kind?: string;
  "stdin-filename"?: string;
  config?: string;
  "max-file-size"?: string;
  "image-size"?: string[];
  "vars-schema"?: string;
  profile?: ProfileChoice;
}

/** `chatml count`: tokens as the API counts them, for messages, transcripts and datasets. */
export function countCommand(io: Io, state: CliState): CommandModule<object, CountArgs> {
  return {
    command: "count [files..]",
    describe:
      "count tokens: JSON as the Chat Completions API does, transcripts as the Completions endpoint, JSONL datasets per example",
    builder: (yargs) =>
      maxFileSizeOption(modelOptionsOf(yargs as Argv<object>))
        .positional("files", {
          type: "string",
          array: true,
          default: ["-"],
          describe: "inputs, or - for stdin",
        })
        .option(
          "max-tokens",
          countFlag(
            "max-tokens",
            "tokens reserved for the answer; `fits` checks prompt + this (default: the body's max_tokens, else 0)",
          ),
        )
        .option("max-prompt-tokens", countFlag("max-prompt-tokens", "a budget for the whole prompt"))
        .option("max-message-tokens", countFlag("max-message-tokens", "a budget for any one message"))
        .option(
          "max-example-tokens",
          countFlag(
            "max-example-tokens",
            `datasets: the limit per example (default ${DEFAULT_MAX_EXAMPLE_TOKENS})`,
          ),
        )
        .option("image-size", IMAGE_SIZE_OPTION)
        .option("profile", {
          choices: PROFILE_CHOICES,
          describe:
            "count messages as this model's template writes them (its default system prompt, tool declarations, tool results, reasoning); exact with the model's --tokenizer (config: profile)",
        })
        .option("vars-schema", {
          type: "string",
          describe:
            "count a template's worst case: each placeholder at its variable's maxTokens (or maxLength) from FILE, or without FILE from the template's .vars.json sidecar (or the config's variables)",
        })
        .option("format", {
          choices: ["text", "json"] as const,
          default: "text" as const,
          describe: "text: a report per file (and the total); json: { files, errors, total }",
        })
        .option("kind", {
          type: "string",
          choices: ["transcript", "json", "jsonl"],
          describe:
            "read every input as this kind (default: by extension; .chatml transcript, .json, .jsonl)",
        })
        .option("stdin-filename", {
          type: "string",
          describe: "name stdin in reports; its extension sets the kind",
        })
        .option("config", { alias: "c", type: "string", describe: "config file for the default model" })
        .example(
          "$0 count request.json --model gpt-4o --max-tokens 500",
          "prompt_tokens, per message, and whether it fits",
        )
        .example(
          "$0 count train.jsonl --model gpt-4o-mini --format json",
          "per-example counts and the distribution",
        )
        .example(
          "$0 count request.json --profile qwen2.5 --tokenizer tokenizer.json --context-window 32768",
          "an open model's prompt as its template writes it, tools included",
        ) as Argv<CountArgs>,
    handler: async (argv) => {
      checkStdinName(argv.files, argv["stdin-filename"]);
      const reading = withReadLimit(io, argv);
      const loaded = await loadConfig(io.cwd, argv.config);
      const { config } = loaded;
      const model = argv.model ?? config.model;
      const encoding = argv.encoding ?? config.encoding;
      const contextWindow = argv["context-window"] ?? config.contextWindow;
      const maxTokens = argv["max-tokens"] ?? config.maxTokens;
      const maxPromptTokens = argv["max-prompt-tokens"] ?? config.maxPromptTokens;
      const maxMessageTokens = argv["max-message-tokens"] ?? config.maxMessageTokens;
      const limits = {
        ...(maxTokens !== undefined && { maxTokens }),
        ...(maxPromptTokens !== undefined && { maxPromptTokens }),
        ...(maxMessageTokens !== undefined && { maxMessageTokens }),
      };
      // The tokenizer.json reader is loaded only when a tokenizer file is named.
      const tokenizerFiles =
        argv.tokenizer !== undefined || config.tokenizer !== undefined
          ? await import("../count/tokenizer-file.js")
          : undefined;
      const tokenizerFile = tokenizerFiles?.tokenizerFileOf(io.cwd, argv.tokenizer, config, loaded.file);
      await checkModelOptions({
        ...(model !== undefined && { model }),
        ...(encoding !== undefined && { encoding }),
        ...(contextWindow !== undefined && { contextWindow }),
        withTokenizer: tokenizerFile !== undefined,
      });
      const tokenizer =
        tokenizerFile === undefined
          ? undefined
          : await tokenizerFiles?.loadTokenizerFile(io.cwd, tokenizerFile);
      const counter = await import("../count/count-input.js");
      const { findFiles } = await import("../lint/files.js");
      const kindFor = (file: string) => kindOfInput(file, argv["stdin-filename"], argv.kind);
      // Folders and globs as lint takes them (the config's globs relative to its folder, .gitignore
      // honoured); a walked JSON file that holds no conversation is skipped, as lint skips it.
      const base = loaded.file === undefined ? io.cwd : dirname(loaded.file);
      const found = await findFiles(reading, argv.files, {
        ignore: config.ignore === undefined ? [] : [{ base, patterns: config.ignore }],
        ...(config.files !== undefined && { files: { base, patterns: config.files } }),
        gitignore: true,
        errorOnUnmatched: true,
        kind: kindFor,
      });
      const files = found.files;
      if (argv.kind === undefined) noteAssumedKinds(io, files, kindFor);
      let skipped = found.skipped;
      const imageSizes = imageSizesOf(argv["image-size"]);
      const profile = argv.profile ?? config.profile;
      const options = {
        ...(profile !== undefined && { profile }),
        ...(model !== undefined && { model }),
        ...(encoding !== undefined && { encoding }),
        ...(contextWindow !== undefined && { contextWindow }),
        ...(imageSizes !== undefined && { imageSizes }),
        ...(tokenizer !== undefined && { tokenizer }),
      };
      const named = options.model !== undefined || options.encoding !== undefined || tokenizer !== undefined;
      if (argv["vars-schema"] !== undefined) {
        if (!named) throw usageError("count needs --model (or --encoding) to count a template's worst case");
        const { countTemplate, describeTemplate } = await import("../count/count-template.js");
        const counted = [];
        for (const { file } of files)
          counted.push(
            await countTemplate(
              reading,
              file,
              argv["stdin-filename"],
              kindFor(file),
              argv["vars-schema"],
              config.variables,
              options,
              limits,
            ),
          );
        io.stdout.write(
          argv.format === "json"
            ? `${JSON.stringify(counted.length === 1 ? counted[0] : counted, null, 2)}\n`
            : visibleLines(counted.map(describeTemplate).join("")),
        );
        if (counted.some((r) => !r.fits)) state.exitCode = EXIT.problems;
        return;
      }
      const countOne = async ({ file, walked }: { file: string; walked: boolean }) => {
        const name = file === "-" ? (argv["stdin-filename"] ?? "<stdin>") : file;
        const kind = kindFor(file);
        if (kind === "jsonl") {
          if (walked && !(await counter.datasetHoldsConversation(reading, file, name))) return undefined;
          if (!named) throw usageError("count needs --model (or --encoding, or --tokenizer)");
          return counter.countDataset(
            reading,
            file,
            name,
            options,
            argv["max-example-tokens"] ?? config.maxExampleTokens ?? DEFAULT_MAX_EXAMPLE_TOKENS,
          );
        }
        const source = await readSource(reading, file, argv["stdin-filename"]);
        if (kind === "transcript") {
          if (!named) throw usageError("count needs --model (or --encoding, or --tokenizer)");
          return counter.countTranscript(source, options, limits);
        }
        if (walked && !mayHoldConversation(source.text)) return undefined;
        const json = parseJson(source.text, source.name);
        if (walked && !holdsConversation(json.value)) return undefined;
        const bodyModel = (json.value as { model?: unknown } | null)?.model;
        // With a tokenizer.json, a body's model chatmlkit does not know (an open model's name) gives
        // no window, as validate and lint take it; without one, it is the error that names the closest.
        const known =
          typeof bodyModel === "string" && (tokenizer === undefined || counter.isKnownModel(bodyModel));
        const chosen = options.model ?? (known ? (bodyModel as string) : undefined);
        if (chosen === undefined && !named) {
          throw usageError(
            "count needs --model (or --encoding, or --tokenizer), or a request body with a model",
          );
        }
        return counter.countJson(
          json,
          source.name,
          { ...options, ...(chosen !== undefined && { model: chosen }) },
          limits,
        );
      };
      const reports: NonNullable<Awaited<ReturnType<typeof countOne>>>[] = [];
      const errors: CliError[] = [];
      for (const file of files) {
        try {
          const report = await countOne(file);
          if (report === undefined) skipped++;
          else reports.push(report);
        } catch (error) {
          // A problem of one file (it is unreadable, not JSON, not messages) is said and the
          // others are still counted; a problem of the command (no model) ends the run.
          if (!(error instanceof CliError) || error.location === undefined || files.length === 1) throw error;
          io.stderr.write(`${visibleLines(error.format())}\n`);
          errors.push(error);
        }
      }
      if (argv.format === "json") {
        // One shape for any number of inputs: the totals on top (for one file, its own
        // promptTokens and fits), then each file's report and each file that could not be counted.
        const report = {
          ...counter.totalOf(reports),
          skipped,
          files: reports,
          errors: errors.map(errorEntry),
        };
        io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      } else {
        // File names and roles are the user's: shown with terminal controls escaped.
        for (const report of reports) io.stdout.write(visibleLines(counter.describe(report)));
        if (files.length > 1)
          io.stdout.write(
            visibleLines(counter.describeTotal(counter.totalOf(reports), errors.length, skipped)),
          );
      }
      for (const error of errors) state.exitCode = Math.max(state.exitCode ?? 0, error.exitCode) as ExitCode;
      if (reports.some((r) => r.fits === false) && (state.exitCode ?? 0) < EXIT.problems) {
        state.exitCode = EXIT.problems;
      }
    },
  };
}

function errorEntry(error: CliError) {
  return { ...error.location, message: error.message };
}
