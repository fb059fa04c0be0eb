// Counting a request as a model profile writes it: the count is the tokens of the profile's
// transcript (the ids compileToTokens gives, which are the model's own tokenizer's ids of the
// compiled text), and the parts say where they go: each message, the template's default system
// prompt, its tool declarations, the generation prompt.
import { compile, type ProfileName } from "@chatmlkit/parser";
import { Tokenizer as HfTokenizer } from "@huggingface/tokenizers";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { tinyTokenizerJson } from "../../../scripts/tiny-tokenizer.js";
import {
  compileToTokens,
  countChatTokensSync,
  fitSync,
  type JsonTokenizer,
  loadTokenizer,
  tokenizerFromJson,
  validateSync,
} from "../src/index.js";

/** The tiny Qwen-style tokenizer, with <|im_sep|> added as Phi-4's vocabulary has it. */
function tinyJson(): Record<string, unknown> {
  const file = tinyTokenizerJson();
  const added = file.added_tokens as Array<Record<string, unknown>>;
  const last = added[added.length - 1] as { id: number };
  added.push({ ...added[1], id: last.id + 1, content: "<|im_sep|>" });
  return file;
}
const json = tinyJson();
let tokenizer: JsonTokenizer;
beforeAll(async () => {
  tokenizer = await tokenizerFromJson(json, {}, { name: "tiny" });
});

const tools = [
  {
    type: "function",
    function: {
      name: "get_weather",
      description: "Weather in a city",
      parameters: { type: "object", properties: { city: { type: "string", description: "The city" } } },
    },
  },
];
const call = (id: string, city: string) => ({
  id,
  type: "function",
  function: { name: "get_weather", arguments: JSON.stringify({ city }) },
});
const plain = [
  { role: "user", content: "Hello, world!" },
  { role: "assistant", content: "Hello." },
  { role: "user", content: "What is the weather in Paris?" },
];
const withSystem = [{ role: "system", content: "Be brief." }, ...plain];
const toolTurns = [
  { role: "user", content: "What is the weather in Paris and Rome?" },
  { role: "assistant", content: "", tool_calls: [call("c0", "Paris"), call("c1", "Rome")] },
  { role: "tool", tool_call_id: "c0", content: "It is sunny." },
  { role: "tool", tool_call_id: "c1", content: "Rain." },
];
const reasoning = [
  { role: "user", content: "The answer?" },
  { role: "assistant", reasoning_content: "Think about it.", content: "The answer is 42." },
  { role: "user", content: "Thanks." },
  { role: "assistant", reasoning_content: "Say it again.", content: "42." },
];

/** Each profile with the conversations its template writes. */
const CASES: ReadonlyArray<[ProfileName, string, unknown]> = [
  ["qwen1.5", "no system", plain],
  ["qwen2", "no system", plain],
  ["qwen2", "system", withSystem],
  ["qwen2.5", "no system", plain],
  ["qwen2.5", "system", withSystem],
  ["qwen2.5", "tools, parallel calls and results", { messages: toolTurns, tools }],
  ["qwen2.5", "system and tools", { messages: [withSystem[0], ...toolTurns], tools }],
  ["qwen3", "tools, no system", { messages: toolTurns, tools }],
  ["qwen3", "reasoning", reasoning],
  ["qwen3", "system, tools and reasoning", { messages: [withSystem[0], ...toolTurns, ...reasoning], tools }],
  ["hermes", "plain", withSystem],
  ["hermes", "tools and results", { messages: toolTurns, tools }],
  ["phi-4", "system", withSystem],
];

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

describe("countChatTokens with a profile and the model's tokenizer.json", () => {
  it.each(CASES)(
    "%s, %s: the count is the transcript's ids, and the parts add up to it",
    async (profile, _, input) => {
      const count = countChatTokensSync(input as never, { tokenizer, profile });
      const { ids } = await compileToTokens(input as never, { tokenizer, profile });
      expect(count.promptTokens).toBe(ids.length);
      // The model's own tokenizer reads the compiled text to the same number of tokens.
      const text = compile(input as never, { profile });
      expect(count.promptTokens).toBe(
        new HfTokenizer(json, {}).encode(text, { add_special_tokens: false }).ids.length,
      );
      expect(sum(count.parts.map((p) => p.tokens))).toBe(count.promptTokens);
      expect(count).toMatchObject({ exact: true, profile, formula: "chatml-tokens", notes: [] });
      const messages = Array.isArray(input) ? input : (input as { messages: unknown[] }).messages;
      expect(count.messages.map((m) => m.index)).toEqual(messages.map((_, i) => i));
      for (const m of count.messages) expect(m.tokens).toBeGreaterThan(0);
    },
  );

  it("the template's default system prompt is a part of its own, the tokens of the same text given as a system message", () => {
    const implicit = countChatTokensSync(plain, { tokenizer, profile: "qwen2.5" });
    const explicit = countChatTokensSync(
      [
        { role: "system", content: "You are Qwen, created by Alibaba Cloud. You are a helpful assistant." },
        ...plain,
      ],
      { tokenizer, profile: "qwen2.5" },
    );
    const part = implicit.parts.find((p) => p.method === "system-prompt");
    expect(part).toMatchObject({ path: "$", messageIndex: undefined });
    expect(part?.tokens).toBe(explicit.messages[0]?.tokens);
    expect(implicit.promptTokens).toBe(explicit.promptTokens);
    // Plain ChatML writes no default system prompt: the profile's count is larger by it.
    expect(implicit.promptTokens - countChatTokensSync(plain, { tokenizer }).promptTokens).toBe(part?.tokens);
  });

  it("tools: their declaration is `tools`, the system message keeps its own text's tokens", () => {
    const system = withSystem[0] as { role: string; content: string };
    const both = countChatTokensSync(
      { messages: [system, ...toolTurns], tools },
      { tokenizer, profile: "qwen2.5" },
    );
    const alone = countChatTokensSync(
      { messages: [system, ...toolTurns.slice(0, 1)] },
      { tokenizer, profile: "qwen2.5" },
    );
    expect(both.tools).toBeGreaterThan(50);
    expect(both.parts.find((p) => p.method === "tools-declaration")).toMatchObject({
      path: "$.tools",
      tokens: both.tools,
    });
    // The system turn is the message's header and text, then the declaration.
    expect(both.messages[0]?.tokens).toBe((alone.messages[0]?.tokens ?? 0) - 2);
    // Without the profile, plain ChatML cannot write tools: not counted, and said.
    const plainCount = countChatTokensSync({ messages: toolTurns, tools }, { tokenizer });
    expect(plainCount.exact).toBe(false);
    expect(plainCount.notes.join("\n")).toContain("$.tools was not counted");
  });

  it("a run of tool results in one turn: each result has its own tokens, the turn's header goes to the first", () => {
    const count = countChatTokensSync({ messages: toolTurns, tools }, { tokenizer, profile: "qwen2.5" });
    const [first, second] = [count.messages[2]?.tokens ?? 0, count.messages[3]?.tokens ?? 0];
    // <|im_start|>user\n<tool_response>\n…\n</tool_response> and \n<tool_response>\n…\n</tool_response><|im_end|>\n
    const result = (text: string) => tokenizer.countText(`\n<tool_response>\n${text}\n</tool_response>`);
    expect(first).toBe(1 + tokenizer.countText("user") + result("It is sunny."));
    expect(second).toBe(result("Rain.") + 1 + tokenizer.countText("\n"));
  });

  it("qwen3 drops reasoning before the last query: the count follows the template", () => {
    const count = countChatTokensSync(reasoning, { tokenizer, profile: "qwen3" });
    const noReasoning = reasoning.map(({ reasoning_content: _, ...m }) => m);
    const without = countChatTokensSync(noReasoning, { tokenizer, profile: "qwen3" });
    // The first answer's reasoning is history the template no longer writes; the last one's it keeps.
    expect(count.messages[1]?.tokens).toBe(without.messages[1]?.tokens);
    expect(count.messages[3]?.tokens).toBeGreaterThan(without.messages[3]?.tokens ?? 0);
  });

  it("a request the profile cannot write is refused at its path", () => {
    expect(() =>
      countChatTokensSync({ messages: plain, tools }, { tokenizer, profile: "phi-4" }),
    ).not.toThrow();
    expect(() =>
      countChatTokensSync([{ role: "narrator", content: "x" }], { tokenizer, profile: "phi-4" }),
    ).toThrow(/\$\[0\]\.role/);
  });
});

describe("a profile with an OpenAI encoding", () => {
  it("counts the profile's transcript, and says it is an estimate", async () => {
    const o200k = await loadTokenizer("o200k_base");
    const count = countChatTokensSync(
      { messages: toolTurns, tools },
      { tokenizer: o200k, profile: "qwen2.5" },
    );
    const { ids } = await compileToTokens({ messages: toolTurns, tools } as never, {
      tokenizer: o200k,
      profile: "qwen2.5",
    });
    expect(count.promptTokens).toBe(ids.length);
    expect(count.exact).toBe(false);
    expect(count.notes[0]).toMatch(/not the qwen2\.5 model's.*tokenizer\.json/);
    // profile chatml is OpenAI's formula, as without one.
    const formula = countChatTokensSync(plain, { tokenizer: o200k, profile: "chatml" });
    expect(formula.formula).toBe("chat-o200k");
  });
});

describe("validate and fit judge the profile's count", () => {
  it("validate: the budget is judged on the profile's transcript", () => {
    const plainCount = countChatTokensSync(plain, { tokenizer }).promptTokens;
    const profileCount = countChatTokensSync(plain, { tokenizer, profile: "qwen2.5" }).promptTokens;
    const options = { tokenizer, maxPromptTokens: plainCount, contextWindow: 100_000 };
    expect(validateSync(plain, options).diagnostics.map((d) => d.code)).not.toContain("token-budget");
    const judged = validateSync(plain, { ...options, profile: "qwen2.5" });
    expect(judged.count?.promptTokens).toBe(profileCount);
    expect(judged.diagnostics.map((d) => d.code)).toContain("token-budget");
  });

  it("fit: what it keeps fits, counted as the profile writes it (property)", () => {
    const message = fc.oneof(
      fc.record({
        role: fc.constant("user"),
        content: fc.constantFrom("Hello, world!", "What is the weather in Paris?", "Thanks."),
      }),
      fc.record({
        role: fc.constant("assistant"),
        content: fc.constantFrom("It is sunny.", "The answer is 42."),
        reasoning_content: fc.constantFrom("Think about it.", "Say it again."),
      }),
    );
    const seen = { fitted: 0, dropped: 0, refused: 0 };
    const last = { role: "user", content: "Thanks." };
    const floor =
      countChatTokensSync({ messages: [last], tools }, { tokenizer, profile: "qwen3" }).promptTokens + 10;
    fc.assert(
      fc.property(
        fc.array(message, { minLength: 1, maxLength: 12 }),
        fc.boolean(),
        fc.integer({ min: -20, max: 300 }),
        (list, system, room) => {
          // The smallest prompt is the tools' declaration and the last question: the window is around it.
          const window = floor + room;
          const messages = [...(system ? [{ role: "system", content: "Be brief." }] : []), ...list, last];
          const result = fitSync(
            { messages, tools },
            { tokenizer, profile: "qwen3", contextWindow: window, maxTokens: 10 },
          );
          if (!result.ok) {
            seen.refused++;
            return;
          }
          seen[result.dropped.length > 0 ? "dropped" : "fitted"]++;
          const kept = countChatTokensSync(
            { messages: result.messages, tools },
            { tokenizer, profile: "qwen3" },
          );
          expect(result.promptTokens).toBe(kept.promptTokens);
          expect(result.promptTokens).toBeLessThanOrEqual(window - 10);
        },
      ),
      { numRuns: 200, seed: 13 },
    );
    // The runs cover every outcome: all kept, some dropped, nothing fits.
    for (const n of Object.values(seen)) expect(n).toBeGreaterThan(10);
  });
});
