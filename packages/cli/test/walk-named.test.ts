// Which files lint takes when paths overlap or do not match: a file named twice is linted once; a
// file a walk skips (JSON that is no conversation) is linted when named too; a walked JSON file
// over --max-file-size is skipped with a note; a link to a FIFO or to the walked folder itself is
// not followed; a missing path may be let go; an absolute glob's notes give absolute paths. In-process.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../src/cli.js";
import { memoryIo } from "../src/io.js";

const work = mkdtempSync(join(tmpdir(), "chatml-walk-named-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const prompts = join(work, "prompts");
beforeAll(() => {
  mkdirSync(prompts);
  writeFileSync(join(prompts, "package.json"), '{"name": "x"}');
  writeFileSync(join(prompts, "big.json"), JSON.stringify([{ role: "user", content: "x".repeat(300) }]));
  writeFileSync(join(prompts, "ok.chatml"), "<|im_start|>user\nhi<|im_end|>\n");
  symlinkSync(prompts, join(prompts, "self"));
  execFileSync("mkfifo", [join(prompts, "fifo")]);
  symlinkSync(join(prompts, "fifo"), join(prompts, "tofifo.chatml"));
});

async function lint(args: string[]) {
  const io = memoryIo({ cwd: work });
  const code = await runCli(["lint", ...args, "-f", "json"], io);
  const report = io.out() === "" ? [] : (JSON.parse(io.out()) as { filePath: string; errorCount: number }[]);
  return {
    code,
    files: report.map((r) => [r.filePath.replace(`${work}/`, ""), r.errorCount]),
    err: io.err(),
  };
}

const FIFO_NOTE =
  "chatml: skipped prompts/tofifo.chatml: a symbolic link to a FIFO (named pipe), not a regular file\n";

describe("chatml lint of overlapping and missing paths", () => {
  it("a walked JSON file over --max-file-size is skipped with a note; the link to the walk's own folder is not entered", async () => {
    const run = await lint(["prompts", "--max-file-size", "100"]);
    expect(run).toEqual({
      code: 0,
      files: [["prompts/ok.chatml", 0]],
      err: `chatml: skipped prompts/big.json: it is 330 bytes, over the 100 bytes limit; name it with a higher --max-file-size to lint it\n${FIFO_NOTE}`,
    });
  });

  it("a file named besides its folder is linted whatever it holds, and a file named twice once", async () => {
    const run = await lint(["prompts", "prompts/package.json", "prompts/ok.chatml", "prompts/ok.chatml"]);
    expect(run.code).toBe(1);
    // In the walk's order; package.json is no conversation, so it is an error now that it is named.
    expect(run.files.sort()).toEqual([
      ["prompts/big.json", 0],
      ["prompts/ok.chatml", 0],
      ["prompts/package.json", 1],
    ]);
    expect(run.err).toBe(FIFO_NOTE);
  });

  it("--no-error-on-unmatched-pattern lets a missing path go; without it, exit 2", async () => {
    expect(await lint(["nothere.chatml", "prompts/ok.chatml", "--no-error-on-unmatched-pattern"])).toEqual({
      code: 0,
      files: [["prompts/ok.chatml", 0]],
      err: "",
    });
    expect(await lint(["nothere.chatml", "prompts/ok.chatml"])).toEqual({
      code: 2,
      files: [],
      err: "chatml: no files matched nothere.chatml\n",
    });
  });

  it("an absolute glob: its notes name files by their absolute paths", async () => {
    const io = memoryIo({ cwd: work });
    expect(await runCli(["lint", `${prompts}/*.chatml`], io)).toBe(0);
    expect(io.out()).toBe("checked 1 file, no problems\n");
    expect(io.err()).toBe(
      `chatml: skipped ${prompts}/tofifo.chatml: a symbolic link to a FIFO (named pipe), not a regular file\n`,
    );
  });
});
