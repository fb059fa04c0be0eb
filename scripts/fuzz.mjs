#!/usr/bin/env node
// `pnpm fuzz`: the fuzz campaign, every property of the public APIs that reads FUZZ_RUNS
// (fuzzRuns in packages/parser/test/arbitraries.ts) at 100,000 cases each, or FUZZ_RUNS=N;
// FUZZ_SEED=N replays another seed. The normal test run runs the same properties with a few
// hundred to a few thousand cases and a fixed seed. A failure prints fast-check's report: the
// seed, the path to replay it, and the shrunk counterexample.
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
/** The files holding the campaign's properties. */
export const FUZZ_FILES = [
  "packages/parser/test/fuzz.test.ts",
  "packages/parser/test/properties.test.ts",
  "packages/parser/test/profile-stream.test.ts",
  "packages/validator/test/fuzz.test.ts",
  "packages/validator/test/properties.test.ts",
  "packages/validator/test/injection-properties.test.ts",
  "packages/validator/test/lookalike-variants.test.ts",
  "packages/cli/test/robustness.test.ts",
];

const runs = process.env.FUZZ_RUNS ?? "100000";
const seed = process.env.FUZZ_SEED ?? "15";
const files = process.argv.slice(2).filter((arg) => arg !== "--");
process.stdout.write(`fuzz: FUZZ_RUNS=${runs} FUZZ_SEED=${seed}\n`);
const vitest = join(root, "node_modules", ".bin", process.platform === "win32" ? "vitest.cmd" : "vitest");
// No time limit per test: 100,000 cases of a property take minutes.
const run = spawnSync(vitest, ["run", "--testTimeout=86400000", ...(files.length > 0 ? files : FUZZ_FILES)], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, FUZZ_RUNS: runs, FUZZ_SEED: seed },
});
if (run.error) {
  process.stderr.write(`fuzz: cannot run ${vitest}: ${run.error.message}\n`);
  process.exit(1);
}
process.exit(run.status ?? 1);
