import { runCli } from "./cli.js";
import { processIo } from "./io.js";

// `chatml ... | head` closes the pipe early: end quietly, as Unix tools do.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(0);
  throw error;
});

// No signal handlers here: SIGINT, SIGTERM and SIGHUP end chatml at once, even mid-computation.
// Only while a temporary file exists does processIo watch them, to remove it first (see io.ts).

// main.ts is bundled to dist/chatml.mjs, beside dist/worker.mjs.
process.exitCode = await runCli(process.argv.slice(2), processIo(new URL("./worker.mjs", import.meta.url)));
