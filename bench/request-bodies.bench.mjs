// pnpm bench: counting a request body with tools, tool calls, tool results and images,
// beside the raw token count of the same text (issue 12's target: no more than 1.10x).
import { countChatTokens, loadTokenizer } from "@chatmlkit/validator";
import { countTokens } from "gpt-tokenizer/encoding/o200k_base";
import { conversation } from "./corpus.mjs";
import { compare, measure } from "./report.mjs";

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 20_000);

/** A PNG's first 33 bytes (signature and IHDR) for a width x height image, as a data URL. */
function pngUrl(width, height) {
  const bytes = Buffer.alloc(33);
  bytes.write("\x89PNG\r\n\x1a\n", "latin1");
  bytes.writeUInt32BE(13, 8);
  bytes.write("IHDR", 12);
  bytes.writeUInt32BE(width, 16);
  bytes.writeUInt32BE(height, 20);
  bytes[24] = 8;
  bytes[25] = 6;
  return `data:image/png;base64,${bytes.toString("base64")}`;
}

const tools = Array.from({ length: 8 }, (_, i) => ({
  type: "function",
  function: {
    name: `tool_${i}`,
    description: `Look up record kind ${i} by its identifier`,
    parameters: {
      type: "object",
      properties: {
        id: { type: "string", description: "The identifier" },
        kind: { type: "string", enum: ["a", "b"] },
      },
      required: ["id"],
    },
  },
}));
// Every tenth user turn carries an image; every tenth assistant turn calls a tool, answered next.
const messages = [];
conversation(MESSAGES).forEach((m, i) => {
  if (m.role === "user" && i % 10 === 1) {
    messages.push({
      role: "user",
      content: [
        { type: "text", text: m.content },
        { type: "image_url", image_url: { url: pngUrl(800 + (i % 400), 600), detail: "high" } },
      ],
    });
  } else if (m.role === "assistant" && i % 10 === 2) {
    const id = `call_${i}`;
    const args = JSON.stringify({ id: m.content.slice(0, 24) });
    messages.push({
      role: "assistant",
      content: null,
      tool_calls: [{ id, type: "function", function: { name: "tool_1", arguments: args } }],
    });
    messages.push({ role: "tool", tool_call_id: id, content: m.content });
  } else messages.push(m);
});
const body = JSON.parse(JSON.stringify({ model: "gpt-4o", messages, tools }));

// The same text counted raw: every string the count reads, joined (images have no text).
const strings = [];
for (const m of body.messages) {
  strings.push(m.role);
  if (typeof m.content === "string") strings.push(m.content);
  else if (Array.isArray(m.content)) for (const p of m.content) if (p.type === "text") strings.push(p.text);
  for (const call of m.tool_calls ?? []) strings.push(call.function.name, call.function.arguments);
  if (m.tool_call_id) strings.push(m.tool_call_id);
}
strings.push(JSON.stringify(tools));
const concatenated = strings.join("");
const bytes = Buffer.byteLength(JSON.stringify(body));
console.log(
  `\n# request body: ${body.messages.length} messages with tool calls, tool results and images, 8 tools, ${(bytes / 1e6).toFixed(2)} MB`,
);

await loadTokenizer("o200k_base");
const counted = await countChatTokens(body, { model: "gpt-4o" });
const images = counted.parts.filter((p) => p.method === "image-tiles").length;
if (images === 0) throw new Error("the bench body's images were not counted");
console.log(
  `${counted.promptTokens} prompt tokens (${images} images counted), raw text ${countTokens(concatenated)} tokens`,
);

const plain = { disallowedSpecial: new Set() };
const t = await measure(
  {
    "countChatTokens (tools, images)": () => countChatTokens(body, { model: "gpt-4o" }),
    "gpt-tokenizer countTokens": () => countTokens(concatenated, plain),
  },
  { time: 3000 },
);
const r = compare(
  "countChatTokens with tools and images vs raw countTokens",
  bytes,
  { name: "countChatTokens (tools, images)", ms: t["countChatTokens (tools, images)"] },
  { name: "gpt-tokenizer countTokens", ms: t["gpt-tokenizer countTokens"] },
  1 / 1.1,
);
console.log(`  overhead: ${(1 / r).toFixed(2)}x the raw count (target <= 1.10)`);
