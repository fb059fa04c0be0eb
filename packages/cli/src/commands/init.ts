import { lstat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Argv, CommandModule } from "yargs";
import { CONFIG_FILES } from "../config.js";
import { usageError } from "../errors.js";
import { fsReason } from "../fs-reason.js";
import type { Io } from "../io.js";
import type { CliState } from "../state.js";
import { checkModelOptions } from "./shared.js";

interface InitArgs {
  model: string;
}

/** Where the installed package's schema is, from a config at the project's root. */
export const SCHEMA_PATH = "./node_modules/@chatmlkit/cli/config.schema.json";

/**
 * The starter config `chatml init` writes: the schema for editors, a model, and the keys
 * most projects set, at values that change nothing until edited.
 *
 * @example JSON.parse(starterConfig("gpt-4o")).model; // "gpt-4o"
 */
export function starterConfig(model: string): string {
  const config = {
    $schema: SCHEMA_PATH,
    model,
    dialect: "auto",
    rules: {},
    ignore: [],
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}

/** `chatml init`: writes a starter chatml.config.json in the working directory, never over one. */
export function initCommand(io: Io, _state: CliState): CommandModule<object, InitArgs> {
  return {
    command: "init",
    describe: "write a starter chatml.config.json here (never over an existing config)",
    builder: (yargs) =>
      (yargs as Argv<object>)
        .option("model", {
          alias: "m",
          type: "string",
          requiresArg: true,
          default: "gpt-4o",
          describe: "the model the config names",
        })
        .example("$0 init", "chatml.config.json for gpt-4o, with its JSON Schema for editors")
        .example("$0 init --model gpt-4o-mini", "for another model") as Argv<InitArgs>,
    handler: async (argv) => {
      // A model name chatmlkit does not know is refused with the closest ones, as other commands do.
      await checkModelOptions({ model: argv.model });
      const [file] = CONFIG_FILES as [string, ...string[]];
      for (const name of CONFIG_FILES) {
        // Anything so named counts, a broken link too: loadConfig would find it.
        const taken = await lstat(join(io.cwd, name)).then(
          () => true,
          (error: NodeJS.ErrnoException) => error.code !== "ENOENT",
        );
        if (taken)
          throw usageError(`${name} is already here; chatml init writes a config only where there is none`);
      }
      try {
        // "wx": created here or not at all, so a config that appeared meanwhile is not overwritten.
        await writeFile(join(io.cwd, file), starterConfig(argv.model), { flag: "wx" });
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        throw usageError(
          code === "EEXIST"
            ? `${file} is already here; chatml init writes a config only where there is none`
            : `cannot write ${file}: ${fsReason(error, "write")}`,
        );
      }
      io.stdout.write(`wrote ${file} (its schema: ${SCHEMA_PATH}, once @chatmlkit/cli is installed here)\n`);
    },
  };
}
