import type { Argv, CommandModule } from "yargs";
import { usageError } from "../errors.js";
import type { Io } from "../io.js";
import type { CliState } from "../state.js";

interface RulesArgs {
  ids?: string[];
  format: "text" | "json";
}

/** `chatml rules`: every rule lint can report, from the validator's registry. */
export function rulesCommand(io: Io, _state: CliState): CommandModule<object, RulesArgs> {
  return {
    command: "rules [ids..]",
    describe: "list the rules lint can report, with their default levels; name rules to see their docs",
    builder: (yargs) =>
      (yargs as Argv<object>)
        .positional("ids", {
          type: "string",
          array: true,
          describe: "rules to show in full (default: all, listed)",
        })
        .option("format", {
          alias: "f",
          choices: ["text", "json"] as const,
          default: "text" as const,
          describe: "text: one line per rule (or the docs of those named); json: the registry's entries",
        })
        .example("$0 rules", "every rule, its default level and what it reports")
        .example("$0 rules special-token", "one rule's docs: why it matters, what it reports and not")
        .example("$0 rules -f json", "the registry as JSON, for tools") as Argv<RulesArgs>,
    // The registry, its docs and the printing are loaded here: no part of other commands' start-up.
    handler: async (argv) => {
      const { listRules } = await import("../rules/list.js");
      const unknown = listRules(io, argv.ids ?? [], argv.format);
      if (unknown !== undefined) throw usageError(unknown);
    },
  };
}
