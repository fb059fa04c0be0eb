// A lint worker thread: checks batches of dataset lines sent by the main thread (see pool.ts).
import { parentPort, workerData } from "node:worker_threads";
import { type DatasetLine, lintExampleLine } from "./lint-file.js";
import type { LintSettings } from "./settings.js";

const settings = (workerData as { settings: LintSettings }).settings;

parentPort?.on("message", async (task: { id: number; name: string; lines: DatasetLine[] }) => {
  try {
    const results = [];
    for (const line of task.lines) results.push(await lintExampleLine(line, task.name, settings));
    parentPort?.postMessage({ id: task.id, results });
  } catch (error) {
    parentPort?.postMessage({ id: task.id, error: (error as Error).message });
  }
});
