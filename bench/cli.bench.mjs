// pnpm bench: the `chatml` command's start-up and dataset throughput, each beside its baseline.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { conversation, rng } from "./corpus.mjs";

const root = resolve(import.meta.dirname, "..");
const bin = join(root, "packages/cli/bin/chatml.mjs");
const dir = mkdtempSync(join(tmpdir(), "chatml-bench-"));
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const DATASET_MB = Number(process.env.BENCH_DATASET_MB ?? 100);

/** Median wall time (ms) of running each command RUNS times, interleaved so load affects both alike. */
function wall(commands) {
  const times = commands.map(() => []);
  for (let r = 0; r < RUNS; r++) {
    commands.forEach((args, i) => {
      const start = process.hrtime.bigint();
      const run = spawnSync(process.execPath, args, { cwd: dir, stdio: ["ignore", "ignore", "pipe"] });
      if (run.status !== 0) throw new Error(`${args.join(" ")} failed: ${run.stderr}`);
      times[i].push(Number(process.hrtime.bigint() - start) / 1e6);
    });
  }
  return times.map((t) => t.sort((a, b) => a - b)[Math.floor(t.length / 2)]);
}

function startup(label, ours, baseline, baselineLabel, target) {
  const [a, b] = wall([ours, baseline]);
  const ratio = a / b;
  console.log(
    `${label.padEnd(34)} ${a.toFixed(0).padStart(5)} ms vs ${baselineLabel} ${b.toFixed(0).padStart(5)} ms  ` +
      `ratio ${ratio.toFixed(2)} (target <= ${target}: ${ratio <= target ? "meets" : "ABOVE"})`,
  );
}

try {
  console.log(`\n# chatml CLI (median of ${RUNS} runs each, interleaved)`);
  writeFileSync(
    join(dir, "small.json"),
    JSON.stringify([
      { role: "system", content: "Be brief." },
      { role: "user", content: "Hi" },
    ]),
  );
  startup("chatml compile small.json", [bin, "compile", "small.json"], ["-e", "0"], "node -e 0", 2.5);
  writeFileSync(
    join(dir, "count-one.mjs"),
    `import { countTokens } from "gpt-tokenizer/encoding/o200k_base";\ncountTokens("Hi");\n`,
  );
  // The baseline script must resolve gpt-tokenizer: run it from the validator package.
  const baseline = join(root, "packages/validator/.bench-count-one.mjs");
  writeFileSync(
    baseline,
    `import { countTokens } from "gpt-tokenizer/encoding/o200k_base";\nconsole.log(countTokens("Hi"));\n`,
  );
  try {
    startup(
      "chatml count small.json (gpt-4o)",
      [bin, "count", "small.json", "--model", "gpt-4o"],
      [baseline],
      "import o200k + count",
      1.3,
    );
  } finally {
    rmSync(baseline, { force: true });
  }

  // A JSONL dataset of DATASET_MB megabytes, examples drawn from the benchmark corpus.
  const file = join(dir, "train.jsonl");
  const messages = conversation(4000);
  const next = rng(7);
  const lines = [];
  let bytes = 0;
  while (bytes < DATASET_MB * 1e6) {
    const k = 1 + Math.floor(next() * (messages.length - 3));
    const user = messages[k].role === "user" ? messages[k] : messages[k + 1];
    const line = JSON.stringify({
      messages: [
        { role: "system", content: "You are a careful assistant." },
        user,
        { role: "assistant", content: messages[k + 2].content },
      ],
    });
    lines.push(line);
    bytes += Buffer.byteLength(line) + 1;
    if (lines.length === 10_000) {
      writeFileSync(file, `${lines.join("\n")}\n`, { flag: "a" });
      lines.length = 0;
    }
  }
  if (lines.length > 0) writeFileSync(file, `${lines.join("\n")}\n`, { flag: "a" });
  const size = statSync(file).size;
  const time = existsSync("/usr/bin/time") ? "/usr/bin/time" : undefined;
  console.log(`\n# chatml lint of a ${(size / 1e6).toFixed(0)} MB JSONL dataset with counting (gpt-4o-mini)`);
  for (const jobs of [1, 2]) {
    const args = [bin, "lint", file, "--model", "gpt-4o-mini", "--jobs", String(jobs), "-f", "json"];
    const start = process.hrtime.bigint();
    const run = time
      ? spawnSync(time, ["-f", "%M", process.execPath, ...args], {
          cwd: dir,
          encoding: "utf8",
          maxBuffer: 1 << 30,
        })
      : spawnSync(process.execPath, args, { cwd: dir, encoding: "utf8", maxBuffer: 1 << 30 });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const peak = time ? Number(run.stderr.trim().split("\n").pop()) / 1000 : undefined;
    console.log(
      `--jobs ${jobs}: ${(size / 1e6 / seconds).toFixed(1)} MB/s (${seconds.toFixed(1)} s)` +
        (peak === undefined
          ? ""
          : `, peak RSS ${peak.toFixed(0)} MB (target < 300: ${peak < 300 ? "meets" : "ABOVE"})`),
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
