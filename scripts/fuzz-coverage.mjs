#!/usr/bin/env node
// `pnpm fuzz:coverage [target...] [--seconds N] [--seed-fixtures] [--no-merge]`: coverage-guided
// fuzzing (jsfuzz) of each target in turn (parse, validate; see scripts/fuzz-targets.mjs) for N
// seconds (default 30), starting from its committed corpus (fuzz/corpus/<target>/) and adding
// what reaches new code, then merging the corpus down to the inputs that keep that coverage
// (scripts/fuzz-corpus.mjs). A crash (a property broken, an exception, a hang past 10 s or the
// worker past 2 GB) is written to fuzz/out/<target>/crash-<sha256> (ignored by git) and fails
// the run. jsfuzz stops only when told: it is sent SIGINT after N seconds. --seed-fixtures first
// adds the fixtures' inputs to the corpus (as it was made).
import { spawn } from "node:child_process";
import { mkdirSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join, relative } from "node:path";
import { describeMerge, merge, seed } from "./fuzz-corpus.mjs";
import { bundleTarget, OUT, ROOT, TARGETS, targetOf } from "./fuzz-targets.mjs";

const args = process.argv.slice(2).filter((arg) => arg !== "--");
const option = (name) => {
  const at = args.indexOf(name);
  return at === -1 ? undefined : args.splice(at, 2)[1];
};
const flag = (name) => {
  const at = args.indexOf(name);
  if (at !== -1) args.splice(at, 1);
  return at !== -1;
};
const seconds = Number(option("--seconds") ?? "30");
const seedFixtures = flag("--seed-fixtures");
const noMerge = flag("--no-merge");
if (!(seconds > 0) || args.some((arg) => arg.startsWith("-"))) {
  process.stderr.write(
    "usage: pnpm fuzz:coverage [parse|validate...] [--seconds N] [--seed-fixtures] [--no-merge]\n",
  );
  process.exit(2);
}
const jsfuzz = join(
  createRequire(join(ROOT, "package.json")).resolve("jsfuzz/package.json"),
  "..",
  "build",
  "src",
  "index.js",
);

/** The last stats line jsfuzz printed (`#execs TYPE cov: N corp: N exec/s: N rss: N MB`), and any crash. */
function fuzzFor(target, bundle) {
  const dir = join(OUT, target.name);
  mkdirSync(dir, { recursive: true });
  // The worker requires the target relative to its working folder, and writes crashes there.
  const child = spawn(
    process.execPath,
    [
      jsfuzz,
      relative(dir, bundle),
      target.corpus,
      "--no-versifier",
      "--timeout",
      "10",
      "--rss-limit-mb",
      "2048",
    ],
    { cwd: dir, detached: true, stdio: ["ignore", "pipe", "inherit"] },
  );
  let last = "";
  let crash;
  let pending = "";
  child.stdout.on("data", (chunk) => {
    pending += chunk;
    const lines = pending.split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) {
      if (/^#\d+ /.test(line)) last = line;
      const written = /^crash was written to (.*)$/.exec(line);
      if (written) crash = join(dir, written[1] ?? "");
      // Stats every 3 s are noise; what was found, and why a worker died, are not.
      if (!/ PULSE /.test(line)) process.stdout.write(`  ${line}\n`);
    }
  });
  const stopAt = setTimeout(() => {
    process.kill(-child.pid, "SIGINT");
    setTimeout(() => child.exitCode === null && process.kill(-child.pid, "SIGKILL"), 15_000).unref();
  }, seconds * 1000);
  return new Promise((resolve) => {
    child.on("exit", () => {
      clearTimeout(stopAt);
      resolve({ last, crash });
    });
  });
}

const unknown = args.filter((name) => !Object.hasOwn(TARGETS, name));
if (unknown.length > 0) {
  process.stderr.write(
    `fuzz:coverage: unknown target ${unknown.join(", ")}; expected ${Object.keys(TARGETS).join(", ")}\n`,
  );
  process.exit(2);
}
const names = args.length > 0 ? args : Object.keys(TARGETS);
const crashes = [];
for (const target of names.map(targetOf)) {
  if (seedFixtures) process.stdout.write(`${target.name}: ${seed(target)} seeds added\n`);
  mkdirSync(target.corpus, { recursive: true });
  const before = readdirSync(target.corpus).length;
  process.stdout.write(`\nfuzz:coverage ${target.name}: ${seconds} s from ${before} inputs\n`);
  const bundle = await bundleTarget(target);
  const started = Date.now();
  const { last, crash } = await fuzzFor(target, bundle);
  const after = readdirSync(target.corpus).length;
  const execs = /^#(\d+) .*cov: (\d+)/.exec(last);
  process.stdout.write(
    `fuzz:coverage ${target.name}: ${((Date.now() - started) / 1000).toFixed(0)} s, ` +
      `${execs?.[1] ?? "?"} inputs run, coverage ${execs?.[2] ?? "?"} (jsfuzz's count), corpus ${before} -> ${after}\n`,
  );
  if (crash !== undefined) crashes.push(`${target.name}: ${relative(ROOT, crash)}`);
  if (!noMerge) {
    const merged = await merge(target);
    process.stdout.write(`fuzz:coverage merged ${describeMerge(target, merged)}\n`);
    crashes.push(...merged.crashes.map((c) => `${target.name}: ${c}`));
  }
}
if (crashes.length > 0) {
  process.stderr.write(
    `fuzz:coverage: crashes (replay one: node scripts/fuzz-corpus.mjs replay TARGET FILE):\n`,
  );
  for (const crash of crashes) process.stderr.write(`  ${crash}\n`);
  process.exit(1);
}
