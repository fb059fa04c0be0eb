import { rmSync } from "node:fs";
import { runCli } from "./cli.js";
import { processIo } from "./io.js";
import { pendingTemporaryFiles } from "./output/write.js";

// `chatml ... | head` closes the pipe early: end quietly, as Unix tools do.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(0);
  throw error;
});

// An interrupt leaves no partial output file behind.
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    for (const file of pendingTemporaryFiles) rmSync(file, { force: true });
    process.exit(signal === "SIGINT" ? 130 : 143);
  });
}

// main.ts is bundled to dist/chatml.mjs, beside dist/worker.mjs.
process.exitCode = await runCli(process.argv.slice(2), processIo(new URL("./worker.mjs", import.meta.url)));
