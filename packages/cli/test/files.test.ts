import { execFileSync } from "node:child_process";
import {
  chmodSync,
  linkSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type Io, memoryIo, runCli } from "../src/index.js";
import { writeOutput } from "../src/output/write.js";

// How chatml treats the files around it: links, FIFOs, modes. In-process, in a fresh folder each.
const work = mkdtempSync(join(tmpdir(), "chatml-files-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const folder = (name: string) => mkdtempSync(join(work, `${name}-`));

const PROMPT = "<|im_start|>user\nhi<|im_end|>\n";
const SECRET = "SECRET_TOKEN=hunter2\n";

describe("lint walks a folder without leaving it", () => {
  function tree() {
    const root = folder("walk");
    mkdirSync(join(root, "prompts/sub"), { recursive: true });
    writeFileSync(join(root, "secret.txt"), SECRET);
    writeFileSync(join(root, "prompts/ok.chatml"), PROMPT);
    writeFileSync(join(root, "prompts/sub/bad.chatml"), "<|im_start|>user\nhi <|im_end|> there<|im_end|>\n");
    symlinkSync("ok.chatml", join(root, "prompts/alias.chatml")); // inside: linted
    symlinkSync("../secret.txt", join(root, "prompts/leak.chatml")); // outside: skipped
    symlinkSync("/nowhere/at/all", join(root, "prompts/dangling.chatml"));
    symlinkSync("..", join(root, "prompts/up")); // a folder link: never entered
    symlinkSync(".", join(root, "prompts/sub/loop"));
    execFileSync("mkfifo", [join(root, "prompts/pipe.chatml")]);
    return root;
  }

  it("lints links inside the folder, skips the rest with a note, and never reads what they name", async () => {
    const root = tree();
    const io = memoryIo({ cwd: root });
    const code = await runCli(["lint", "prompts", "-f", "json"], io);
    const report = JSON.parse(io.out()) as { filePath: string; errorCount: number }[];
    expect(report.map((r) => r.filePath.slice(root.length + 1))).toEqual([
      "prompts/alias.chatml",
      "prompts/ok.chatml",
      "prompts/sub/bad.chatml",
    ]);
    expect(code).toBe(1);
    expect(io.err()).toBe(
      [
        "chatml: skipped prompts/dangling.chatml: a symbolic link to /nowhere/at/all, which does not exist",
        "chatml: skipped prompts/leak.chatml: a symbolic link to ../secret.txt, outside prompts",
        "chatml: skipped prompts/pipe.chatml: it is a FIFO (named pipe), not a regular file",
        "",
      ].join("\n"),
    );
    expect(io.out() + io.err()).not.toContain("hunter2");
  });

  it("applies the same rule to a glob, whose folder is the part before the first wildcard", async () => {
    const root = tree();
    const io = memoryIo({ cwd: root });
    const code = await runCli(["lint", "prompts/l*.chatml"], io);
    expect(code).toBe(2);
    expect(io.err()).toContain(
      "chatml: skipped prompts/leak.chatml: a symbolic link to ../secret.txt, outside prompts\n",
    );
    expect(io.err()).toMatch(/no files matched prompts\/l\*\.chatml\n$/);
  });

  it("reads a link named on the command line as named", async () => {
    const root = tree();
    const io = memoryIo({ cwd: root });
    expect(await runCli(["lint", "prompts/alias.chatml"], io)).toBe(0);
    const leak = memoryIo({ cwd: root });
    expect(await runCli(["lint", "prompts/leak.chatml", "-f", "json"], leak)).toBe(1);
    expect(JSON.parse(leak.out())[0].messages[0].ruleId).toBe("text-outside-message");
  });

  it("refuses a FIFO named on the command line, without opening it", async () => {
    const root = tree();
    const io = memoryIo({ cwd: root });
    expect(await runCli(["lint", "prompts/pipe.chatml"], io)).toBe(2);
    expect(io.err()).toBe(
      "chatml: cannot read prompts/pipe.chatml: it is a FIFO (named pipe), not a regular file; to read a stream, pipe it to chatml and name the input - (stdin)\n",
    );
  });

  it("checks --max-file-size for every file before reading any, datasets aside (they are streamed)", async () => {
    const root = folder("sizes");
    writeFileSync(join(root, "a.chatml"), PROMPT);
    writeFileSync(join(root, "big.chatml"), PROMPT.repeat(10));
    writeFileSync(
      join(root, "data.jsonl"),
      `${JSON.stringify({ messages: [{ role: "user", content: "hi" }] })}\n`.repeat(10),
    );
    const io = memoryIo({ cwd: root });
    expect(await runCli(["lint", ".", "--max-file-size", "100"], io)).toBe(2);
    expect(io.err()).toBe(
      "chatml: cannot read big.chatml: it is 300 bytes, over the 100 bytes limit; raise the limit with --max-file-size 1MiB\n",
    );
    const datasets = memoryIo({ cwd: root });
    await runCli(["lint", "data.jsonl", "a.chatml", "--max-file-size", "100", "--model", "gpt-4o"], datasets);
    expect(datasets.err()).toBe("");
  });
});

describe("-o", () => {
  const MESSAGES = JSON.stringify([{ role: "user", content: "Hi" }]);
  const COMPILED = "<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n";

  it("keeps the permissions of the file it replaces", async () => {
    const dir = folder("mode");
    writeFileSync(join(dir, "m.json"), MESSAGES);
    writeFileSync(join(dir, "out.chatml"), "OLD");
    chmodSync(join(dir, "out.chatml"), 0o600);
    expect(await runCli(["compile", "m.json", "-o", "out.chatml"], memoryIo({ cwd: dir }))).toBe(0);
    expect(readFileSync(join(dir, "out.chatml"), "utf8")).toBe(COMPILED);
    expect(statSync(join(dir, "out.chatml")).mode & 0o777).toBe(0o600);
  });

  it("writes through a symbolic link: the target is replaced, the link stays", async () => {
    const dir = folder("link");
    mkdirSync(join(dir, "real"));
    writeFileSync(join(dir, "m.json"), MESSAGES);
    writeFileSync(join(dir, "real/out.chatml"), "OLD");
    symlinkSync("real/out.chatml", join(dir, "out.chatml"));
    symlinkSync("real/new.chatml", join(dir, "dangling.chatml"));
    expect(await runCli(["compile", "m.json", "-o", "out.chatml"], memoryIo({ cwd: dir }))).toBe(0);
    expect(lstatSync(join(dir, "out.chatml")).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, "real/out.chatml"), "utf8")).toBe(COMPILED);
    // a link to a file not there yet creates it, as a shell's > does
    expect(await runCli(["compile", "m.json", "-o", "dangling.chatml"], memoryIo({ cwd: dir }))).toBe(0);
    expect(lstatSync(join(dir, "dangling.chatml")).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, "real/new.chatml"), "utf8")).toBe(COMPILED);
    expect(readdirSync(join(dir, "real")).sort()).toEqual(["new.chatml", "out.chatml"]);
  });

  it("refuses to write over its input under another name (a link or a hard link)", async () => {
    const dir = folder("self");
    writeFileSync(join(dir, "p.chatml"), PROMPT);
    symlinkSync("p.chatml", join(dir, "soft.chatml"));
    linkSync(join(dir, "p.chatml"), join(dir, "hard.chatml"));
    for (const out of ["soft.chatml", "hard.chatml"]) {
      const io = memoryIo({ cwd: dir });
      expect(await runCli(["parse", "p.chatml", "-o", out], io)).toBe(2);
      expect(io.err()).toBe(`chatml: refusing to write the output over its own input ${out}\n`);
    }
    expect(readFileSync(join(dir, "p.chatml"), "utf8")).toBe(PROMPT);
  });

  it("writes to a character device instead of replacing it", async () => {
    const dir = folder("device");
    writeFileSync(join(dir, "m.json"), MESSAGES);
    symlinkSync("/dev/null", join(dir, "null"));
    expect(await runCli(["compile", "m.json", "-o", "null"], memoryIo({ cwd: dir }))).toBe(0);
    expect(statSync("/dev/null").isCharacterDevice()).toBe(true);
    expect(lstatSync(join(dir, "null")).isSymbolicLink()).toBe(true);
  });

  it("watches for signals from before its temporary file exists until it is gone", async () => {
    const dir = folder("guard");
    const seen: string[][] = [];
    const io: Io = {
      ...memoryIo({ cwd: dir }),
      onInterrupt() {
        seen.push(readdirSync(dir));
        return () => seen.push(readdirSync(dir));
      },
    };
    await writeOutput(io, "text", "out.txt", []);
    expect(seen).toEqual([[], ["out.txt"]]);
  });
});
