// pnpm bench: @chatmlkit/validator against baselines, measured side by side in the same run.
import { compile } from "@chatmlkit/parser";
import { countChatTokens, countTranscriptTokens, loadTokenizer, validate } from "@chatmlkit/validator";
import { countTokens } from "gpt-tokenizer/encoding/cl100k_base";
import { nextInteresting, scanText } from "../packages/validator/dist/scan-text.js";
import { conversation } from "./corpus.mjs";
import { compare, measure } from "./report.mjs";

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
