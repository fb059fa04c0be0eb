// The config's tokenizer key is relative to the config file's folder: a config in sub/ naming
// ../tokenizer.json counts as --tokenizer tokenizer.json does from the working directory. In-process.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../src/cli.js";
import { memoryIo } from "../src/io.js";
import { ROOT } from "./bundle.js";

const work = mkdtempSync(join(tmpdir(), "chatml-tokenizer-config-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
copyFileSync(join(ROOT, "packages/cli/examples/tokenizer/tokenizer.json"), join(work, "tokenizer.json"));
mkdirSync(join(work, "sub"));
writeFileSync(
  join(work, "sub", "config.json"),
  JSON.stringify({ tokenizer: "../tokenizer.json", contextWindow: 1000 }),
);
writeFileSync(join(work, "m.json"), JSON.stringify([{ role: "user", content: "Hello there, how are you?" }]));

async function count(args: string[]) {
  const io = memoryIo({ cwd: work });
  const code = await runCli(["count", "m.json", "--format", "json", ...args], io);
  return {
    code,
    report: JSON.parse(io.out()) as { promptTokens: number; files: { encoding: string; formula: string }[] },
  };
}

describe("the config's tokenizer", () => {
  it("is found from the config's folder, and counts as --tokenizer does", async () => {
    const fromConfig = await count(["-c", "sub/config.json"]);
    const fromFlag = await count(["--tokenizer", "tokenizer.json", "--context-window", "1000"]);
    expect(fromConfig.code).toBe(0);
    expect(fromConfig.report.files[0]).toMatchObject({
      encoding: "tokenizer.json",
      formula: "chatml-tokens",
    });
    expect(fromConfig).toEqual(fromFlag);
  });
});
