// pnpm run limits (issue 15): the sizes chatmlkit promises to handle, each run in a process of its
// own with its wall time and peak memory (resident set, as a multiple of the input): a 100 MB
// transcript, 1,000,000 messages, one 20 MB message, and a 1 GB JSONL dataset, streamed. Each
// must complete (no stack overflow, no out-of-memory). Not part of `pnpm test` or `pnpm bench`:
// it writes about 1.3 GB to a temporary folder and takes minutes. LIMITS_SCALE=0.01 runs it small.
import { spawnSync } from "node:child_process";
import { createWriteStream, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compile } from "@chatmlkit/parser";
import { conversation } from "./corpus.mjs";

const SCALE = Number(process.env.LIMITS_SCALE ?? 1);
const MB = 1e6;
const dir = mkdtempSync(join(tmpdir(), "chatml-limits-"));
const child = join(import.meta.dirname, "limits-child.mjs");

/** A transcript of about `bytes`, the bench corpus's conversation repeated. */
function transcriptOf(bytes) {
  const unit = compile(conversation(2_000), { addGenerationPrompt: false });
  return unit.repeat(Math.max(1, Math.round(bytes / unit.length)));
}

/** Writes a JSONL dataset of about `bytes` a line at a time (never whole in memory). */
async function writeDataset(file, bytes) {
  const messages = conversation(4_000);
  const out = createWriteStream(file);
  let written = 0;
  for (let i = 0; written < bytes; i++) {
    const at = (i * 2) % (messages.length - 2);
    const line = `${JSON.stringify({
      messages: [
        { role: "system", content: "You are a careful assistant." },
        { role: "user", content: messages[at + 1].content },
        { role: "assistant", content: messages[at + 2].content },
      ],
    })}\n`;
    written += Buffer.byteLength(line);
    if (!out.write(line)) await new Promise((r) => out.once("drain", r));
  }
  await new Promise((r) => out.end(r));
}

const rows = [];
function measure(label, file, args) {
  const size = statSync(file).size;
  const r = spawnSync(process.execPath, [child, ...args], { cwd: dir, encoding: "utf8", maxBuffer: 1 << 28 });
  const last = r.stderr.trim().split("\n").pop() ?? "";
  let figures;
  try {
    figures = JSON.parse(last);
  } catch {
    figures = undefined;
  }
  const ok = figures !== undefined && (r.status === 0 || (args[0] === "cli" && r.status === 1));
  const row = {
    label,
    input: `${(size / MB).toFixed(0)} MB`,
    seconds: figures ? (figures.ms / 1000).toFixed(1) : "-",
    peak: figures ? `${(figures.maxRssKiB / 1024).toFixed(0)} MB` : "-",
    multiple: figures && size > 0 ? ((figures.maxRssKiB * 1024) / size).toFixed(2) : "-",
    result: ok
      ? "completed"
      : `FAILED (exit ${r.status}${r.signal ? `, ${r.signal}` : ""}): ${r.stderr.slice(-300)}`,
  };
  rows.push(row);
  console.log(
    `${label.padEnd(46)} ${row.input.padStart(8)} ${row.seconds.padStart(7)} s ${row.peak.padStart(8)} peak  x${row.multiple}  ${row.result}`,
  );
}

try {
  console.log(`# limits (scale ${SCALE}): wall time and peak resident memory, each in its own process`);
  const empty = join(dir, "empty.chatml");
  writeFileSync(empty, "");
  measure("baseline: load the packages, read nothing", empty, ["lib", "parse", empty]);
  const transcript = join(dir, "transcript.chatml");
  writeFileSync(transcript, transcriptOf(100 * MB * SCALE));
  measure("parse: 100 MB transcript", transcript, ["lib", "parse", transcript]);
  measure("validate: 100 MB transcript", transcript, ["lib", "validate", transcript]);
  measure("chatml lint: 100 MB transcript", transcript, [
    "cli",
    "lint",
    transcript,
    "--max-file-size",
    "200MB",
  ]);

  const n = Math.round(1_000_000 * SCALE);
  const many = Array.from({ length: n }, (_, i) => ({
    role: i % 2 ? "assistant" : "user",
    content: `m${i}`,
  }));
  const manyJson = join(dir, "million.json");
  writeFileSync(manyJson, JSON.stringify(many));
  const manyText = join(dir, "million.chatml");
  writeFileSync(manyText, compile(many, { addGenerationPrompt: false }));
  measure(`parse: ${n.toLocaleString("en")} messages`, manyText, ["lib", "parse", manyText]);
  measure(`validate: ${n.toLocaleString("en")} messages (JSON)`, manyJson, ["lib", "validate", manyJson]);
  measure(`chatml lint: ${n.toLocaleString("en")} messages (JSON)`, manyJson, [
    "cli",
    "lint",
    manyJson,
    "--max-file-size",
    "200MB",
  ]);

  const big = "The committee debates the budget for next year. ".repeat(Math.round((20 * MB * SCALE) / 48));
  const oneJson = join(dir, "one.json");
  writeFileSync(oneJson, JSON.stringify([{ role: "user", content: big }]));
  const oneText = join(dir, "one.chatml");
  writeFileSync(oneText, compile([{ role: "user", content: big }]));
  measure("parse: one 20 MB message", oneText, ["lib", "parse", oneText]);
  measure("validate: one 20 MB message (JSON)", oneJson, ["lib", "validate", oneJson]);
  measure("chatml lint: one 20 MB message (JSON)", oneJson, ["cli", "lint", oneJson]);

  const dataset = join(dir, "train.jsonl");
  await writeDataset(dataset, 1000 * MB * SCALE);
  measure("chatml lint: 1 GB JSONL dataset (streamed)", dataset, ["cli", "lint", dataset]);
  measure("chatml lint --jobs 1: 1 GB JSONL dataset", dataset, ["cli", "lint", dataset, "--jobs", "1"]);

  console.log("\n| run | input | time | peak memory | x input |\n| --- | ---: | ---: | ---: | ---: |");
  for (const r of rows)
    console.log(`| ${r.label} | ${r.input} | ${r.seconds} s | ${r.peak} | ${r.multiple} |`);
  if (rows.some((r) => r.result !== "completed")) process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
