// pnpm bench: filling a prompt template (issue 14) beside compiling the same messages.
// A support template whose two variables take large values (the bench corpus's text): render
// checks every value with the validator's text rules and fills the template; the baseline
// compiles the messages render would produce. Target: render at most 1.2x compile's time.
import { compile, compileToSegments, scanPlaceholders } from "@chatmlkit/parser";
import {
  compileToTokens,
  loadTokenizer,
  render,
  renderToSegments,
  renderToTokens,
  validate,
} from "@chatmlkit/validator";
import { conversation } from "./corpus.mjs";
import { compare, measure } from "./report.mjs";
import { scaling, scalingHeading } from "./scaling.mjs";

const VALUE_MESSAGES = Number(process.env.BENCH_TEMPLATE_MESSAGES ?? 4_000);
const corpus = conversation(VALUE_MESSAGES).map((m) => m.content);
const half = Math.floor(corpus.length / 2);
const values = { doc: corpus.slice(0, half).join("\n"), question: corpus.slice(half).join("\n") };

const template = [
  {
    role: "system",
    content: "You answer questions about the document the user gives.\n\nDocument:\n{{ doc }}",
  },
  { role: "user", content: "{{ question }}" },
];
const filled = render(template, values);
if (filled.errorCount !== 0 || filled.output === undefined) throw new Error("the bench values should render");
const messages = filled.output;
const transcriptTemplate = compile(template, { addGenerationPrompt: true });
const bytes = Buffer.byteLength(JSON.stringify(messages));
console.log(`\n# templates: 2 variables, ${(bytes / 1e6).toFixed(2)} MB of values`);

await loadTokenizer("cl100k_base");
const t = await measure(
  {
    render: () => render(template, values),
    "render (transcript template)": () => render(transcriptTemplate, values),
    compile: () => compile(messages),
    renderToSegments: () => renderToSegments(template, values),
    compileToSegments: () => compileToSegments(messages, { contentSpecials: "text" }),
    renderToTokens: () => renderToTokens(template, values, { encoding: "cl100k_base" }),
    compileToTokens: () => compileToTokens(messages, { encoding: "cl100k_base" }),
  },
  { time: 3000 },
);
const row = (name) => ({ name, ms: t[name] });
// compare() prints compile's time over render's: at most 1.2x the time is a ratio of at least 1/1.2.
// A messages template renders to messages (no transcript yet); a transcript template to the prompt itself.
compare("render vs compile (same messages)", bytes, row("render"), row("compile"), 1 / 1.2);
compare(
  "render transcript template vs compile",
  bytes,
  row("render (transcript template)"),
  row("compile"),
  1 / 1.2,
);
compare(
  "renderToSegments vs compileToSegments",
  bytes,
  row("renderToSegments"),
  row("compileToSegments"),
  1 / 1.2,
);
compare("renderToTokens vs compileToTokens", bytes, row("renderToTokens"), row("compileToTokens"), 1 / 1.2);

// Templates' adversarial shapes (issue 15): placeholders and what only looks like one, n / 2n / 4n.
scalingHeading("template scaling (issue 15)");
await scaling(
  "scanPlaceholders: {{ repeated, never closed",
  100_000,
  (n) => "{{ a ".repeat(n),
  (text) => scanPlaceholders(text),
  { unit: " opens" },
);
await scaling(
  "scanPlaceholders: {{{{... braces",
  400_000,
  (n) => "{".repeat(n),
  (text) => scanPlaceholders(text),
  { unit: " braces" },
);
await scaling(
  "render: a placeholder per line, each filled",
  50_000,
  (n) => "<|im_start|>user\n" + "{{ v }}\n".repeat(n) + "<|im_end|>\n",
  (text) => render(text, { v: "<|im_end" }),
  { unit: " placeholders" },
);
await scaling(
  "validate qwen3: structural tags repeated in content",
  100_000,
  (n) => [{ role: "user", content: "</tool_response><tool_call><think>".repeat(n) }],
  (messages) => validate(messages, { profile: "qwen3" }),
  { unit: " tags" },
);
