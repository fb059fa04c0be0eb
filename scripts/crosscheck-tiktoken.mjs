#!/usr/bin/env node
// Differential check of chatmlkit's token ids against the `tiktoken` package (OpenAI's Rust
// core compiled to WASM), both encodings, over generated text (scripts/crosscheck-text.mjs).
// Needs the build (it runs the published code): `pnpm run build` first.
//
//   node scripts/crosscheck-tiktoken.mjs --count 1000000 --seed 1 [--encoding o200k_base]
//
// Prints, per encoding, strings checked, divergent ids, count/ids mismatches, time, and the
// first divergent strings; exits 1 if any diverged.
import { parseArgs } from "node:util";
import { loadTokenizer } from "@chatmlkit/validator";
import { get_encoding } from "tiktoken";
import { codePoints, crosscheck } from "./crosscheck-text.mjs";

const { values } = parseArgs({
  options: {
    count: { type: "string", default: "100000" },
    seed: { type: "string", default: "1" },
    encoding: { type: "string", multiple: true },
  },
});
const count = Number(values.count);
const seed = Number(values.seed);
if (!Number.isSafeInteger(count) || count < 1 || !Number.isSafeInteger(seed)) {
  process.stderr.write("usage: crosscheck-tiktoken.mjs [--count N] [--seed N] [--encoding NAME]...\n");
  process.exit(2);
}
const encodings = values.encoding ?? ["cl100k_base", "o200k_base"];

let failed = false;
for (const encoding of encodings) {
  const ours = await loadTokenizer(encoding);
  const wasm = get_encoding(encoding);
  const started = performance.now();
  const result = crosscheck(ours, (text) => wasm.encode_ordinary(text), { count, seed });
  const seconds = (performance.now() - started) / 1000;
  wasm.free();
  process.stdout.write(
    `${encoding}: ${result.checked} strings (seed ${seed}), ${result.diverged} with other ids than tiktoken, ` +
      `${result.countMismatches} with countText != ids, ${seconds.toFixed(1)} s\n`,
  );
  for (const d of result.divergent) {
    process.stdout.write(
      `  ${JSON.stringify(d.text)}\n    ${codePoints(d.text)}\n    ours     ${d.ours.join(" ")}\n    tiktoken ${d.tiktoken.join(" ")}\n`,
    );
  }
  if (result.diverged > 0 || result.countMismatches > 0) failed = true;
}
process.exit(failed ? 1 : 0);
