// pnpm mutate (issue 15): StrykerJS over the parser and the validator, one part after another.
//
// The whole run is hours on two cores. Stryker writes its incremental file only when a run ends,
// so one run over everything that is stopped loses all of it; each part is a run of its own
// that adds its results to reports/mutation/stryker-incremental.json, and a later `pnpm mutate`
// retests only what changed since (stryker.config.mjs: incremental). `node scripts/mutation-
// summary.mjs` then reads that file (or its committed copy, scripts/mutation-report.mjs).
//
//   pnpm mutate                       every part, in order
//   pnpm mutate --from validator-a    from that part on (after a stop)
//   pnpm mutate --mutate <glob>       one glob, as stryker takes it
//   pnpm mutate --concurrency 4       test runner processes (the config's 2 otherwise)
import { spawnSync } from "node:child_process";
import config from "../stryker.config.mjs";
import { keepIncremental, restoreIncremental } from "./mutation-report.mjs";

// A part's glob replaces the config's `mutate`, so it takes the config's exclusions along.
const EXCLUDE = config.mutate.filter((pattern) => pattern.startsWith("!")).join(",");
/** The parts: each a directory's sources, the validator's root split in two by name. */
const PARTS = [
  ["parser-template", "packages/parser/src/template/**/*.ts"],
  ["parser-profiles", "packages/parser/src/profiles/**/*.ts"],
  ["parser", "packages/parser/src/*.ts"],
  ["validator-rules", "packages/validator/src/rules/**/*.ts"],
  ["validator-template", "packages/validator/src/template/**/*.ts"],
  ["validator-images", "packages/validator/src/images/**/*.ts"],
  ["validator-a", "packages/validator/src/[a-k]*.ts"],
  ["validator-l", "packages/validator/src/[l-z]*.ts"],
];

function stryker(glob) {
  const extra = concurrency === undefined ? [] : ["--concurrency", concurrency];
  const run = spawnSync("node_modules/.bin/stryker", ["run", "--mutate", `${glob},${EXCLUDE}`, ...extra], {
    stdio: "inherit",
  });
  // A finished run's results are kept in the repository, so that the next run (another session, a
  // fresh clone) retests only what changed since, and the summary reads them without a run.
  if (run.status === 0) keepIncremental();
  return run.status ?? 1;
}

const args = process.argv.slice(2);
const flag = (name) => {
  const at = args.indexOf(name);
  if (at === -1) return undefined;
  const value = args[at + 1];
  // Without its value a flag would mean "every part": hours, started by a typo.
  if (value === undefined || value.startsWith("--")) {
    console.error(`mutate: ${name} needs a value (${name === "--from" ? "a part's name" : "a glob"})`);
    process.exit(2);
  }
  return value;
};
restoreIncremental();
// Each runner is a vitest process that mostly waits on its own start-up: more runners than cores
// still add throughput (measured in docs/mutation.md).
const concurrency = flag("--concurrency");
const glob = flag("--mutate");
if (glob !== undefined) process.exit(stryker(glob));

const from = flag("--from");
const start = from === undefined ? 0 : PARTS.findIndex(([name]) => name === from);
if (start === -1) {
  console.error(`mutate: no part "${from}"; the parts are ${PARTS.map(([name]) => name).join(", ")}`);
  process.exit(2);
}
for (const [name, part] of PARTS.slice(start)) {
  console.log(`\nmutate: part ${name} (${part})`);
  const status = stryker(part);
  if (status !== 0) {
    console.error(`mutate: part ${name} failed (exit ${status}); rerun with --from ${name}`);
    process.exit(status);
  }
}
