// A lint worker thread: checks chunks of dataset lines, or whole files, sent by the main thread (see pool.ts).
import { parentPort, workerData } from "node:worker_threads";
import type { LineChunk } from "../dataset/lines.js";
import { CliError } from "../errors.js";
import type { InputKind } from "../input/kind.js";
import { readSource } from "../input/read.js";
import type { Io } from "../io.js";
import { lintChunk, lintText } from "./lint-file.js";
import type { LintSettings } from "./settings.js";

const { settings, cwd } = workerData as { settings: LintSettings; cwd: string };

/** Files only: a worker never reads stdin or writes to the terminal. */
const io: Io = {
  stdin: () => {
    throw new Error("a lint worker cannot read stdin");
  },
  stdout: { write: () => {}, isTTY: false },
  stderr: { write: () => {}, isTTY: false },
  cwd,
  env: {},
};

type Task =
  | { id: number; type: "chunk"; name: string; chunk: LineChunk }
  | { id: number; type: "file"; file: string; kind: Exclude<InputKind, "jsonl">; walked: boolean };

parentPort?.on("message", async (task: Task) => {
  try {
    if (task.type === "file") {
      const result = await lintText(await readSource(io, task.file), task.kind, settings, task.walked);
      parentPort?.postMessage({ id: task.id, result });
      return;
    }
    parentPort?.postMessage({ id: task.id, chunk: await lintChunk(task.chunk, task.name, settings) });
  } catch (error) {
    // A CliError (a file that is not UTF-8, or unreadable) crosses back as data and is rebuilt.
    const cli =
      error instanceof CliError ? { exitCode: error.exitCode, location: error.location } : undefined;
    parentPort?.postMessage({ id: task.id, error: (error as Error).message, cli });
  }
});
