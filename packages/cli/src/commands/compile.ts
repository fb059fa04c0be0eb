import type { CompileInput, CompileOptions, Dialect, DropField } from "@chatmlkit/parser";
import type { Argv, CommandModule } from "yargs";
import { EXIT, usageError } from "../errors.js";
import { visibleLines } from "../format/visible.js";
import type { Io } from "../io.js";
import { writeOutput } from "../output/write.js";
import type { CliState } from "../state.js";
import {
  type InputArgs,
  inputOptions,
  modelOptionsOf,
  outputOption,
  PROFILE_CHOICES,
  problemLine,
  readInput,
  readJson,
  reportIssues,
  requireJson,
} from "./shared.js";

interface CompileArgs extends InputArgs {
  dialect?: Dialect;
  "generation-prompt"?: boolean;
  "continue-final-message"?: boolean;
  segments?: boolean;
  tokens?: boolean;
  model?: string;
  encoding?: "cl100k_base" | "o200k_base";
  tokenizer?: string;
  output?: string;
  drop?: DropField[];
  profile?: (typeof PROFILE_CHOICES)[number];
  "enable-thinking"?: boolean;
}

/** `chatml compile`: messages JSON to a ChatML transcript (or its segments, or its token ids). */
export function compileCommand(io: Io, state: CliState): CommandModule<object, CompileArgs> {
  return {
    command: "compile [file]",
    describe: "compile messages JSON (array, request body or parsed document) to ChatML",
    builder: (yargs) =>
      modelOptionsOf(outputOption(inputOptions(yargs as Argv<object>)))
        .positional("file", { type: "string", default: "-", describe: "messages JSON, or - for stdin" })
        .option("dialect", {
          choices: ["chatml", "chatml-sep"] as const,
          describe: "layout to write (default chatml)",
        })
        .option("profile", {
          choices: PROFILE_CHOICES,
          describe:
            "the model's chat format: default system message, tools, tool calls and results, reasoning, generation prompt (default chatml: ChatML v0)",
        })
        .option("enable-thinking", {
          type: "boolean",
          describe: "qwen3: --no-enable-thinking ends the generation prompt with an empty <think> block",
        })
        .option("generation-prompt", {
          type: "boolean",
          describe:
            "end with an open assistant header (default: yes; --no-generation-prompt to leave it out)",
        })
        .option("continue-final-message", {
          type: "boolean",
          describe: "leave the final message open for the model to continue",
        })
        .option("segments", {
          type: "boolean",
          describe: "print the safe segment form as JSON: special tokens apart from text",
        })
        .option("tokens", {
          type: "boolean",
          describe:
            "print token ids as JSON (needs --model, --encoding or --tokenizer); content is always text",
        })
        .option("drop", {
          choices: ["tools", "images"] as const,
          array: true,
          // One value per --drop: `--drop tools file.json` leaves file.json the input.
          nargs: 1,
          requiresArg: true,
          describe:
            "leave out what plain ChatML cannot write instead of refusing the input: tools (definitions, calls, call ids) or images; repeat for both",
        })
        .conflicts("segments", "tokens")
        .example("$0 compile messages.json", "print the transcript")
        .example("$0 compile messages.json --no-generation-prompt -o prompt.chatml", "write it to a file")
        .example(
          "$0 compile messages.json --tokens --model gpt-4o",
          "injection-proof token ids",
        ) as Argv<CompileArgs>,
    handler: async (argv) => {
      // A flag conflict is a usage error (exit 2), said before any input is read.
      if (argv["continue-final-message"] === true && argv["generation-prompt"] === true)
        throw usageError(
          "--continue-final-message and --generation-prompt cannot both be given: a continued final message is left open, with no assistant header after it",
        );
      const profiled = argv.profile !== undefined && argv.profile !== "chatml";
      if (profiled && argv.dialect !== undefined)
        throw usageError("--profile fixes the dialect; leave out --dialect");
      if (profiled && argv.tokens && argv.tokenizer === undefined)
        throw usageError(
          "--tokens with a profile needs the model's --tokenizer tokenizer.json: OpenAI's encodings are not its vocabulary",
        );
      const input = await readInput(io, argv, "json");
      requireJson(input, "compile");
      const json = readJson(input.source);
      // A template is rendered, not compiled: its placeholders would reach the model as text.
      if (input.source.text.includes("{{")) {
        const { unfilledPlaceholders } = await import("../input/unfilled.js");
        const unfilled = unfilledPlaceholders(json);
        if (unfilled.length > 0) {
          const names = [...new Set(unfilled.map((u) => u.name))].join(", ");
          for (const u of unfilled)
            io.stderr.write(
              problemLine(
                input.source.name,
                u,
                "error",
                `{{ ${u.name} }} is not filled (${u.path})`,
                "missing-value",
              ),
            );
          io.stderr.write(
            visibleLines(
              `${input.source.name} is a template with unfilled variables (${names}): fill them with chatml render ${input.source.name} --vars values.json\n`,
            ),
          );
          state.exitCode = EXIT.problems;
          return;
        }
      }
      const options: CompileOptions = {
        ...(argv.dialect !== undefined && { dialect: argv.dialect }),
        ...(argv["generation-prompt"] !== undefined && { addGenerationPrompt: argv["generation-prompt"] }),
        ...(argv["continue-final-message"] !== undefined && {
          continueFinalMessage: argv["continue-final-message"],
        }),
        ...(argv.drop !== undefined && { drop: [argv.drop].flat() }),
        ...(argv.profile !== undefined && { profile: argv.profile }),
        ...(argv["enable-thinking"] !== undefined && { enableThinking: argv["enable-thinking"] }),
      };
      const value = json.value as CompileInput;
      const writer = await import("../lazy/compile.js");
      let text: string;
      try {
        if (argv.tokens) {
          const { tokensTokenizer } = await import("../count/tokenizer-file.js");
          const tokenizer = await tokensTokenizer(io, argv);
          const { compileToTokens } = await import("@chatmlkit/validator");
          const result = await compileToTokens(value, {
            ...options,
            ...(argv.model !== undefined && { model: argv.model }),
            ...(argv.encoding !== undefined && { encoding: argv.encoding }),
            ...(tokenizer !== undefined && { tokenizer }),
          });
          for (const note of result.notes) io.stderr.write(`note: ${note}\n`);
          text = `${JSON.stringify({ encoding: result.encoding, model: result.model, ids: result.ids })}\n`;
        } else if (argv.segments) {
          text = `${JSON.stringify(writer.compileToSegments(value, options), null, 2)}\n`;
        } else {
          text = writer.compile(value, options);
        }
      } catch (error) {
        if (!(error instanceof writer.ChatMLCompileError)) throw error;
        reportIssues(io, input.source.name, json, error);
        state.exitCode = EXIT.problems;
        return;
      }
      if (options.drop !== undefined) {
        // What the model will not see is said, once, with where it was.
        const dropped = writer.droppedBy(value, options.drop);
        if (dropped.length > 0) {
          const paths = dropped.map((d) => d.path);
          const shown =
            paths.length > 5
              ? `${paths.slice(0, 5).join(", ")} and ${paths.length - 5} more`
              : paths.join(", ");
          io.stderr.write(visibleLines(`note: left out (--drop): ${shown}\n`));
        }
      }
      await writeOutput(io, text, argv.output, [input.source.path]);
    },
  };
}
