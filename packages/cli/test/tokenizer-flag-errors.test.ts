// --tokenizer FILE that cannot be used: beside --encoding (compile --tokens too), a file that is
// not there, JSON that is no object (said of the file, not of a place in it). Exit 2. In-process.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../src/cli.js";
import { memoryIo } from "../src/io.js";

const work = mkdtempSync(join(tmpdir(), "chatml-tokenizer-flag-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
writeFileSync(join(work, "m.json"), JSON.stringify([{ role: "user", content: "Hi" }]));
writeFileSync(join(work, "list.json"), "[1]");

async function chatml(args: string[]) {
  const io = memoryIo({ cwd: work });
  const code = await runCli(args, io);
  return { code, out: io.out(), err: io.err() };
}

describe("--tokenizer that cannot be used", () => {
  it.each([
    [
      ["compile", "m.json", "--tokens", "--tokenizer", "list.json", "--encoding", "cl100k_base"],
      "chatml: --tokenizer replaces --encoding: give one of them",
    ],
    [
      ["count", "m.json", "--tokenizer", "nothere.json", "--context-window", "100"],
      "chatml: cannot read tokenizer nothere.json: no such file",
    ],
    [
      ["count", "m.json", "--tokenizer", "list.json", "--context-window", "100"],
      "list.json: a tokenizer.json is a JSON object (--tokenizer)",
    ],
  ])("%j", async (args, message) => {
    expect(await chatml(args)).toEqual({ code: 2, out: "", err: `${message}\n` });
  });
});
