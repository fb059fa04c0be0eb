#!/usr/bin/env node
// `pnpm run generate [group...]`: rewrites the golden files of the named groups (every group when
// none is named) by running their tests with UPDATE_FIXTURES=1. The groups and their test files are
// declared in scripts/golden-groups.json. Hand-written expectations (fixtures' expects.json) are
// never written: a case whose output breaks them fails here too, so a regression is not re-blessed.
// Review the diff afterwards: only outputs that were wrong should change.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const groups = JSON.parse(readFileSync(join(root, "scripts", "golden-groups.json"), "utf8"));
const names = Object.keys(groups);

const asked = process.argv.slice(2).filter((arg) => arg !== "--");
const unknown = asked.filter((name) => !Object.hasOwn(groups, name));
if (unknown.length > 0) {
  const list = names.map((name) => `  ${name.padEnd(10)} ${groups[name].about}`).join("\n");
  process.stderr.write(
    `generate: unknown group ${unknown.map((n) => `"${n}"`).join(", ")}; the groups are:\n${list}\n` +
      "usage: pnpm run generate [group...] (no group: all of them)\n",
  );
  process.exit(2);
}

const vitest = join(root, "node_modules", ".bin", process.platform === "win32" ? "vitest.cmd" : "vitest");
const failed = [];
for (const name of asked.length > 0 ? [...new Set(asked)] : names) {
  const { tests, testNamePattern } = groups[name];
  const args = ["run", ...tests, ...(testNamePattern ? ["--testNamePattern", testNamePattern] : [])];
  process.stdout.write(`generate ${name}: UPDATE_FIXTURES=1 vitest ${args.join(" ")}\n`);
  const run = spawnSync(vitest, args, {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, UPDATE_FIXTURES: "1" },
  });
  if (run.error) {
    process.stderr.write(`generate ${name}: cannot run ${vitest}: ${run.error.message}\n`);
    failed.push(name);
  } else if (run.status !== 0) failed.push(name);
}
if (failed.length > 0) {
  process.stderr.write(
    `generate: tests failed in ${failed.join(", ")}; their failures name the fixtures (a hand-written expects.json that no longer holds is not rewritten)\n`,
  );
  process.exit(1);
}
