#!/usr/bin/env node
// `pnpm fuzz [file...]`: the fuzz campaign, every property of the public APIs that reads FUZZ_RUNS
// (fuzzRuns in packages/parser/test/arbitraries.ts) at 100,000 cases each, or FUZZ_RUNS=N;
// FUZZ_SEED=N replays another seed. The CLI's in-process properties write a file and run chatml
// per case (~25 ms), so they run FUZZ_CLI_RUNS (2,000) cases per command. The normal test run
// runs the same properties with a few hundred to a few thousand cases and a fixed seed. A
// failure prints fast-check's report: the seed, the path to replay it, the shrunk counterexample.
// One vitest run per file, in turn, each timed.
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
/** The files holding the campaign's properties. */
const FUZZ_FILES = [
  "packages/parser/test/fuzz.test.ts",
  "packages/parser/test/properties.test.ts",
  "packages/parser/test/profile-stream.test.ts",
  "packages/validator/test/fuzz.test.ts",
  "packages/validator/test/properties.test.ts",
  "packages/validator/test/injection-properties.test.ts",
  "packages/validator/test/lookalike-variants.test.ts",
  "packages/cli/test/robustness.test.ts",
];
const CLI = "packages/cli/";

const runs = process.env.FUZZ_RUNS ?? "100000";
const cliRuns = process.env.FUZZ_CLI_RUNS ?? "2000";
const seed = process.env.FUZZ_SEED ?? "15";
const asked = process.argv.slice(2).filter((arg) => arg !== "--");
const vitest = join(root, "node_modules", ".bin", process.platform === "win32" ? "vitest.cmd" : "vitest");
const failed = [];
for (const file of asked.length > 0 ? asked : FUZZ_FILES) {
  const fileRuns = file.startsWith(CLI) ? cliRuns : runs;
  process.stdout.write(`\nfuzz ${file}: FUZZ_RUNS=${fileRuns} FUZZ_SEED=${seed}\n`);
  const started = Date.now();
  // No time limit per test: 100,000 cases of a property take minutes.
  const run = spawnSync(vitest, ["run", "--testTimeout=86400000", file], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, FUZZ_RUNS: fileRuns, FUZZ_SEED: seed },
  });
  process.stdout.write(`fuzz ${file}: ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
  if (run.error) process.stderr.write(`fuzz: cannot run ${vitest}: ${run.error.message}\n`);
  if (run.status !== 0) failed.push(file);
}
if (failed.length > 0) {
  process.stderr.write(
    `fuzz: properties failed in ${failed.join(", ")} (each report names the seed and the counterexample)\n`,
  );
  process.exit(1);
}
