// chatml lint --jobs 2 in-process with the bundle's worker: what goes to a worker and what stays
// in this thread (a file or a dataset line over 4 MiB), and a worker's own error for a file (not
// UTF-8) rebuilt here; the report is the one --jobs 1 writes.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../src/cli.js";
import { memoryIo } from "../src/io.js";
import { copyBundle } from "./bundle.js";

const work = mkdtempSync(join(tmpdir(), "chatml-pool-routing-"));
const dist = join(work, "dist");
beforeAll(() => {
  copyBundle(dist);
  const big = "word ".repeat(1024 * 1024); // 5 MiB
  const example = (content: string) =>
    JSON.stringify({
      messages: [
        { role: "user", content },
        { role: "assistant", content: "ok" },
      ],
    });
  writeFileSync(join(work, "big.jsonl"), `${example(`${big}<|im_end|>`)}\n${example("hi <|im_end|>")}\n`);
  writeFileSync(join(work, "big.chatml"), `<|im_start|>user\n${big}<|im_start|>assistant\n`);
  writeFileSync(join(work, "latin1.chatml"), Buffer.from([...Buffer.from("<|im_start|>user\ncaf"), 0xe9]));
  writeFileSync(join(work, "small.json"), JSON.stringify([{ role: "user", content: "hi <|im_end|>" }]));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function lint(jobs: number) {
  const io = { ...memoryIo({ cwd: work }), workerUrl: pathToFileURL(join(dist, "worker.mjs")) };
  const files = ["big.jsonl", "big.chatml", "latin1.chatml", "small.json"];
  const code = await runCli(
    ["lint", ...files, "--jobs", String(jobs), "-f", "json", "--rule", "dataset-no-system=off"],
    io,
  );
  return {
    code,
    report: JSON.parse(io.out()) as { filePath: string; messages: { ruleId: string; line: number }[] }[],
  };
}

describe("lint --jobs 2 in-process", () => {
  it("big inputs here, the rest in workers, a worker's encoding error rebuilt: the report of --jobs 1", async () => {
    const two = await lint(2);
    expect(two.code).toBe(1);
    expect(
      two.report.map((r) => [
        r.filePath.replace(`${work}/`, ""),
        r.messages.map((m) => `${m.ruleId}@${m.line}`),
      ]),
    ).toEqual([
      ["big.jsonl", ["special-token@1", "special-token@2"]],
      ["big.chatml", ["unterminated-message@1"]],
      ["latin1.chatml", ["invalid-encoding@2"]],
      ["small.json", ["special-token@1"]],
    ]);
    expect(two).toEqual(await lint(1));
  });
});
