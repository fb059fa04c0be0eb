import type { Dialect } from "@chatmlkit/parser";
import type { Argv, CommandModule } from "yargs";
import { EXIT, usageError } from "../errors.js";
import type { Io } from "../io.js";
import { writeOutput } from "../output/write.js";
import type { CliState } from "../state.js";
import { type InputArgs, inputOptions, outputOption, parseTranscript, readInput } from "./shared.js";

interface ParseArgs extends InputArgs {
  dialect?: Dialect | "auto";
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
        .option("segments", {
          type: "boolean",
          describe: "print the safe segment form instead: special tokens apart from text",
        })
        .option("spans", { type: "boolean", describe: "keep each message's source offsets" })
        .example("$0 parse prompt.chatml", "print the document")
        .example(
          "$0 parse prompt.chatml | $0 compile",
          "round trip to the canonical transcript",
        ) as Argv<ParseArgs>,
    handler: async (argv) => {
      const input = await readInput(io, argv, "transcript");
      if (input.kind !== "transcript") {
        throw usageError(
          `parse reads a ChatML transcript; ${input.source.name} is ${input.kind} (use --kind transcript to read it as one)`,
        );
      }
      const { result, failed } = await parseTranscript(io, input.source, argv.dialect);
      const { segments } = await import("../lazy/parse.js");
      const doc = argv.segments
        ? segments(result)
        : {
            messages: result.messages.map(({ span, ...message }) =>
              argv.spans ? { ...message, span } : message,
            ),
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
