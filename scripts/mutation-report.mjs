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
