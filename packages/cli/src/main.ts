import { runCli } from "./cli.js";
import { outputFailed, processIo } from "./io.js";

// A pipe's reader gone (`chatml ... | head`) or a failed write, reported after the fact.
process.stdout.on("error", outputFailed);

// No signal handlers here: SIGINT, SIGTERM and SIGHUP end chatml at once, even mid-computation.
// Only while a temporary file exists does processIo watch them, to remove it first (see io.ts).

// main.ts is bundled to dist/chatml.mjs, beside dist/worker.mjs.
process.exitCode = await runCli(process.argv.slice(2), processIo(new URL("./worker.mjs", import.meta.url)));
