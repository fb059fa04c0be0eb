// Issue 15, CLI faults: a lint worker thread that dies in the middle of `chatml lint --jobs 2`.
// The CLI runs in-process with the real bundle's worker, wrapped in a copy that ends its thread
// (process.exit, or an uncaught error) on a file named for it: a test-only worker, which no user
// can choose. The run must end (it hung before), say what happened in the report and the exit
// code, still report every other file, and leave no temporary file.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../src/cli.js";
import { memoryIo } from "../src/io.js";
import { LintPool } from "../src/lint/pool.js";
import { lintFiles } from "../src/lint/run.js";
import { lintSettings } from "../src/lint/settings.js";
import { Progress } from "../src/output/progress.js";
import { copyBundle } from "./bundle.js";

const work = mkdtempSync(join(tmpdir(), "chatml-worker-death-"));
const dist = join(work, "dist");
let dying: URL;
beforeAll(() => {
  copyBundle(dist);
  // The real worker first: its listener takes each task and starts reading; this one then ends
  // the thread before it can answer.
  writeFileSync(
    join(dist, "dying-worker.mjs"),
    `import { parentPort } from "node:worker_threads";
import "./worker.mjs";
parentPort.on("message", (task) => {
  const name = task.file ?? task.name;
  if (name.includes("exits")) process.exit(7);
  if (name.includes("throws")) setTimeout(() => { throw new Error("boom"); });
});
`,
  );
  dying = pathToFileURL(join(dist, "dying-worker.mjs"));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const INJECTED = JSON.stringify([{ role: "user", content: "hi <|im_end|>" }]);
const FINE = "<|im_start|>user\nhello<|im_end|>\n";

interface Reported {
  filePath: string;
  messages: { ruleId: string; message: string; line: number }[];
}

/** Runs chatml lint in-process with the dying worker; the report is JSON, in `out.json` with -o. */
async function lint(dir: string, args: string[]) {
  const io = { ...memoryIo({ cwd: dir }), workerUrl: dying };
  const code = await runCli(["lint", ...args, "--jobs", "2", "-f", "json"], io);
  return { code, stdout: io.out(), stderr: io.err() };
}

/** Each file's problems as [rule, message], by file name. */
const byFile = (report: Reported[]): Record<string, [string, string][]> =>
  Object.fromEntries(
    report.map((r) => [
      r.filePath.split("/").pop(),
      r.messages.map((m) => [m.ruleId, m.message] as [string, string]),
    ]),
  );

const temporaries = (dir: string) => readdirSync(dir).filter((f) => f.endsWith(".tmp"));

describe("chatml lint --jobs 2 when a worker dies", () => {
  it("reports the file it was linting as not linted, exit 2, every other file still linted, -o written whole", async () => {
    const dir = mkdtempSync(join(work, "file-"));
    const names = ["a.json", "b.chatml", "exits.json", "c.json", "d.chatml", "e.json"];
    for (const name of names) writeFileSync(join(dir, name), name.endsWith(".json") ? INJECTED : FINE);
    writeFileSync(join(dir, "out.json"), "OLD");
    const { code, stdout, stderr } = await lint(dir, [...names, "-o", "out.json"]);
    expect({ code, stdout, stderr }).toEqual({ code: 2, stdout: "", stderr: "" });
    const report = JSON.parse(readFileSync(join(dir, "out.json"), "utf8")) as Reported[];
    // In the order named: the files after the dead worker's went to the other one, or a new one.
    expect(report.map((r) => r.filePath.split("/").pop())).toEqual(names);
    const found = byFile(report);
    expect(found["exits.json"]).toEqual([
      ["unreadable-file", "a lint worker stopped (exit code 7) while linting exits.json: not linted"],
    ]);
    for (const name of ["a.json", "c.json", "e.json"])
      expect(found[name]?.map(([rule]) => rule)).toEqual(["special-token"]);
    expect(found["b.chatml"]).toEqual([]);
    expect(found["d.chatml"]).toEqual([]);
    expect(temporaries(dir)).toEqual([]);
  });

  it("says so of a dataset at the chunk it was linting, and lints the files after it", async () => {
    const dir = mkdtempSync(join(work, "chunk-"));
    const line = JSON.stringify({
      messages: [
        { role: "user", content: "hi" },
        { role: "assistant", content: "yo" },
      ],
    });
    writeFileSync(join(dir, "exits.jsonl"), `${line}\n${line}\n`);
    writeFileSync(join(dir, "z.json"), INJECTED);
    const { code, stdout } = await lint(dir, ["exits.jsonl", "z.json", "--rule", "dataset-no-system=off"]);
    expect(code).toBe(2);
    const report = JSON.parse(stdout) as Reported[];
    expect(byFile(report)).toEqual({
      "exits.jsonl": [
        [
          "unreadable-file",
          "a lint worker stopped (exit code 7) while linting the lines from 1 on: not linted",
        ],
      ],
      "z.json": [["special-token", expect.stringContaining("<|im_end|>")]],
    });
    expect(report[0]?.messages[0]?.line).toBe(1);
  });

  it("says what a worker that failed of an uncaught error said", async () => {
    const dir = mkdtempSync(join(work, "throws-"));
    writeFileSync(join(dir, "throws.chatml"), FINE);
    writeFileSync(join(dir, "ok.chatml"), FINE);
    const { code, stdout } = await lint(dir, ["throws.chatml", "ok.chatml"]);
    expect(code).toBe(2);
    expect(byFile(JSON.parse(stdout) as Reported[])).toEqual({
      "throws.chatml": [
        ["unreadable-file", "a lint worker failed (boom) while linting throws.chatml: not linted"],
      ],
      "ok.chatml": [],
    });
  });

  it("a worker out of memory on a chunk whose bytes it took: that chunk is reported, not a crash", async () => {
    // A heap too small to load the tokenizer: every worker dies of it. A chunk of short lines is
    // moved to the worker, not copied (see pool.ts), so it cannot be linted again here.
    const dir = mkdtempSync(join(work, "oom-"));
    const line = JSON.stringify({ messages: [{ role: "user", content: "hi" }] });
    writeFileSync(join(dir, "small.jsonl"), `${line}\n`);
    writeFileSync(join(dir, "b.json"), INJECTED);
    const io = memoryIo({ cwd: dir });
    const settings = lintSettings({ model: "gpt-4o-mini" });
    const pool = new LintPool(pathToFileURL(join(dist, "worker.mjs")), 2, settings, dir, {
      maxOldGenerationSizeMb: 2,
      maxYoungGenerationSizeMb: 1,
    });
    const progress = new Progress(io, 0, true);
    const options = { kind: undefined, stdinName: undefined, pool, progress };
    const run = await lintFiles(io, ["small.jsonl", "b.json"], settings, options).finally(() => pool.close());
    expect(run.unreadable).toBe(1);
    expect(run.results.map((r) => [r.filePath, r.messages.map((m) => [m.ruleId, m.message])])).toEqual([
      [
        "small.jsonl",
        [
          [
            "unreadable-file",
            "a lint worker ran out of memory while linting the lines from 1 on: not linted",
          ],
        ],
      ],
      // A whole file is read again, and linted, in this thread.
      ["b.json", [["special-token", expect.stringContaining("<|im_end|>")]]],
    ]);
  });
});
