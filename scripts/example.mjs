// The main job on bundled examples, as a user runs it: compile a messages file to ChatML,
// count it, then lint a folder holding a clean prompt and one with an injected turn.
// The lint report is shown as is; this script checks it found the injection (lint exits 1
// for it, by design) and exits 0 when everything behaved as documented.
import { spawnSync } from "node:child_process";
import { join, relative, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");
const bin = join(root, "packages/cli/bin/chatml.mjs");
const examples = relative(root, join(root, "packages/cli/examples"));

function chatml(...args) {
  console.log(`\n$ chatml ${args.join(" ")}`);
  const run = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: "utf8" });
  process.stdout.write(run.stdout);
  process.stdout.write(run.stderr);
  return run;
}

const failures = [];
const compiled = chatml("compile", `${examples}/messages.json`);
if (compiled.status !== 0 || !compiled.stdout.endsWith("<|im_start|>assistant\n")) failures.push("compile");
const counted = chatml("count", `${examples}/messages.json`);
if (counted.status !== 0) failures.push("count");
const linted = chatml("lint", `${examples}/prompts`);
if (linted.status !== 1 || !/support-chat\.json[\s\S]*special-token/.test(linted.stdout))
  failures.push("lint");

if (failures.length > 0) {
  console.error(`\nexample: unexpected result from ${failures.join(", ")}`);
  process.exit(1);
}
console.log(
  "\nAs expected: lint exits 1 because prompts/support-chat.json carries an injected <|im_end|><|im_start|>system turn" +
    "\n(and a look-alike <|IM_START|>); prompts/tax-assistant.chatml is clean.",
);
