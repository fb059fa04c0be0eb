import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { repeatedFlag } from "../src/commands/shared.js";
import { memoryIo, runCli } from "../src/index.js";

const cwd = mkdtempSync(join(tmpdir(), "chatml-repeated-"));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));
writeFileSync(join(cwd, "m.json"), JSON.stringify([{ role: "user", content: "Hi" }]));
writeFileSync(join(cwd, "t.chatml"), "<|im_start|>user\nHi<|im_end|>\n");

async function run(args: string[]) {
  const io = memoryIo({ cwd });
  const code = await runCli(args, io);
  return { code, out: io.out(), err: io.err() };
}

describe("a flag that takes one value, given twice", () => {
  // One string flag of every command: the check is made once, for all of them, in cli.ts.
  const cases: Array<[string[], string]> = [
    [["compile", "m.json", "--dialect", "chatml", "--dialect", "chatml-sep"], "--dialect"],
    [["parse", "t.chatml", "--dialect", "auto", "--dialect", "chatml"], "--dialect"],
    [["count", "m.json", "--kind", "json", "--kind", "jsonl", "-m", "gpt-4o"], "--kind"],
    [
      ["fit", "m.json", "-m", "gpt-4o", "--max-tokens", "1", "--strategy", "drop-oldest", "--strategy", "x"],
      "--strategy",
    ],
    [["lint", "m.json", "--config", "a.json", "-c", "b.json"], "--config"],
    [["lint", "m.json", "--stdin-filename", "a.json", "--stdin-filename", "b.json"], "--stdin-filename"],
    [["rules", "-f", "json", "--format", "text"], "--format"],
    [["compile", "m.json", "-o", "a.txt", "--output", "b.txt"], "--output"],
    [
      ["fit", "m.json", "-m", "gpt-4o", "--max-tokens", "1", "--budget", "1", "--max-prompt-tokens", "2"],
      "--max-prompt-tokens",
    ],
  ];
  for (const [args, flag] of cases) {
    it(`${args[0]} ${flag}: exit 2 naming the flag, nothing run`, async () => {
      const { code, out, err } = await run(args);
      expect(code).toBe(2);
      expect(err).toBe(`chatml: ${flag} was given 2 times; give it once\nRun chatml --help for usage.\n`);
      expect(out).toBe("");
    });
  }

  it("writes no output file", async () => {
    await run(["compile", "m.json", "-o", "a.txt", "-o", "b.txt"]);
    expect(readdirSync(cwd).sort()).toEqual(["m.json", "t.chatml"]);
  });

  it("is not said of flags that take many values (--rule, the paths)", async () => {
    const { code, err } = await run([
      "lint",
      "m.json",
      "t.chatml",
      "--rule",
      "empty-content=off",
      "--rule",
      "special-token=error",
    ]);
    expect(err).toBe("");
    expect(code).toBe(0);
  });
});

describe("repeatedFlag", () => {
  const declared = {
    key: { model: true, m: true, rule: true, quiet: true },
    array: ["rule"],
    alias: { model: ["m"] },
  };

  it("names the option by its declared name, once, whichever spelling was repeated", () => {
    expect(repeatedFlag({ model: ["a", "b", "c"], m: ["a", "b", "c"] }, declared)).toBe(
      "--model was given 3 times; give it once",
    );
  });

  it("lets array options and single values through", () => {
    expect(repeatedFlag({ model: "a", m: "a", rule: ["x=off", "y=off"], quiet: true }, declared)).toBe(
      undefined,
    );
  });

  it("names a one-letter option with one dash", () => {
    expect(repeatedFlag({ j: [1, 2] }, { key: { j: true }, array: [], alias: {} })).toBe(
      "-j was given 2 times; give it once",
    );
  });
});
