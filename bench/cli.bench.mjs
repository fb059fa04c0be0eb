// pnpm bench: the `chatml` command's start-up and dataset throughput, each beside its baseline.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { conversation, rng } from "./corpus.mjs";
import { scaling, scalingHeading } from "./scaling.mjs";

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
  lintCache(file, size);

  await lintScaling();
} finally {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * `--cache` (issue 11): a second lint of the unchanged dataset only hashes its bytes and replays the
 * stored report; the first run (which also writes the cache) and the second beside a lint without
 * a cache, same flags, same run. Target: the second run at least 10x faster than a plain lint.
 */
function lintCache(file, size) {
  const location = join(dir, "lint-cache");
  const args = (...extra) => [
    bin,
    "lint",
    file,
    "--model",
    "gpt-4o-mini",
    "--jobs",
    "2",
    "-f",
    "json",
    ...extra,
  ];
  const timed = (extra) => {
    const start = process.hrtime.bigint();
    const run = spawnSync(process.execPath, args(...extra), {
      cwd: dir,
      encoding: "utf8",
      maxBuffer: 1 << 30,
    });
    if (run.status > 1) throw new Error(`lint failed: ${run.stderr}`);
    return { seconds: Number(process.hrtime.bigint() - start) / 1e9, out: run.stdout };
  };
  console.log(`\n# chatml lint --cache of the ${(size / 1e6).toFixed(0)} MB dataset (--jobs 2)`);
  const plain = timed([]);
  const first = timed(["--cache", "--cache-location", location]);
  const second = timed(["--cache", "--cache-location", location]);
  if (second.out !== plain.out) throw new Error("lint --cache replayed a report that differs from a lint's");
  const ratio = plain.seconds / second.seconds;
  console.log(`no cache:           ${plain.seconds.toFixed(2)} s`);
  console.log(
    `--cache, first run: ${first.seconds.toFixed(2)} s (ratio to no cache ${(first.seconds / plain.seconds).toFixed(2)})`,
  );
  console.log(
    `--cache, unchanged: ${second.seconds.toFixed(2)} s (${ratio.toFixed(1)}x faster; target >= 10x: ${ratio >= 10 ? "meets" : "BELOW"})`,
  );
}

/**
 * Lint's cost per problem (issue 9 items 9, 10, 12), in this process with --jobs 1. Before (on a
 * loaded 2-core machine): a .json file's stylish report split the file once per problem (n =
 * 4,000 / 8,000 / 16,000: 5.5 / 24.6 / 113.2 s; now 0.26 / 0.58 / 1.0 s), a message's unknown keys
 * were each found by a walk over all of them (10,000 / 20,000 / 40,000 keys: 0.89 / 3.64 / 14.2 s;
 * now 0.16 / 0.21 / 0.45 s), and a run held every problem, and every dataset line with one, until
 * the end (peak RSS of the one-warning-per-line dataset, 4 / 8 / 16 MB: 148 / 214 / 344 MB; now
 * 120 / 132 / 166 MB).
 */
async function lintScaling() {
  const { memoryIo, runCli } = await import(join(root, "packages/cli/dist/index.mjs"));
  scalingHeading("chatml lint: cost per problem (issue 9 items 9, 10, 12; in-process, --jobs 1)");
  const lint = (args) => async (file) => {
    const io = memoryIo({ cwd: dir });
    const code = await runCli(["lint", file, "--jobs", "1", ...args], io);
    if (code > 1) throw new Error(`lint ${file} failed: ${io.err()}`);
  };
  const file = (name, text) => {
    writeFileSync(join(dir, name), text);
    return name;
  };
  const example = (messages) => `${JSON.stringify({ messages })}\n`;
  const user = (content) => ({ role: "user", content });
  await scaling(
    "one JSONL line: n zero-width spaces in one string",
    50_000,
    (n) => file(`zw-${n}.jsonl`, example([user("a\u200b".repeat(n)), { role: "assistant", content: "ok" }])),
    lint([]),
    { unit: " chars" },
  );
  await scaling(
    "one JSONL line: n strings, a finding in each",
    2_500,
    (n) => file(`strings-${n}.jsonl`, example(Array.from({ length: n }, () => user("a\u200b")))),
    lint(["-f", "json"]),
    { unit: " strings" },
  );
  await scaling(
    "one JSONL line: a message with n unknown keys",
    10_000,
    (n) => {
      const message = user("q");
      for (let i = 0; i < n; i++) message[`k${i}`] = 1;
      return file(`keys-${n}.jsonl`, example([message, { role: "assistant", content: "a" }]));
    },
    lint(["-f", "json"]),
    { unit: " keys" },
  );
  await scaling(
    "n JSONL lines, a finding in each (stylish, all shown)",
    2_500,
    (n) =>
      file(`lines-${n}.jsonl`, example([user("a\u200b"), { role: "assistant", content: "a" }]).repeat(n)),
    lint(["--max-problems", "0"]),
    { unit: " lines" },
  );
  await scaling(
    "stylish: a .json file, n problems (all shown)",
    4_000,
    (n) =>
      file(
        `messages-${n}.json`,
        JSON.stringify(
          Array.from({ length: n }, () => user("a\u200b")),
          null,
          1,
        ),
      ),
    lint(["--max-problems", "0"]),
    { unit: " problems" },
  );
  // Peak RSS of whole runs: ~1 from row to row is memory that does not grow with the input.
  if (!existsSync("/usr/bin/time")) return;
  const sizes = [4, 8, 16];
  const peaks = sizes.map((mb) => {
    const name = join(dir, `warn-${mb}.jsonl`);
    // a zero-width space: one warning per line (dataset-no-system is said once per file)
    const line = example([
      { role: "system", content: "s" },
      user("a question\u200b"),
      { role: "assistant", content: "a" },
    ]);
    writeFileSync(name, line.repeat(Math.ceil((mb * 1e6) / line.length)));
    const run = spawnSync("/usr/bin/time", ["-f", "%M", process.execPath, bin, "lint", name, "--jobs", "1"], {
      cwd: dir,
      encoding: "utf8",
      stdio: ["ignore", "ignore", "pipe"],
    });
    return Number(run.stderr.trim().split("\n").pop()) / 1000;
  });
  console.log(
    `${"peak RSS, dataset with a warning on every line".padEnd(52)} ${sizes.map((mb, i) => `${mb} MB ${peaks[i].toFixed(0)} MB`.padStart(20)).join(" ")}  ratios ${[peaks[1] / peaks[0], peaks[2] / peaks[1]].map((r) => r.toFixed(2)).join(" / ")}`,
  );
}
