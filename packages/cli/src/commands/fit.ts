import type { DroppedMessage, MaxTokensSource } from "@chatmlkit/validator";
import type { Argv, CommandModule } from "yargs";
import { loadConfig } from "../config.js";
import { EXIT, inputError, usageError } from "../errors.js";
import { visibleLines } from "../format/visible.js";
import type { Io } from "../io.js";
import { writeOutput } from "../output/write.js";
import { PROFILE_CHOICES, type ProfileChoice } from "../profile-choices.js";
import type { CliState } from "../state.js";
import {
  countFlag,
  type InputArgs,
  inputOptions,
  modelOptionsOf,
  outputOption,
  readInput,
  readJson,
  report,
  reportIssues,
} from "./shared.js";

interface FitArgs extends InputArgs {
  model?: string;
  encoding?: "cl100k_base" | "o200k_base";
  "context-window"?: number;
  tokenizer?: string;
  "max-tokens"?: number;
  "max-prompt-tokens"?: number;
  strategy: "drop-oldest" | "last-n-turns";
  turns?: number;
  output?: string;
  config?: string;
  profile?: ProfileChoice;
}

/** `chatml fit`: the messages that fit the model's window and the budget; what was dropped goes to stderr. */
export function fitCommand(io: Io, state: CliState): CommandModule<object, FitArgs> {
  return {
    command: "fit [file]",
    describe:
      "drop the oldest turns until prompt + max_tokens fits the model's context window (and --max-prompt-tokens)",
    builder: (yargs) =>
      outputOption(modelOptionsOf(inputOptions(yargs as Argv<object>)))
        .positional("file", {
          type: "string",
          default: "-",
          describe: "messages JSON or a transcript, or - for stdin",
        })
        .option(
          "max-tokens",
          countFlag(
            "max-tokens",
            "tokens reserved for the answer (default: the body's max_tokens or max_completion_tokens; one is needed)",
          ),
        )
        .option("max-prompt-tokens", {
          ...countFlag("max-prompt-tokens", "a prompt budget below the context window"),
          alias: "budget",
        })
        .option("strategy", {
          choices: ["drop-oldest", "last-n-turns"] as const,
          default: "drop-oldest" as const,
          describe:
            "drop-oldest: drop the oldest turns until it fits; last-n-turns: keep the latest whole turns that fit (at most --turns)",
        })
        .option("turns", countFlag("turns", "last-n-turns: keep at most this many turns", 1))
        .option("profile", {
          choices: PROFILE_CHOICES,
          describe:
            "count messages as this model's template writes them (default system prompt, tools, tool results, reasoning); exact with its --tokenizer (config: profile)",
        })
        .option("config", {
          alias: "c",
          type: "string",
          describe: "config file for the default model and limits (default: nearest chatml.config.json)",
        })
        .example(
          "$0 fit chat.json --model gpt-35-turbo --max-tokens 500",
          "the messages to send, as JSON",
        ) as Argv<FitArgs>,
    handler: async (argv) => {
      if (argv.turns !== undefined && argv.strategy !== "last-n-turns")
        throw usageError("--turns needs --strategy last-n-turns");
      const loaded = await loadConfig(io.cwd, argv.config);
      const { config } = loaded;
      // The tokenizer.json reader is loaded only when a tokenizer file is named.
      const tokenizerFiles =
        argv.tokenizer !== undefined || config.tokenizer !== undefined
          ? await import("../count/tokenizer-file.js")
          : undefined;
      const tokenizerFile = tokenizerFiles?.tokenizerFileOf(io.cwd, argv.tokenizer, config, loaded.file);
      const input = await readInput(io, argv, "json");
      if (input.kind === "jsonl") throw usageError("fit reads one conversation, not a JSONL dataset");
      const json = input.kind === "json" ? readJson(input.source) : undefined;
      const value = json === undefined ? input.source.text : json.value;
      const bodyModel = (value as { model?: unknown } | null)?.model;
      const model = argv.model ?? config.model ?? (typeof bodyModel === "string" ? bodyModel : undefined);
      const encoding = argv.encoding ?? config.encoding;
      if (model === undefined && encoding === undefined && tokenizerFile === undefined)
        throw usageError("fit needs --model (or --encoding or --tokenizer, and --context-window)");
      if (tokenizerFile !== undefined && encoding !== undefined)
        throw usageError("--tokenizer replaces --encoding: give one of them");
      const { bodyMaxTokens, fit, FitInputError, ValidatorError } = await import("@chatmlkit/validator");
      const contextWindow = argv["context-window"] ?? config.contextWindow;
      const profile = argv.profile ?? config.profile;
      const maxTokens = argv["max-tokens"] ?? config.maxTokens;
      const maxPromptTokens = argv["max-prompt-tokens"] ?? config.maxPromptTokens;
      const fromBody = typeof value === "object" && value !== null ? bodyMaxTokens(value as never) : {};
      if (maxTokens === undefined && fromBody.source === undefined && fromBody.problem === undefined)
        throw usageError(
          "fit needs --max-tokens, or a request body with max_tokens or max_completion_tokens",
        );
      if (model === undefined && contextWindow === undefined && maxPromptTokens === undefined)
        throw usageError(
          `fit with --${tokenizerFile === undefined ? "encoding" : "tokenizer"} needs --context-window (or --max-prompt-tokens)`,
        );
      const tokenizer =
        tokenizerFile === undefined
          ? undefined
          : await tokenizerFiles?.loadTokenizerFile(io.cwd, tokenizerFile);
      let result: Awaited<ReturnType<typeof fit>>;
      try {
        result = await fit(value, {
          strategy: argv.strategy,
          ...(maxTokens !== undefined && { maxTokens }),
          ...(maxPromptTokens !== undefined && { maxPromptTokens }),
          ...(model !== undefined && { model }),
          ...(encoding !== undefined && { encoding }),
          ...(contextWindow !== undefined && { contextWindow }),
          ...(tokenizer !== undefined && { tokenizer }),
          ...(argv.turns !== undefined && { turns: argv.turns }),
          ...(profile !== undefined && { profile }),
        });
      } catch (error) {
        // Input fit cannot read: each problem at its line and column, as parse and compile print them.
        if (error instanceof FitInputError) {
          if (json === undefined) report(io, input.source.name, error.diagnostics);
          else reportIssues(io, input.source.name, json, error);
          state.exitCode = EXIT.problems;
          return;
        }
        if (error instanceof ValidatorError) {
          throw error.code === "invalid-input"
            ? inputError(error.message, { file: input.source.name })
            : usageError(error.message);
        }
        throw error;
      }
      if (!result.ok) {
        io.stderr.write(visibleLines(`${input.source.name}: cannot fit: ${result.reason}\n`));
        state.exitCode = EXIT.problems;
        return;
      }
      if (result.dropped.length > 0) io.stderr.write(`${droppedLine(result.dropped)}\n`);
      io.stderr.write(
        `kept ${result.messages.length} ${result.messages.length === 1 ? "message" : "messages"}, ${result.promptTokens} prompt tokens of ${result.promptLimit} allowed ` +
          `(${result.model ?? "custom model"}, ${result.formula}, max_tokens ${result.maxTokens}${SOURCE_NOTE[result.maxTokensSource]})\n`,
      );
      let text: string;
      if (result.transcript !== undefined) text = result.transcript;
      else if (Array.isArray(value)) text = `${JSON.stringify(result.messages, null, 2)}\n`;
      else text = `${JSON.stringify(fittedBody(value as Record<string, unknown>, result), null, 2)}\n`;
      await writeOutput(io, text, argv.output, [input.source.path]);
    },
  };
}

const SOURCE_NOTE = {
  option: "",
  max_tokens: " from the body",
  max_completion_tokens: " from the body's max_completion_tokens",
  default: "",
} as const;

/** `dropped 3 messages (#1-#2, #4: 812 tokens)`: one line, however many were dropped. */
function droppedLine(dropped: readonly DroppedMessage[]): string {
  const ranges: string[] = [];
  let from = dropped[0]?.index ?? 0;
  let to = from;
  const flush = () => ranges.push(from === to ? `#${from}` : `#${from}-#${to}`);
  for (const d of dropped.slice(1)) {
    if (d.index === to + 1) to = d.index;
    else {
      flush();
      from = to = d.index;
    }
  }
  flush();
  const tokens = dropped.reduce((sum, d) => sum + d.tokens, 0);
  const noun = dropped.length === 1 ? "message" : "messages";
  return `dropped ${dropped.length} ${noun} (${ranges.join(", ")}: ${tokens} tokens)`;
}

/**
 * The request body with the kept messages, and with the answer reservation
 * fit assumed: a body whose own max_tokens differs from it would not fit.
 */
function fittedBody(
  body: Record<string, unknown>,
  result: { messages: readonly unknown[]; maxTokens: number; maxTokensSource: MaxTokensSource },
) {
  const out: Record<string, unknown> = { ...body, messages: result.messages };
  // A request body (it names its model) says what it reserves; a parsed document does not.
  if (result.maxTokensSource !== "option" || typeof body.model !== "string") return out;
  const field = body.max_completion_tokens != null ? "max_completion_tokens" : "max_tokens";
  if (body[field] != null || result.maxTokens > 0) out[field] = result.maxTokens;
  return out;
}
