import type { Argv, CommandModule } from "yargs";
import { loadConfig } from "../config.js";
import { EXIT, inputError, usageError } from "../errors.js";
import { visibleLines } from "../format/visible.js";
import type { Io } from "../io.js";
import { writeOutput } from "../output/write.js";
import type { CliState } from "../state.js";
import {
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
  "max-tokens": number;
  budget?: number;
  strategy: "drop-oldest" | "last-n-turns";
  turns?: number;
  output?: string;
  config?: string;
}

/** `chatml fit`: the messages that fit the model's window and the budget; what was dropped goes to stderr. */
export function fitCommand(io: Io, state: CliState): CommandModule<object, FitArgs> {
  return {
    command: "fit [file]",
    describe:
      "drop the oldest turns until prompt + --max-tokens fits the model's context window (and --budget)",
    builder: (yargs) =>
      outputOption(modelOptionsOf(inputOptions(yargs as Argv<object>)))
        .positional("file", {
          type: "string",
          default: "-",
          describe: "messages JSON or a transcript, or - for stdin",
        })
        .option("max-tokens", {
          type: "number",
          demandOption: true,
          describe: "tokens reserved for the answer",
        })
        .option("budget", { type: "number", describe: "a prompt budget below the context window" })
        .option("strategy", {
          choices: ["drop-oldest", "last-n-turns"] as const,
          default: "drop-oldest" as const,
        })
        .option("turns", { type: "number", describe: "last-n-turns: keep at most this many turns" })
        .option("config", { alias: "c", type: "string" })
        .example(
          "$0 fit chat.json --model gpt-35-turbo --max-tokens 500",
          "the messages to send, as JSON",
        ) as Argv<FitArgs>,
    handler: async (argv) => {
      const { config } = await loadConfig(io.cwd, argv.config);
      const input = await readInput(io, argv, "json");
      if (input.kind === "jsonl") throw usageError("fit reads one conversation, not a JSONL dataset");
      const json = input.kind === "json" ? readJson(input.source) : undefined;
      const value = json === undefined ? input.source.text : json.value;
      const bodyModel = (value as { model?: unknown } | null)?.model;
      const model = argv.model ?? config.model ?? (typeof bodyModel === "string" ? bodyModel : undefined);
      const encoding = argv.encoding ?? config.encoding;
      if (model === undefined && encoding === undefined)
        throw usageError("fit needs --model (or --encoding and --context-window)");
      const { fit, FitInputError, ValidatorError } = await import("@chatmlkit/validator");
      const contextWindow = argv["context-window"] ?? config.contextWindow;
      let result: Awaited<ReturnType<typeof fit>>;
      try {
        result = await fit(value, {
          maxTokens: argv["max-tokens"],
          strategy: argv.strategy,
          ...(model !== undefined && { model }),
          ...(encoding !== undefined && { encoding }),
          ...(contextWindow !== undefined && { contextWindow }),
          ...(argv.budget !== undefined && { budget: argv.budget }),
          ...(argv.turns !== undefined && { turns: argv.turns }),
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
      for (const d of result.dropped)
        io.stderr.write(visibleLines(`dropped message ${d.index} (${d.role}, ${d.tokens} tokens)\n`));
      io.stderr.write(
        `kept ${result.messages.length} messages, ${result.promptTokens} prompt tokens of ${result.limit} allowed ` +
          `(${result.model ?? "custom model"}, ${result.formula})\n`,
      );
      let text: string;
      if (result.transcript !== undefined) text = result.transcript;
      else if (Array.isArray(value)) text = `${JSON.stringify(result.messages, null, 2)}\n`;
      else text = `${JSON.stringify({ ...(value as object), messages: result.messages }, null, 2)}\n`;
      await writeOutput(io, text, argv.output, [input.source.path]);
    },
  };
}
