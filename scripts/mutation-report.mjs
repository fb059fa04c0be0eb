// Where the results of `pnpm mutate` live. Stryker reads and writes its incremental file (the
// whole report: every mutant with its status, the sources and the tests it ran against) in
// reports/, which git ignores; the whole run is hours, done in parts over several sessions, so a
// copy of it, gzipped, is committed (docs/mutation-report.json.gz): a fresh clone's `pnpm mutate`
// starts from it and retests only what changed, and `node scripts/mutation-summary.mjs` reads it.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import config from "../stryker.config.mjs";

export const INCREMENTAL = config.incrementalFile;
export const KEPT = "docs/mutation-report.json.gz";

/** Puts the committed results where Stryker looks for them, unless a local run left newer ones. */
export function restoreIncremental() {
  if (existsSync(INCREMENTAL) || !existsSync(KEPT)) return;
  mkdirSync(dirname(INCREMENTAL), { recursive: true });
  writeFileSync(INCREMENTAL, gunzipSync(readFileSync(KEPT)));
}

/** Copies Stryker's incremental file to the committed one (gzip's output is the same for the same input). */
export function keepIncremental() {
  writeFileSync(KEPT, gzipSync(readFileSync(INCREMENTAL), { level: 9 }));
}

/** The report of every part run so far: the local one, else the committed one; undefined with neither. */
export function readReport() {
  if (existsSync(INCREMENTAL)) return JSON.parse(readFileSync(INCREMENTAL, "utf8"));
  if (existsSync(KEPT)) return JSON.parse(gunzipSync(readFileSync(KEPT)).toString("utf8"));
  return undefined;
}

/** A test's identity across reports (ids are only unique within one): its file, name and place. */
const testKey = (file, test) => JSON.stringify([file, test.name, test.location ?? null]);
/** ... and without its place, for a test file the two runs read in different versions. */
const nameKey = (file, test) => JSON.stringify([file, test.name]);

/**
 * Adds to report `into` the files under `prefixes` as report `from` has them: the results of a run
 * made at the same time from another worktree, over other files (`node scripts/mutation-report.mjs
 * --merge`). The two runs' test ids differ, so `from`'s are mapped to `into`'s by identity, and a
 * test only `from` knows gets an id of its own. A test file the runs read in different versions
 * (tests written between the two runs' commits) keeps `into`'s version, its tests matched by name:
 * the results stand as each run measured them, and a later run retests a mutant whose tests moved.
 */
export function mergeReports(into, from, prefixes) {
  const ids = new Map();
  const byName = new Map();
  let next = 0;
  for (const [file, { tests }] of Object.entries(into.testFiles)) {
    for (const test of tests) {
      ids.set(testKey(file, test), test.id);
      byName.set(nameKey(file, test), test.id);
      next = Math.max(next, Number(test.id) + 1);
    }
  }
  const idOf = new Map();
  for (const [file, entry] of Object.entries(from.testFiles)) {
    const own = into.testFiles[file];
    const sameVersion = own === undefined || own.source === entry.source;
    for (const test of entry.tests) {
      let id = sameVersion ? ids.get(testKey(file, test)) : byName.get(nameKey(file, test));
      if (id === undefined) {
        id = String(next++);
        ids.set(testKey(file, test), id);
        byName.set(nameKey(file, test), id);
        into.testFiles[file] ??= { tests: [], source: entry.source };
        into.testFiles[file].tests.push({ ...test, id });
      }
      idOf.set(test.id, id);
    }
  }
  const map = (list) => list?.map((id) => idOf.get(id) ?? id);
  for (const [file, entry] of Object.entries(from.files)) {
    if (!prefixes.some((prefix) => file.startsWith(prefix))) continue;
    const mutants = entry.mutants.map((m) => ({
      ...m,
      ...(m.coveredBy && { coveredBy: map(m.coveredBy) }),
      ...(m.killedBy && { killedBy: map(m.killedBy) }),
    }));
    into.files[file] = { ...entry, mutants };
  }
  return into;
}

// node scripts/mutation-report.mjs --merge <other incremental file> <path prefix>...
if (process.argv[1]?.endsWith("mutation-report.mjs") && process.argv[2] === "--merge") {
  const [other, ...prefixes] = process.argv.slice(3);
  if (other === undefined || prefixes.length === 0) {
    console.error(
      "usage: node scripts/mutation-report.mjs --merge <other incremental file> <path prefix>...",
    );
    process.exit(2);
  }
  restoreIncremental();
  const merged = mergeReports(readReport(), JSON.parse(readFileSync(other, "utf8")), prefixes);
  writeFileSync(INCREMENTAL, JSON.stringify(merged));
  keepIncremental();
  console.log(`merged ${prefixes.join(", ")} from ${other} into ${INCREMENTAL} and ${KEPT}`);
}
