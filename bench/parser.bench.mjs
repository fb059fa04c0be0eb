// pnpm bench: @chatmlkit/parser against baselines, measured side by side in the same run.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compile, createStreamParser, parse, tryCompile } from "@chatmlkit/parser";
import { Template } from "@huggingface/jinja";
import { conversation } from "./corpus.mjs";
import { compare, measure } from "./report.mjs";
import { scaling, scalingHeading } from "./scaling.mjs";

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 20_000);
const messages = conversation(MESSAGES);
const transcript = compile(messages, { addGenerationPrompt: false });
const json = JSON.stringify(messages);
const bytes = Buffer.byteLength(transcript);
console.log(
  `corpus: ${messages.length} messages, transcript ${(bytes / 1e6).toFixed(2)} MB, ` +
    `JSON ${(Buffer.byteLength(json) / 1e6).toFixed(2)} MB (node ${process.version})\n`,
);

// Sanity: the benchmark measures real work on the same conversation.
if (parse(transcript).messages.length !== messages.length) throw new Error("corpus does not round-trip");

const template = new Template(
  "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}",
);
if (template.render({ messages }) !== transcript) throw new Error("jinja baseline renders different bytes");

const t = await measure({
  parse: () => parse(transcript),
  "JSON.parse": () => JSON.parse(json),
  compile: () => compile(messages, { addGenerationPrompt: false }),
  "JSON.stringify": () => JSON.stringify(messages),
  "jinja render": () => template.render({ messages }),
});
const row = (name) => ({ name, ms: t[name] });
compare("parse vs JSON.parse", bytes, row("parse"), row("JSON.parse"), 0.5);
compare("compile vs JSON.stringify", bytes, row("compile"), row("JSON.stringify"), 1.0);
compare("compile vs @huggingface/jinja ChatML template", bytes, row("compile"), row("jinja render"), 5);

// A model profile beside plain ChatML on the same body: the corpus with two tools declared and a
// tool call and its result after every tenth message (plain compile drops the tools, as asked).
const tools = ["get_weather", "get_time"].map((name) => ({
  type: "function",
  function: {
    name,
    description: `${name} of a city.`,
    parameters: { type: "object", properties: { city: { type: "string", description: "City." } } },
  },
}));
const withTools = { messages: [], tools };
messages.forEach((message, i) => {
  withTools.messages.push(message);
  if (i % 10 === 9 && message.role === "user") {
    const id = `call_${i}`;
    const args = { city: "Zürich", day: i };
    withTools.messages.push(
      {
        role: "assistant",
        content: "",
        tool_calls: [{ id, type: "function", function: { name: "get_weather", arguments: args } }],
      },
      { role: "tool", tool_call_id: id, content: '{"temperature": 21}' },
    );
  }
});
const profileBytes = Buffer.byteLength(compile(withTools, { profile: "qwen3", addGenerationPrompt: false }));
const p = await measure({
  "compile qwen3": () => compile(withTools, { profile: "qwen3", addGenerationPrompt: false }),
  "compile chatml": () => compile(withTools, { drop: ["tools"], addGenerationPrompt: false }),
});
compare(
  "compile profile qwen3 (tools) vs plain compile",
  profileBytes,
  { name: "compile qwen3", ms: p["compile qwen3"] },
  { name: "plain compile", ms: p["compile chatml"] },
  1 / 1.5,
);

// Reading a profile's output: Qwen3 turns with a <think> block each and a <tool_call> every tenth
// message, streamed in 4 KiB chunks with the profile, beside plain parse of the same text (which
// reads the blocks as content), and beside the plain stream of the same chunks.
let qwenText = "";
messages.forEach((message, i) => {
  if (message.role !== "assistant") {
    qwenText += `<|im_start|>${message.role}\n${message.content}<|im_end|>\n`;
    return;
  }
  let body = `<think>\nThe user asked for turn ${i}; answer from the report.\n</think>\n\n${message.content}`;
  if (i % 10 === 0)
    body += `\n<tool_call>\n{"name": "get_weather", "arguments": {"city": "Zürich", "day": ${i}}}\n</tool_call>`;
  qwenText += `<|im_start|>assistant\n${body}<|im_end|>\n`;
});
const CHUNK = 4096;
const streamed = (options) => () => {
  const stream = createStreamParser({ openRole: null, stopAtEnd: false, ...options });
  let calls = 0;
  for (let at = 0; at < qwenText.length; at += CHUNK) {
    for (const event of stream.write(qwenText.slice(at, at + CHUNK)))
      if (event.type === "tool-call-end") calls++;
  }
  stream.end();
  return calls;
};
const qwenCalls = parse(qwenText, { profile: "qwen3" }).messages.filter((m) => m.tool_calls).length;
if (qwenCalls === 0 || streamed({ profile: "qwen3" })() !== qwenCalls)
  throw new Error("qwen3 corpus does not read back");
const qwenBytes = Buffer.byteLength(qwenText);
const s = await measure(
  {
    "stream qwen3": streamed({ profile: "qwen3" }),
    "plain stream": streamed({}),
    "plain parse": () => parse(qwenText),
  },
  { time: 3000, rounds: 5 },
);
compare(
  "stream with profile qwen3 vs plain parse",
  qwenBytes,
  { name: "stream qwen3", ms: s["stream qwen3"] },
  { name: "plain parse", ms: s["plain parse"] },
  1 / 1.5,
);
compare(
  "stream with profile qwen3 vs plain stream",
  qwenBytes,
  { name: "stream qwen3", ms: s["stream qwen3"] },
  { name: "plain stream", ms: s["plain stream"] },
  1 / 1.5,
);

// Peak memory of one parse, in a fresh process so nothing else is on the heap.
const dir = mkdtempSync(join(tmpdir(), "chatmlkit-bench-"));
try {
  const file = join(dir, "transcript.chatml");
  writeFileSync(file, transcript);
  const probe = `
    const { readFileSync } = await import("node:fs");
    const { parse } = await import("@chatmlkit/parser");
    parse("<|im_start|>user\\nwarm up<|im_end|>");
    const text = readFileSync(${JSON.stringify(file)}, "utf8");
    globalThis.gc();
    const before = process.memoryUsage();
    const result = parse(text);
    const peakRss = process.resourceUsage().maxRSS * 1024;
    globalThis.gc();
    const after = process.memoryUsage();
    console.log(JSON.stringify({ messages: result.messages.length, rssBefore: before.rss, peakRss,
      retained: after.heapUsed - before.heapUsed }));`;
  const out = execFileSync(process.execPath, ["--expose-gc", "--input-type=module", "-e", probe], {
    encoding: "utf8",
  });
  const m = JSON.parse(out);
  const peak = m.peakRss - m.rssBefore;
  console.log(
    `\nparse peak memory: ${(peak / 1e6).toFixed(1)} MB above the loaded input = ${(peak / bytes).toFixed(1)}x ` +
      `the ${(bytes / 1e6).toFixed(1)} MB input (target < 10x: ${peak / bytes < 10 ? "meets" : "ABOVE"}); ` +
      `result retains ${(m.retained / 1e6).toFixed(1)} MB (${(m.retained / bytes).toFixed(1)}x)`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}

// Stream parser scaling. Before issue 9 item 11 every row was quadratic: at a tenth of these sizes
// (n = 10,000 / 10,000 / 20,000) they took 0.44 / 1.74 / 6.89 s, 0.59 / 2.32 / 11.16 s and
// 1.95 / 7.29 / 37.70 s.
scalingHeading("stream parser scaling (issue 9 item 11)");
const readAll = (text) => {
  const stream = createStreamParser({ stopAtEnd: false });
  stream.write(text);
  stream.end();
};
await scaling(
  "stream: tiny messages, one write",
  100_000,
  (n) => "<|im_start|>user\nx<|im_end|>\n".repeat(n),
  readAll,
  { unit: " msgs" },
);
await scaling("stream: repeated <|im_start|>, one write", 100_000, (n) => "<|im_start|>".repeat(n), readAll, {
  unit: " tokens",
});
await scaling(
  "stream: unterminated header, 16-char chunks",
  200_000,
  (n) => ["<|im_start|>", ...Array.from({ length: n }, () => "a".repeat(16))],
  (chunks) => {
    const stream = createStreamParser({ stopAtEnd: false });
    for (const chunk of chunks) stream.write(chunk);
    stream.end();
  },
  { unit: " chunks" },
);

// compile on a message of many content parts, a special token in each (every one an issue placed
// in its part). Before issue 9 item 1 each token's part was found by walking every part:
// 0.16 / 0.57 / 2.48 s at 10k / 20k / 40k parts.
scalingHeading("compile scaling (issue 9 item 1)");
await scaling(
  "compile: one message, a token in each text part",
  10_000,
  (n) => [{ role: "user", content: Array.from({ length: n }, () => ({ type: "text", text: "<|im_end|>" })) }],
  (messages) => {
    if (tryCompile(messages).ok) throw new Error("compile accepted special tokens");
  },
  { unit: " parts" },
);

// Profiles' adversarial shapes (issue 15): the tags a model's format gives meaning to, repeated,
// open and never closed, and split across chunks, read by parse and by the stream parser. The
// stream rows were quadratic before the call's arguments were scanned a chunk at a time: 16,000 /
// 32,000 / 64,000 chunks of a call took 0.14 / 2.39 / 10.8 s (the growing text flattened per chunk).
scalingHeading("profile reading scaling (issue 15)");
await scaling(
  "parse qwen3: <tool_call> opened, never closed",
  100_000,
  (n) => "<tool_call>".repeat(n),
  (text) => parse(text, { profile: "qwen3" }),
  { unit: " tags" },
);
await scaling(
  "parse qwen3: <think> then </think>-less text",
  200_000,
  (n) => `<think>${"<thin".repeat(n)}`,
  (text) => parse(text, { profile: "qwen3" }),
  { unit: " pieces" },
);
await scaling(
  "parse qwen2.5: tool results of nested closes",
  50_000,
  (n) =>
    `<|im_start|>user\n<tool_response>\n${"\n</tool_response>x".repeat(n)}\n</tool_response><|im_end|>\n`,
  (text) => parse(text, { profile: "qwen2.5" }),
  { unit: " closes" },
);
await scaling(
  "stream qwen3: a call's JSON 8 chars at a time",
  100_000,
  (n) => [
    '<tool_call>\n{"name": "f", "arguments": {"a": "',
    ...Array.from({ length: n }, () => '[{\\"x\\":'),
  ],
  (chunks) => {
    const stream = createStreamParser({ profile: "qwen3" });
    for (const chunk of chunks) stream.write(chunk);
    stream.end();
  },
  { unit: " chunks" },
);
await scaling(
  "stream qwen3: a call's name 8 chars at a time",
  100_000,
  (n) => ['<tool_call>\n{"name": "', ...Array.from({ length: n }, () => "abcdefgh")],
  (chunks) => {
    const stream = createStreamParser({ profile: "qwen3" });
    for (const chunk of chunks) stream.write(chunk);
    stream.end();
  },
  { unit: " chunks" },
);
