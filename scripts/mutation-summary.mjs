// The mutation score of what `pnpm mutate` has run so far (Stryker's incremental file, which every
// part adds to, or the copy of it committed: scripts/mutation-report.mjs), per package and per
// file, and the list of surviving mutants.
//
//   node scripts/mutation-summary.mjs            the table
//   node scripts/mutation-summary.mjs --write    docs/mutation.md: the table and every survivor
//
// The score is Stryker's: killed and timed out over all but the ignored (static mutants, and
// those a `// Stryker disable` comment explains, listed with their reasons).
//
// A survivor no test can kill (an equivalent mutant: a speed trick turned off, a check another
// check already makes) is explained in scripts/mutation-explained.json, by hand: its file, the
// source line it is on (trimmed, so the entry follows the line when lines move), the mutators
// ("Mutator" for all of them on that line, "Mutator:replacement" for one), optionally the mutated
// code ("original", when the line holds code of both kinds) and why. It still counts
// as a survivor in the score; docs/mutation.md lists it with its reason, apart from the rest.

import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { INCREMENTAL, KEPT, readReport } from "./mutation-report.mjs";

const OUT = "docs/mutation.md";
const EXPLAINED = "scripts/mutation-explained.json";

/**
 * The entry of `explanations` that explains mutant `m` of `path`, whose source line is `line` and
 * whose mutated code is `code` (an entry with `original` explains only the mutants of that code on
 * its line: one of two string literals, say).
 */
export function explanationOf(explanations, path, line, m, code) {
  return explanations.find(
    (e) =>
      e.file === path &&
      e.line === line.trim() &&
      (e.original === undefined || e.original === code) &&
      e.mutants.some((spec) => {
        const at = spec.indexOf(":");
        return at === -1
          ? spec === m.mutatorName
          : spec.slice(0, at) === m.mutatorName && spec.slice(at + 1) === (m.replacement ?? "");
      }),
  );
}

/** Counts of one set of mutants; `score` in percent, undefined with nothing to score. */
export function tally(mutants) {
  const count = (status) => mutants.filter((m) => m.status === status).length;
  const t = {
    mutants: mutants.length,
    killed: count("Killed"),
    timeout: count("Timeout"),
    survived: count("Survived"),
    noCoverage: count("NoCoverage"),
    ignored: count("Ignored"),
    errors: count("CompileError") + count("RuntimeError"),
  };
  const scored = t.killed + t.timeout + t.survived + t.noCoverage;
  return { ...t, score: scored === 0 ? undefined : (100 * (t.killed + t.timeout)) / scored };
}

const pct = (score) => (score === undefined ? "-" : `${score.toFixed(1)}%`);
const row = (name, t) =>
  `| ${name} | ${t.mutants} | ${t.killed} | ${t.timeout} | ${t.survived} | ${t.noCoverage} | ${t.ignored} | ${pct(t.score)} |`;
const HEAD = [
  "| | mutants | killed | timed out | survived | no coverage | ignored | score |",
  "|---|--:|--:|--:|--:|--:|--:|--:|",
];

function table(files) {
  const lines = [...HEAD];
  const packages = new Map();
  for (const [path, file] of files) {
    const name = path.split("/").slice(0, 2).join("/");
    packages.set(name, [...(packages.get(name) ?? []), ...file.mutants]);
  }
  for (const [name, mutants] of packages) lines.push(row(`**${name}**`, tally(mutants)));
  lines.push(row("**all**", tally(files.flatMap(([, file]) => file.mutants))));
  return lines;
}

/** The mutated code: the original text of the mutant's range, on one line. */
function original(source, { start, end }) {
  const lines = source.split("\n");
  const text =
    start.line === end.line
      ? lines[start.line - 1].slice(start.column - 1, end.column - 1)
      : `${lines[start.line - 1].slice(start.column - 1)} …`;
  return text.replace(/\s+/g, " ").trim();
}
const clip = (text, n = 70) => (text.length > n ? `${text.slice(0, n - 1)}…` : text);
const code = (text) => `\`${clip(text).replace(/`/g, "'")}\``;

function survivors(files, explanations, used) {
  const lines = { explained: [], left: [] };
  for (const [path, file] of files) {
    const source = file.source.split("\n");
    const left = file.mutants
      .filter((m) => m.status === "Survived" || m.status === "NoCoverage")
      .sort((a, b) => a.location.start.line - b.location.start.line);
    const groups = { explained: [], left: [] };
    for (const m of left) {
      const where = `${m.location.start.line}:${m.location.start.column}`;
      const status = m.status === "NoCoverage" ? " (no test reaches it)" : "";
      const line = source[m.location.start.line - 1] ?? "";
      const entry = explanationOf(explanations, path, line, m, original(file.source, m.location));
      const text = `- ${where} ${m.mutatorName}: ${code(original(file.source, m.location))} → ${code(m.replacement ?? "")}${status}`;
      if (entry === undefined) groups.left.push(text);
      else {
        used.add(entry);
        groups.explained.push(`${text}: ${entry.why}`);
      }
    }
    for (const kind of ["explained", "left"]) {
      if (groups[kind].length > 0)
        lines[kind].push("", `### ${path} (${groups[kind].length})`, "", ...groups[kind]);
    }
  }
  return lines;
}

function explained(files) {
  const lines = [];
  for (const [path, file] of files) {
    for (const m of file.mutants) {
      if (m.status !== "Ignored" || m.static || m.statusReason === undefined) continue;
      lines.push(`- ${path}:${m.location.start.line} ${m.mutatorName}: ${m.statusReason}`);
    }
  }
  return lines;
}

const report = readReport();
if (report === undefined) {
  console.error(
    `mutation-summary: no results: neither ${INCREMENTAL} nor ${KEPT}; run \`pnpm mutate\` first`,
  );
  process.exit(2);
}
const files = Object.entries(report.files).sort(([a], [b]) => a.localeCompare(b));
const explanations = JSON.parse(readFileSync(EXPLAINED, "utf8"));
const used = new Set();
const listed = survivors(files, explanations, used);
const count = (list) => list.filter((line) => line.startsWith("- ")).length;
const run = new Set(files.map(([path]) => path));
// An entry for a file that has run and that explains no survivor is stale: its mutant is killed now,
// or its line changed. Listed so that it is removed or corrected.
const stale = explanations.filter((e) => run.has(e.file) && !used.has(e));
const counts = `survivors: ${count(listed.explained)} explained in ${EXPLAINED}, ${count(listed.left)} not`;
if (!process.argv.includes("--write")) {
  console.log(
    [...table(files), "", "per file:", ...HEAD, ...files.map(([p, f]) => row(p, tally(f.mutants)))].join(
      "\n",
    ),
  );
  console.log(`\n${counts}`);
  for (const e of stale) console.log(`stale explanation: ${e.file}: ${e.line}`);
  process.exit(0);
}
const commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim();
const doc = [
  "# Mutation testing: the last run",
  "",
  `Written by \`node scripts/mutation-summary.mjs --write\` from the results of \`pnpm mutate\` (StrykerJS,`,
  `the vitest runner, the parser's and the validator's tests) kept in \`${KEPT}\`, at ${commit}, ${new Date().toISOString().slice(0, 10)}.`,
  "The files listed are the ones run so far; the README's Guarantees section says what is left.",
  "",
  ...table(files),
  "",
  `Of the survivors (and mutants no test reaches), ${count(listed.explained)} are explained as equivalent in`,
  `\`${EXPLAINED}\`, and ${count(listed.left)} are not (yet): tests to write, or mutants to explain.`,
  "",
  "## Per file",
  "",
  ...HEAD,
  ...files.map(([path, file]) => row(path, tally(file.mutants))),
  "",
  "## Explained (ignored with a reason in the code)",
  "",
  ...explained(files),
  "",
  `## Survivors explained (equivalent mutants, ${EXPLAINED})`,
  ...listed.explained,
  "",
  "## Survivors not explained, and mutants no test reaches",
  ...listed.left,
  "",
].join("\n");
writeFileSync(OUT, doc);
// Formatted as the repository's Markdown is (Biome aligns the tables).
execFileSync("node_modules/.bin/biome", ["format", "--write", OUT], { stdio: "ignore" });
console.log(`mutation-summary: wrote ${OUT}; ${counts}`);
for (const e of stale) console.log(`stale explanation: ${e.file}: ${e.line}`);
