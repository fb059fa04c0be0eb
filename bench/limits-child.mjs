// One measured run for bench/limits.mjs, in a process of its own so its peak memory is its own:
//   node limits-child.mjs lib <parse|validate> <file> [profile]
//   node limits-child.mjs cli <chatml args...>
// Prints, as its last line on stderr, {"ms": wall time, "maxRssKiB": peak resident memory}.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";

const [mode, ...rest] = process.argv.slice(2);
const start = performance.now();
process.on("exit", () => {
  const { maxRSS } = process.resourceUsage();
  process.stderr.write(`\n${JSON.stringify({ ms: performance.now() - start, maxRssKiB: maxRSS })}\n`);
});

if (mode === "lib") {
  const [op, file] = rest;
  const text = readFileSync(file, "utf8");
  if (op === "parse") {
    const { parse } = await import("@chatmlkit/parser");
    const doc = parse(text);
    console.log(`${doc.messages.length} messages, ${doc.diagnostics.length} diagnostics`);
  } else if (op === "validate") {
    const { validate } = await import("@chatmlkit/validator");
    const input = file.endsWith(".json") ? JSON.parse(text) : text;
    const result = await validate(input);
    console.log(`${result.diagnostics.length} diagnostics`);
  } else throw new Error(`unknown op ${op}`);
} else if (mode === "cli") {
  process.argv = [process.argv[0], "chatml", ...rest];
  await import(resolve(import.meta.dirname, "../packages/cli/dist/chatml.mjs"));
} else throw new Error(`unknown mode ${mode}`);
