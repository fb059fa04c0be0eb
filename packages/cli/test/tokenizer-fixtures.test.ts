// The CLI fixtures that count with --tokenizer, and the bundled example, hold a copy of the tiny
// tokenizer.json the test suite builds (scripts/tiny-tokenizer.ts): each must be what it makes now
// (UPDATE_FIXTURES=1 rewrites them: `pnpm run generate cli`). A bad file is a usage error at its place.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
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
    expect(unnamed.err()).toBe(
      'chatml: unknown model "Qwen/Qwen3-8B" (with a tokenizer.json, a model chatmlkit does not know needs only its context window)\n',
    );
  });

  it("counts a request body whose model chatmlkit does not know, without a window", async () => {
    const dir = mkdtempSync(join(tmpdir(), "chatml-tokenizer-"));
    try {
      cpSync(join(FIXTURES, "cli", "count-tokenizer", "tokenizer.json"), join(dir, "tokenizer.json"));
      const body = { model: "Qwen/Qwen3-8B", max_tokens: 100, messages: [{ role: "user", content: "Hi" }] };
      writeFileSync(join(dir, "body.json"), JSON.stringify(body));
      const io = memoryIo({ cwd: dir });
      expect(
        await runCli(["count", "body.json", "--tokenizer", "tokenizer.json", "--format", "json"], io),
      ).toBe(0);
      const report = JSON.parse(io.out()).files[0];
      expect([report.model, report.contextWindow, report.maxTokens, report.formula]).toEqual([
        undefined,
        null,
        100,
        "chatml-tokens",
      ]);
      // Without a tokenizer, the body's unknown model is the error it always was.
      expect(await runCli(["count", "body.json"], memoryIo({ cwd: dir }))).toBe(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("lint --cache lints again when the tokenizer file changes under the same name", async () => {
    const dir = mkdtempSync(join(tmpdir(), "chatml-tokenizer-"));
    try {
      cpSync(join(FIXTURES, "cli", "lint-tokenizer"), dir, { recursive: true });
      const lint = async () => {
        const io = memoryIo({ cwd: dir });
        await runCli(["lint", "chat.json", "--tokenizer", "tokenizer.json", "--cache", "-f", "json"], io);
        return (JSON.parse(io.out()) as { messages: { ruleId: string }[] }[])[0]?.messages.map(
          (m) => m.ruleId,
        );
      };
      expect(await lint()).toEqual(["special-token", "special-token"]);
      // The same file name, a vocabulary without Qwen's tool tags: they are another family's tokens again.
      const json = JSON.parse(readFileSync(join(dir, "tokenizer.json"), "utf8"));
      json.added_tokens = json.added_tokens.filter(
        (t: { content: string }) => !t.content.includes("tool_call"),
      );
      writeFileSync(join(dir, "tokenizer.json"), JSON.stringify(json));
      expect(await lint()).toEqual(["foreign-special-token", "foreign-special-token"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
