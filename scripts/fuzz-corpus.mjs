#!/usr/bin/env node
// The fuzz targets' corpora (fuzz/corpus/<target>/, one input a file, named by its SHA-256 as
// jsfuzz names what it adds):
//   node scripts/fuzz-corpus.mjs seed <target>    add the project's fixtures as inputs
//   node scripts/fuzz-corpus.mjs merge <target>   keep only the inputs needed for the coverage
//   node scripts/fuzz-corpus.mjs replay <target> FILE...   run inputs (a crash) and show what they throw
// merge replays every input through the target's bundle instrumented as jsfuzz instruments it
// (istanbul, the copy jsfuzz brings), smallest first, keeps each that covers a statement, branch or
// function no kept one did, and deletes the rest (libFuzzer's -merge=1, greedily). An input that
// throws is a crash: it is copied to fuzz/out/crashes/ and the merge fails.
import { createHash } from "node:crypto";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import Module, { createRequire } from "node:module";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { inspect } from "node:util";
import { bundleTarget, OUT, ROOT, TARGETS, targetOf } from "./fuzz-targets.mjs";

/** jsfuzz mutates inputs up to this size; larger seeds would only slow every run. */
const MAX_SEED_BYTES = 4096;

/** Every file under `dir` whose name passes `keep`. */
function filesUnder(dir, keep) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && keep(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** The seeds of each target, from fixtures/: transcripts for parse; messages, bodies and cases for validate. */
const SEEDS = {
  parse: () =>
    filesUnder(join(ROOT, "fixtures"), (name) => name.endsWith(".chatml")).map((f) => readFileSync(f)),
  validate: () => {
    // CLI cases' JSON inputs, not their configs, expectations or tokenizers.
    const skip = /^(case|expected.*|chatml\.config|tokenizer.*|\.vars)\.json$/;
    const json = filesUnder(join(ROOT, "fixtures"), (name) => name.endsWith(".json") && !skip.test(name))
      .filter((f) => !f.includes(`${join("fixtures", "validate", "expected")}`))
      .filter((f) => !f.endsWith(join("validate", "cases.json")))
      .map((f) => readFileSync(f));
    const lines = filesUnder(join(ROOT, "fixtures"), (name) => name.endsWith(".jsonl")).flatMap((f) =>
      readFileSync(f, "utf8")
        .split("\n")
        .filter((line) => line.trim() !== "")
        .map((line) => Buffer.from(line)),
    );
    const cases = JSON.parse(readFileSync(join(ROOT, "fixtures", "validate", "cases.json"), "utf8")).map(
      (c) => Buffer.from(typeof c.input === "string" ? c.input : JSON.stringify(c.input, null, 1)),
    );
    return [...json, ...lines, ...cases];
  },
};

const nameOf = (bytes) => createHash("sha256").update(bytes).digest("hex");

/** Writes the target's seeds under 4 KB into its corpus; returns how many were new. */
export function seed(target) {
  mkdirSync(target.corpus, { recursive: true });
  const have = new Set(readdirSync(target.corpus));
  let added = 0;
  for (const bytes of SEEDS[target.name]()) {
    const name = nameOf(bytes);
    if (bytes.length > MAX_SEED_BYTES || have.has(name)) continue;
    writeFileSync(join(target.corpus, name), bytes);
    have.add(name);
    added++;
  }
  return added;
}

/** The target's `fuzz`, from its bundle instrumented by istanbul (jsfuzz's own copy and settings). */
async function instrumented(target) {
  const bundle = await bundleTarget(target);
  const fromJsfuzz = createRequire(createRequire(join(ROOT, "package.json")).resolve("jsfuzz/package.json"));
  const { createInstrumenter } = fromJsfuzz("istanbul-lib-instrument");
  const code = createInstrumenter({ compact: true }).instrumentSync(readFileSync(bundle, "utf8"), bundle);
  globalThis.__coverage__ = {}; // this target's counters only
  const module = new Module(bundle);
  module.filename = bundle;
  module.paths = Module._nodeModulePaths(ROOT);
  module._compile(code, bundle);
  return { fuzz: module.exports.fuzz, areaOf: areasOf(readFileSync(bundle, "utf8")) };
}

/**
 * Which package's sources a line of the bundle comes from ("parser", "validator"), or undefined
 * (dependencies, tests): esbuild heads each module it bundles with a `// path` comment.
 */
function areasOf(bundleText) {
  const starts = [];
  bundleText.split("\n").forEach((line, i) => {
    const from = /^\/\/ (\S+)$/.exec(line)?.[1];
    if (from !== undefined) starts.push({ line: i + 1, area: /^packages\/(\w+)\/src\//.exec(from)?.[1] });
  });
  return (line) => {
    let area;
    for (const start of starts) {
      if (start.line > line) break;
      area = start.area;
    }
    return area;
  };
}

/** Of each package's counters (statements, branches, functions), how many the corpus covered. */
function coverageByArea(covered, areaOf) {
  const areas = {};
  for (const [file, data] of Object.entries(globalThis.__coverage__ ?? {})) {
    const count = (name, line) => {
      const area = areaOf(line);
      if (area === undefined) return;
      areas[area] ??= { covered: 0, total: 0 };
      areas[area].total++;
      if (covered.has(name)) areas[area].covered++;
    };
    for (const [id, loc] of Object.entries(data.statementMap)) count(`${file}:s${id}`, loc.start.line);
    for (const [id, fn] of Object.entries(data.fnMap)) count(`${file}:f${id}`, fn.loc.start.line);
    for (const [id, branch] of Object.entries(data.branchMap)) {
      for (const [i, loc] of branch.locations.entries())
        count(`${file}:b${id}.${i}`, loc.start?.line ?? branch.loc.start.line);
    }
  }
  return areas;
}

/** The counters of istanbul's coverage data that are not zero, as names; and every counter, zeroed. */
function takeCoverage() {
  const hit = [];
  let total = 0;
  for (const [file, data] of Object.entries(globalThis.__coverage__ ?? {})) {
    for (const kind of ["s", "f"]) {
      for (const [id, n] of Object.entries(data[kind])) {
        total++;
        if (n > 0) hit.push(`${file}:${kind}${id}`);
        data[kind][id] = 0;
      }
    }
    for (const [id, counts] of Object.entries(data.b)) {
      counts.forEach((n, i) => {
        total++;
        if (n > 0) hit.push(`${file}:b${id}.${i}`);
        counts[i] = 0;
      });
    }
  }
  return { hit, total };
}

/** Keeps the smallest inputs that cover what the whole corpus covers; returns the figures. */
export async function merge(target) {
  const { fuzz, areaOf } = await instrumented(target);
  takeCoverage(); // what loading covered is no input's
  const files = readdirSync(target.corpus)
    .map((name) => ({
      name,
      path: join(target.corpus, name),
      size: statSync(join(target.corpus, name)).size,
    }))
    .sort((a, b) => a.size - b.size || (a.name < b.name ? -1 : 1));
  const covered = new Set();
  const crashes = [];
  let total = 0;
  let kept = 0;
  let keptBytes = 0;
  for (const file of files) {
    const bytes = readFileSync(file.path);
    let crashed = false;
    try {
      await fuzz(bytes);
    } catch (error) {
      crashed = true;
      mkdirSync(join(OUT, "crashes"), { recursive: true });
      const copy = join(OUT, "crashes", `${target.name}-${file.name}`);
      copyFileSync(file.path, copy);
      crashes.push(`${relative(ROOT, copy)}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const coverage = takeCoverage();
    total = coverage.total;
    const fresh = coverage.hit.filter((name) => !covered.has(name));
    if (fresh.length === 0 && !crashed) {
      rmSync(file.path);
      continue;
    }
    for (const name of fresh) covered.add(name);
    kept++;
    keptBytes += file.size;
  }
  const areas = coverageByArea(covered, areaOf);
  return { inputs: files.length, kept, keptBytes, covered: covered.size, total, areas, crashes };
}

/** The figures of a merge, as one line. */
export function describeMerge(target, m) {
  const percent = (part) => `${((100 * part.covered) / Math.max(1, part.total)).toFixed(1)}%`;
  const sources = Object.entries(m.areas)
    .map(([area, part]) => `${area} src ${part.covered} of ${part.total} (${percent(part)})`)
    .join(", ");
  return (
    `${target.name}: ${m.inputs} inputs -> ${m.kept} kept (${(m.keptBytes / 1024).toFixed(0)} KB); ` +
    `counters (statements, branches, functions) covered: ${sources}; whole bundle ${m.covered} of ${m.total}`
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const [command, name = ""] = process.argv.slice(2);
  const target = Object.hasOwn(TARGETS, name) ? targetOf(name) : undefined;
  if (target === undefined) {
    process.stderr.write("usage: node scripts/fuzz-corpus.mjs seed|merge|replay parse|validate [FILE...]\n");
    process.exit(2);
  } else if (command === "seed") {
    process.stdout.write(`${target.name}: ${seed(target)} seeds added to ${relative(ROOT, target.corpus)}\n`);
  } else if (command === "merge") {
    const result = await merge(target);
    process.stdout.write(`${describeMerge(target, result)}\n`);
    for (const crash of result.crashes) process.stderr.write(`crash: ${crash}\n`);
    if (result.crashes.length > 0) process.exit(1);
  } else if (command === "replay") {
    const { fuzz } = createRequire(import.meta.url)(await bundleTarget(target));
    for (const file of process.argv.slice(4)) {
      let bytes;
      try {
        bytes = readFileSync(file);
      } catch (error) {
        process.stderr.write(`${file}: cannot read it (${error.code ?? error.message})\n`);
        process.exit(2);
      }
      try {
        await fuzz(bytes);
      } catch (error) {
        // What the target threw, with its stack: the place in the bundle to look at.
        process.stderr.write(`${file}: ${inspect(error)}\n`);
        process.exit(1);
      }
      process.stdout.write(`${file}: every property held\n`);
    }
  } else {
    process.stderr.write("usage: node scripts/fuzz-corpus.mjs seed|merge|replay parse|validate [FILE...]\n");
    process.exit(2);
  }
}
