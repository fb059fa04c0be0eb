// chatml count of a folder: files as lint takes them (the config's ignore and files globs, a
// walked dataset or JSON file that holds no conversation skipped and counted as skipped); a
// dataset or transcript with nothing to count with is a usage error naming the options. In-process.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../src/cli.js";
import { memoryIo } from "../src/io.js";

const work = mkdtempSync(join(tmpdir(), "chatml-count-walk-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const folder = join(work, "prompts");
mkdirSync(folder);
writeFileSync(join(folder, "notes.jsonl"), '{"a": 1}\n');
// Has a "role" key, so it may be a conversation, but it is not one.
writeFileSync(join(folder, "roles.json"), '{"role": 1}');
writeFileSync(join(folder, "skip.json"), JSON.stringify([{ role: "user", content: "skip me" }]));
writeFileSync(join(folder, "ok.json"), JSON.stringify([{ role: "user", content: "Hi" }]));
writeFileSync(join(folder, "ok.chatml"), "<|im_start|>user\nHi<|im_end|>\n");
writeFileSync(
  join(work, "config.json"),
  JSON.stringify({ ignore: ["prompts/skip.json"], files: ["**/*.json*"] }),
);

async function count(args: string[]) {
  const io = memoryIo({ cwd: work });
  const code = await runCli(["count", ...args], io);
  return { code, out: io.out(), err: io.err() };
}

const counted = (out: string) =>
  out
    .split("\n")
    .filter((l) => /^(?!total:)\S+: \d+ prompt tokens/.test(l))
    .map((l) => l.split(":")[0]);

describe("chatml count of a folder", () => {
  it("counts the prompt files, and skips a dataset and JSON that hold no conversation", async () => {
    const { code, out, err } = await count(["prompts", "--model", "gpt-4o"]);
    expect({ code, err }).toEqual({ code: 0, err: "" });
    expect(counted(out).sort()).toEqual(["prompts/ok.chatml", "prompts/ok.json", "prompts/skip.json"]);
    expect(out.split("\n").at(-2)).toMatch(
      /^total: \d+ prompt tokens in 3 files, 2 skipped \(not prompt files\)$/,
    );
  });

  it("with a config: its ignore globs leave files out and its files globs choose them", async () => {
    const { code, out } = await count(["prompts", "--model", "gpt-4o", "-c", "config.json"]);
    expect(code).toBe(0);
    // files: **/*.json* takes no .chatml; ignore leaves out skip.json.
    expect(counted(out)).toEqual(["prompts/ok.json"]);
  });
});

describe("chatml count with nothing to count with", () => {
  it.each([["prompts/notes.jsonl"], ["prompts/ok.chatml"]])("%s: exit 2, the options named", async (file) => {
    expect(await count([file])).toEqual({
      code: 2,
      out: "",
      err: "chatml: count needs --model (or --encoding, or --tokenizer)\n",
    });
  });
});
