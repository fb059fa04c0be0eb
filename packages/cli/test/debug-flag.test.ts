// --debug: an error is one line without it, and that line then its stack with it, for the CLI's
// own errors (a file not there) and the validator's typed ones (an unknown model, from render
// --tokens); `chatml help` alone is `chatml --help`. In-process.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../src/cli.js";
import { memoryIo } from "../src/io.js";

const work = mkdtempSync(join(tmpdir(), "chatml-debug-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
writeFileSync(join(work, "t.chatml"), "<|im_start|>user\n{{ q }}<|im_end|>\n");
writeFileSync(join(work, "v.json"), '{"q":"hi"}');

async function chatml(args: string[]) {
  const io = memoryIo({ cwd: work });
  const code = await runCli(args, io);
  return { code, out: io.out(), err: io.err() };
}

describe("--debug", () => {
  it.each([
    [
      "the CLI's error",
      ["compile", "nothere.json"],
      "chatml: cannot read nothere.json: no such file",
      "CliError",
    ],
    [
      "the validator's error",
      ["render", "t.chatml", "--vars", "v.json", "--tokens", "--model", "nope"],
      'chatml: unknown model "nope"',
      "ValidatorError",
    ],
  ])("%s: one line, exit 2; with --debug, the stack after it", async (_what, args, line, name) => {
    const plain = await chatml(args);
    expect(plain.code).toBe(2);
    expect(plain.err.startsWith(line)).toBe(true);
    expect(plain.err.split("\n")).toHaveLength(2); // one line and its end
    const debug = await chatml([...args, "--debug"]);
    expect(debug.code).toBe(2);
    const [first, stack, ...frames] = debug.err.split("\n");
    expect(first).toBe(plain.err.trimEnd());
    expect(stack?.startsWith(`${name}: `)).toBe(true);
    expect(frames[0]).toMatch(/^ {4}at /);
  });
});

describe("chatml help", () => {
  it("alone, prints what chatml --help prints", async () => {
    const help = await chatml(["help"]);
    expect(help).toEqual(await chatml(["--help"]));
    expect(help.code).toBe(0);
    expect(help.out).toContain("chatml help [command]");
  });
});
