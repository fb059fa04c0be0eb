import type { Dialect, Message, ParseResult } from "@chatmlkit/parser";
import type { Argv, CommandModule } from "yargs";
import { EXIT, usageError } from "../errors.js";
import type { Io } from "../io.js";
import { writeOutput } from "../output/write.js";
import type { CliState } from "../state.js";
import {
  type InputArgs,
  inputOptions,
  outputOption,
  PROFILE_CHOICES,
  parseTranscript,
  readInput,
} from "./shared.js";

interface ParseArgs extends InputArgs {
  dialect?: Dialect | "auto";
  profile?: (typeof PROFILE_CHOICES)[number];
  segments?: boolean;
  spans?: boolean;
  output?: string;
}

/** `chatml parse`: a transcript to its JSON document; `compile` of that gives the canonical transcript back. */
export function parseCommand(io: Io, state: CliState): CommandModule<object, ParseArgs> {
  return {
    command: "parse [file]",
    describe: "parse a ChatML transcript to JSON { messages, addGenerationPrompt, continueFinalMessage }",
    builder: (yargs) =>
      outputOption(inputOptions(yargs as Argv<object>))
        .positional("file", { type: "string", default: "-", describe: "a transcript, or - for stdin" })
        .option("dialect", {
          choices: ["auto", "chatml", "chatml-sep"] as const,
          describe: "default auto: from the first header",
        })
        .option("profile", {
          choices: PROFILE_CHOICES,
          describe:
            "read the text as this model writes it: tool calls, reasoning and tool results as the API's fields; a text without <|im_start|> is the model's output, printed as the API's message",
        })
        .option("segments", {
          type: "boolean",
          describe: "print the safe segment form instead: special tokens apart from text",
        })
        .option("spans", { type: "boolean", describe: "keep each message's source offsets" })
        .example("$0 parse prompt.chatml", "print the document")
        .example("$0 parse prompt.chatml | $0 compile", "round trip to the canonical transcript")
        .example(
          "$0 parse --profile qwen3 out.txt",
          "a model's output as the API's message: content, reasoning_content, tool_calls",
        ) as Argv<ParseArgs>,
    handler: async (argv) => {
      if (argv.profile !== undefined && argv.profile !== "chatml" && argv.dialect !== undefined)
        throw usageError("--profile fixes the dialect; leave out --dialect");
      const input = await readInput(io, argv, "transcript");
      if (input.kind !== "transcript") {
        throw usageError(
          `parse reads a ChatML transcript; ${input.source.name} is ${input.kind} (use --kind transcript to read it as one)`,
        );
      }
      const { result, failed } = await parseTranscript(io, input.source, argv.dialect, argv.profile);
      const { segments } = await import("../lazy/parse.js");
      const shown = (message: (typeof result.messages)[number]) => {
        const { span, ...rest } = message;
        return argv.spans ? { ...rest, span } : rest;
      };
      const doc = argv.segments
        ? segments(result)
        : result.modelOutput
          ? apiMessage(result, shown)
          : {
              messages: result.messages.map(shown),
              ...(result.tools !== undefined && { tools: result.tools }),
              addGenerationPrompt: result.addGenerationPrompt,
              continueFinalMessage: result.continueFinalMessage,
              ...(result.generationRole !== undefined && { generationRole: result.generationRole }),
              ...(result.dialect !== "chatml" && { dialect: result.dialect }),
            };
      await writeOutput(io, `${JSON.stringify(doc, null, 2)}\n`, argv.output, [input.source.path]);
      if (failed) state.exitCode = EXIT.problems;
    },
  };
}

/**
 * A model's raw output as the Chat Completions API returns its message (`choices[0].message`):
 * role, content (null when the model only called tools), reasoning_content and tool_calls.
 */
function apiMessage(
  result: ParseResult,
  shown: (message: ParseResult["messages"][number]) => Omit<Message, "span">,
): Record<string, unknown> {
  const first = result.messages[0];
  if (first === undefined) return { role: "assistant", content: "" };
  const message: Record<string, unknown> = { ...shown(first) };
  if (first.content === "" && first.tool_calls !== undefined) message.content = null;
  return message;
}
