import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { anyText, fuzzRuns } from "../../parser/test/arbitraries.js";
import { memoryIo, runCli } from "../src/index.js";

// Whatever a file holds, chatml answers with a report or a clean error: never an internal error.
const work = mkdtempSync(join(tmpdir(), "chatml-robust-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const json = fc.oneof(
  fc.json(),
  fc
    .array(
      fc.record({
        role: fc.oneof(fc.string(), fc.constant("user")),
        content: fc.oneof(anyText, fc.anything()),
      }),
    )
    .map((v) => JSON.stringify(v)),
  anyText,
);

async function run(args: string[], file: string, content: string) {
  writeFileSync(join(work, file), content);
  const io = memoryIo({ cwd: work });
  const code = await runCli(args, io);
  return { code, err: io.err() };
}

// pnpm fuzz runs these at FUZZ_RUNS: no time limit then.
const FUZZ_TIMEOUT = process.env.FUZZ_RUNS === undefined ? 60_000 : 86_400_000;

describe("chatml never fails internally", () => {
  for (const [command, file, ...flags] of [
    ["lint", "x.json"],
    ["lint", "x.chatml"],
    ["lint", "x.jsonl"],
    ["compile", "x.json"],
    ["parse", "x.chatml"],
    ["count", "x.json", "--model", "gpt-4o"],
  ] as const) {
    it(
      `${command} ${file} on arbitrary content`,
      async () => {
        await fc.assert(
          fc.asyncProperty(fc.array(json, { minLength: 1, maxLength: 4 }), async (parts) => {
            const content = file.endsWith(".jsonl") ? parts.join("\n") : (parts[0] as string);
            const { code, err } = await run([command, file, ...flags], file, content);
            expect(err).not.toMatch(/internal error/);
            expect([0, 1]).toContain(code);
          }),
          fuzzRuns(60),
        );
      },
      FUZZ_TIMEOUT,
    );
  }
});
