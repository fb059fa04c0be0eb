// The CLI fixtures that count with --tokenizer, and the bundled example, hold a copy of the tiny
// tokenizer.json the test suite builds (scripts/tiny-tokenizer.ts): each must be what it makes now
// (UPDATE_FIXTURES=1 rewrites them: `pnpm run generate cli`). A bad file is a usage error at its place.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES, UPDATE } from "../../../scripts/fixtures.js";
import { tinyTokenizerText } from "../../../scripts/tiny-tokenizer.js";
import { memoryIo, runCli } from "../src/index.js";

/** Broken on purpose: the case is the error. */
const BROKEN = new Set(["count-tokenizer-invalid-json"]);

function copies(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return copies(path);
    return entry.name === "tokenizer.json" ? [path] : [];
  });
}

describe("the tiny tokenizer.json in the CLI fixtures", () => {
  const files = [
    // The bundled example the CLI README counts with, and the fixtures' copies.
    join(FIXTURES, "../packages/cli/examples/tokenizer/tokenizer.json"),
    ...copies(join(FIXTURES, "cli")),
  ].filter((f) => !BROKEN.has(relative(join(FIXTURES, "cli"), f).split("/")[0] ?? ""));
  it("is in the cases that count with it", () => {
    expect(files.length).toBeGreaterThanOrEqual(7);
  });
  for (const file of files) {
    it(relative(join(FIXTURES, ".."), file), () => {
      // The example is read by people (and Biome formats it); the fixtures' copies are compact.
      const text = tinyTokenizerText(!file.startsWith(FIXTURES));
      if (UPDATE) writeFileSync(file, text);
      expect(readFileSync(file, "utf8"), "UPDATE_FIXTURES=1 rewrites it (pnpm run generate cli)").toBe(text);
    });
  }
});

describe("--tokenizer FILE", () => {
  it("names a file it cannot read, exit 2", async () => {
    const io = memoryIo({ cwd: join(FIXTURES, "cli", "count-tokenizer") });
    const code = await runCli(["count", "chat.json", "--tokenizer", "nope.json"], io);
    expect(code).toBe(2);
    expect(io.err()).toMatch(/^chatml: cannot read tokenizer nope\.json: /);
  });

  it("takes an unknown model with a context window, and needs the window without one", async () => {
    const cwd = join(FIXTURES, "cli", "count-tokenizer");
    const named = memoryIo({ cwd });
    const args = ["count", "chat.json", "--tokenizer", "tokenizer.json", "--model", "Qwen/Qwen3-8B"];
    expect(await runCli([...args, "--context-window", "32768"], named)).toBe(0);
    expect(named.out()).toMatch(
      /^chat\.json: 58 prompt tokens, .*\(Qwen\/Qwen3-8B, tokenizer\.json, chatml-tokens\)/,
    );
    const unnamed = memoryIo({ cwd });
    expect(await runCli(args, unnamed)).toBe(2);
    expect(unnamed.err()).toMatch(/unknown model "Qwen\/Qwen3-8B"/);
  });
});
