// The mutation score of what `pnpm mutate` has run so far (reports/mutation/mutation.json, which
// every part adds to), per package and per file, and the list of surviving mutants.
//
//   node scripts/mutation-summary.mjs            the table
//   node scripts/mutation-summary.mjs --write    docs/mutation.md: the table and every survivor
//
// The score is Stryker's: killed and timed out over all but the ignored (static mutants, and
// those a `// Stryker disable` comment explains, listed with their reasons).

import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";

const REPORT = "reports/mutation/mutation.json";
const OUT = "docs/mutation.md";

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

function survivors(files) {
  const lines = [];
  for (const [path, file] of files) {
    const left = file.mutants.filter((m) => m.status === "Survived" || m.status === "NoCoverage");
    if (left.length === 0) continue;
    lines.push("", `### ${path} (${left.length})`, "");
    for (const m of left.sort((a, b) => a.location.start.line - b.location.start.line)) {
      const where = `${m.location.start.line}:${m.location.start.column}`;
      const status = m.status === "NoCoverage" ? " (no test reaches it)" : "";
      lines.push(
        `- ${where} ${m.mutatorName}: ${code(original(file.source, m.location))} → ${code(m.replacement ?? "")}${status}`,
      );
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

const report = JSON.parse(readFileSync(REPORT, "utf8"));
const files = Object.entries(report.files).sort(([a], [b]) => a.localeCompare(b));
if (!process.argv.includes("--write")) {
  console.log(
    [...table(files), "", "per file:", ...HEAD, ...files.map(([p, f]) => row(p, tally(f.mutants)))].join(
      "\n",
    ),
  );
  process.exit(0);
}
const commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim();
const doc = [
  "# Mutation testing: the last run",
  "",
  `Written by \`node scripts/mutation-summary.mjs --write\` from the report of \`pnpm mutate\` (StrykerJS,`,
  `the vitest runner, the parser's and the validator's tests), at ${commit}, ${new Date().toISOString().slice(0, 10)}.`,
  "The files listed are the ones run so far; the README's Guarantees section says what is left.",
  "",
  ...table(files),
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
  "## Survivors, and mutants no test reaches",
  ...survivors(files),
  "",
].join("\n");
writeFileSync(OUT, doc);
// Formatted as the repository's Markdown is (Biome aligns the tables).
execFileSync("node_modules/.bin/biome", ["format", "--write", OUT], { stdio: "ignore" });
console.log(`mutation-summary: wrote ${OUT}`);
