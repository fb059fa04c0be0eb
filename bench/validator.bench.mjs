// pnpm bench: @chatmlkit/validator against baselines, measured side by side in the same run.
import { compile } from "@chatmlkit/parser";
import { countChatTokens, countTranscriptTokens, loadTokenizer, validate } from "@chatmlkit/validator";
import { countTokens } from "gpt-tokenizer/encoding/cl100k_base";
import { get_encoding } from "tiktoken";
import { nextInteresting, scanText } from "../packages/validator/dist/scan-text.js";
import { readsDifferently } from "../packages/validator/dist/tiktoken-view.js";
import { conversation, rng } from "./corpus.mjs";
import { compare, measure } from "./report.mjs";
import { scaling, scalingHeading } from "./scaling.mjs";

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 20_000);
// As validate usually gets them: parsed from JSON (their strings then sit as JSON.parse lays them out).
const messages = JSON.parse(JSON.stringify(conversation(MESSAGES)));
const json = JSON.stringify(messages);
const jsonBytes = Buffer.byteLength(json);
const transcript = compile(messages, { addGenerationPrompt: false });
const bytes = Buffer.byteLength(transcript);
const concatenated = messages.map((m) => m.role + m.content).join("");
console.log(
  `\n# validator: ${messages.length} messages, transcript ${(bytes / 1e6).toFixed(2)} MB, JSON ${(jsonBytes / 1e6).toFixed(2)} MB`,
);

await loadTokenizer("cl100k_base");
// Sanity: both sides count the same text, and validate finds nothing to report in it.
const plain = { disallowedSpecial: new Set() };
const counted = await countTranscriptTokens(transcript, { encoding: "cl100k_base" });
const raw = countTokens(concatenated, plain);
if ((await validate(messages)).diagnostics.length !== 0) throw new Error("corpus should validate cleanly");
console.log(
  `transcript ${counted.tokens} tokens; raw concatenated text ${raw} tokens (+${counted.tokens - raw} structure)`,
);

// Counting has a merge cache: time steady-state runs of both sides.
const t = await measure(
  {
    countTranscriptTokens: () => countTranscriptTokens(transcript, { encoding: "cl100k_base" }),
    countChatTokens: () => countChatTokens(messages, { model: "gpt-4" }),
    "gpt-tokenizer countTokens": () => countTokens(concatenated, plain),
    "validate (no counting)": () => validate(messages),
    // The floor of any per-character check: validate's one regex pass, alone, over every content string.
    "character scan alone": () => {
      let found = 0;
      for (const { content } of messages) {
        for (let at = nextInteresting(content, 0); at < content.length; found++) {
          at = nextInteresting(content, at + 1);
        }
      }
      return found;
    },
    // The scan plus the text rules' checks at what it stops on (the corpus's `<| not a token |>`), no message handling.
    "text rules alone": () => {
      let found = 0;
      for (const { role, content } of messages)
        found += scanText(role, "role").length + scanText(content, "content").length;
      return found;
    },
    "JSON.parse": () => JSON.parse(json),
    // What every counted text pays for tiktoken's reading of NEL, U+FEFF and new letters (tiktoken-view.ts).
    "tiktoken-view check alone": () =>
      messages.filter((m) => readsDifferently(m.role) || readsDifferently(m.content)).length,
  },
  { time: 3000 },
);
const row = (name) => ({ name, ms: t[name] });
// Overhead ratio = ours / raw (target <= 1.10); compare() prints raw/ours, so the target is 1/1.10.
for (const name of ["countTranscriptTokens", "countChatTokens"]) {
  const r = compare(
    `${name} vs raw countTokens`,
    bytes,
    row(name),
    row("gpt-tokenizer countTokens"),
    1 / 1.1,
  );
  console.log(`  overhead: ${(1 / r).toFixed(2)}x the raw count (target <= 1.10)`);
}
console.log(
  `  of which the tiktoken-view check (every text, tiktoken-view.ts): ${t["tiktoken-view check alone"].toFixed(1)} ms, ` +
    `${((100 * t["tiktoken-view check alone"]) / t.countChatTokens).toFixed(1)}% of countChatTokens`,
);
compare(
  "validate (no counting) vs JSON.parse",
  jsonBytes,
  row("validate (no counting)"),
  row("JSON.parse"),
  1.0,
);
// Where validate's time goes, each as a share of JSON.parse's time (validate's share is 1 / the ratio above).
const share = (name) => `${(t[name] / t["JSON.parse"]).toFixed(2)}x (${t[name].toFixed(1)} ms)`;
console.log(
  `  JSON.parse ${t["JSON.parse"].toFixed(1)} ms; validate takes ${share("validate (no counting)")}: its character scan alone ` +
    `${share("character scan alone")}, with the text rules' checks ${share("text rules alone")}`,
);

// One long word, one pre-tokenizer piece. gpt-tokenizer's merge is quadratic in a piece's
// length; long pieces now take the O(n log n) merge of long-pieces.ts. Before issue 9 item 8
// (4ee2088, fresh words, one run each) these rows took 0.53 / 1.38 / 5.52 s (countText) and
// 0.65 / 1.28 / 6.23 s (validate). tiktoken's own merge (Rust, here as WASM; its ids are
// OpenAI's) is quadratic too, so it runs once per size. Each run gets a word of its own:
// gpt-tokenizer caches merged pieces, and a cached word would hide a quadratic merge.
scalingHeading("validator: one long word (issue 9 item 8)");
const tiktoken = get_encoding("cl100k_base");
const cl100k = await loadTokenizer("cl100k_base");
let seed = 8;
/** `n` pseudo-random lowercase letters, a new word each call (the same words every bench run). */
const word = (n) => {
  const next = rng(seed++);
  let w = "";
  for (let i = 0; i < n; i++) w += String.fromCharCode(97 + Math.floor(next() * 26));
  return w;
};
/** A source of words of `n` letters, a different one for each of the (at most 3) runs. */
const words = (n) => {
  const list = [word(n), word(n), word(n)];
  return () => list.pop();
};
const sample = word(20_000);
const [ours, theirs] = [cl100k.countText(sample), tiktoken.encode(sample).length];
if (ours !== theirs) throw new Error(`long word: chatmlkit counts ${ours}, tiktoken ${theirs}`);
console.log(`20,000 letters: chatmlkit and tiktoken both count ${ours} tokens`);
await scaling("countText (chatmlkit), one word", 20_000, words, (next) => cl100k.countText(next()), {
  unit: " letters",
});
await scaling(
  "validate(messages, { model }), one word",
  20_000,
  words,
  (next) => validate([{ role: "user", content: next() }], { model: "gpt-4" }),
  { unit: " letters" },
);
await scaling("tiktoken (WASM) encode, one word", 20_000, words, (next) => tiktoken.encode(next()).length, {
  runs: 1,
  unit: " letters",
});
tiktoken.free();

// Hostile text for the text rules and the reader: each row is linear now. Before issue 9 item 12 one
// finding per character cost ~2 KB (2M zero-width characters: 4.1 GB, 32 s); before the audit's fixes a
// header of many attributes was quadratic (341 KB: 5.5 s) and an encoded-token run could be too.
scalingHeading("validator: hostile text (issue 9 items 4, 12, 13 and the audit)");
const text = (unit) => (n) => unit.repeat(Math.ceil(n / unit.length)).slice(0, n);
const one = (content) => validate([{ role: "user", content }]);
const chars = { unit: " chars" };
await scaling("validate: zero-width spaces in one string", 250_000, text("a\u200b"), one, chars);
await scaling(
  "validate: '<|' + 20 zero-width spaces, repeated",
  250_000,
  text(`<|${"\u200b".repeat(20)}`),
  one,
  chars,
);
await scaling(
  "validate: '%3C|' x 50 + '%3e', repeated",
  250_000,
  text(`${"%3C|".repeat(50)}%3e`),
  one,
  chars,
);
await scaling("validate: '%25' x 60 + '%3e', repeated", 250_000, text(`${"%25".repeat(60)}%3e`), one, chars);
await scaling("validate: '&lt;|x|&gt;', repeated", 250_000, text("&lt;|x|&gt;"), one, chars);
await scaling("validate: look-alikes '‹|ІМ_END|>', repeated", 100_000, text("‹|ІМ_END|> "), one, chars);
await scaling(
  "validate: a transcript header of n/6 attributes",
  100_000,
  (n) =>
    `<|im_start|>user ${Array.from({ length: Math.ceil(n / 6) }, (_, i) => `a${i}=v`).join(" ")}\nHi<|im_end|>\n`,
  (transcript) => validate(transcript),
  chars,
);
await scaling(
  "validate: tool_calls nested n/2 deep",
  20_000,
  (n) =>
    JSON.parse(`[{"role":"assistant","content":"x","tool_calls":${"[".repeat(n / 2)}${"]".repeat(n / 2)}}]`),
  (messages) => validate(messages),
  chars,
);
