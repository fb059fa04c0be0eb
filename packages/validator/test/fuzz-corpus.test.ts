// Replays the coverage-guided fuzzer's corpus (fuzz/corpus/validate/, kept by `pnpm fuzz:coverage`)
// through its target's properties (fuzz-target.ts): each input held them when the fuzzer kept it
// for the code it reaches, and must go on holding them.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../../../scripts/fixtures.js";
import { fuzz } from "./fuzz-target.js";

const CORPUS = "fuzz/corpus/validate";

describe(`the coverage-guided fuzzer's corpus (${CORPUS})`, () => {
  it("every input holds the validate target's properties", async () => {
    const names = readdirSync(join(ROOT, CORPUS)).sort();
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) {
      try {
        await fuzz(readFileSync(join(ROOT, CORPUS, name)));
      } catch (error) {
        throw new Error(`${CORPUS}/${name}: ${(error as Error).message}`, { cause: error });
      }
    }
  });
});
