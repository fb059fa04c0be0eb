import type { Argv, CommandModule } from "yargs";
import type { Io } from "../io.js";
import type { CliState } from "../state.js";

interface PlaygroundArgs {
  file?: string;
  port: number;
  host: string;
}

/** `chatml playground [file]`: serves the web playground on localhost and prints its URL. */
export function playgroundCommand(io: Io, state: CliState): CommandModule<object, PlaygroundArgs> {
  return {
    command: "playground [file]",
    describe:
      "serve the web playground on localhost (see a prompt the way the model sees it); Ctrl-C stops it",
    builder: (yargs) =>
      (yargs as Argv<object>)
        .positional("file", {
          type: "string",
          describe: "a transcript, messages JSON or JSONL file to open the page on",
        })
        .option("port", {
          alias: "p",
          type: "number",
          default: 4848,
          describe: "port to listen on (0: any free port)",
        })
        .option("host", {
          type: "string",
          default: "127.0.0.1",
          describe: "address to listen on (the default is reachable from this machine only)",
        })
        .example("$0 playground", "serve the page and print its URL")
        .example("$0 playground prompt.chatml", "open the page on a file")
        .example("$0 playground --port 0", "any free port") as Argv<PlaygroundArgs>,
    // The server is loaded here: no part of other commands' start-up.
    handler: async (argv) => {
      const { servePlayground } = await import("../playground/serve.js");
      state.exitCode = await servePlayground(io, argv);
    },
  };
}
