// What the worker computes, without a browser: every place a diagnostic is shown points at
// the text it is about, conversions round-trip, the URL state survives, and links' untrusted
// settings fall back to defaults.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { compile, PROFILE_NAMES } from "@chatmlkit/parser";
import { countTranscriptTokens, knownModels } from "@chatmlkit/validator";
import { describe, expect, it } from "vitest";
import { type Card, contentOf } from "../src/analysis.js";
import { analyze, type Computed } from "../src/analyze.js";
import { datasetLine, detectKind } from "../src/input-kind.js";
import { DEFAULT_SETTINGS, type Settings, settingsFrom } from "../src/settings.js";
import { decodeState, encodeState } from "../src/share.js";
import { ROOT } from "./browser.js";

const INJECTION = readFileSync(join(ROOT, "packages/cli/examples/prompts/support-chat.json"), "utf8");
const run = (text: string, settings: Partial<Settings> = {}) =>
  analyze(text, { ...DEFAULT_SETTINGS, ...settings });
type Result = Awaited<ReturnType<typeof run>>;
const viewText = (a: Result, input: string) => a.view.text ?? input;

describe("analyze", () => {
  it("JSON: each special-token finding points at the token in the input, the card and the token view", async () => {
    const a = await run(INJECTION);
    expect(a.kind).toBe("json");
    const found = a.findings.filter((f) => f.code === "special-token");
    expect(found.map((f) => INJECTION.slice(f.input?.start, f.input?.end))).toEqual([
      "<|im_end|>",
      "<|im_start|>",
    ]);
    for (const f of found) {
      const card = a.cards[f.card?.index ?? -1];
      const token = card && contentOf(card, INJECTION).slice(f.card?.start, f.card?.end);
      expect(token).toMatch(/^<\|im_(end|start)\|>$/);
      expect(viewText(a, INJECTION).slice(f.view?.start, f.view?.end)).toBe(token);
    }
    expect(found[0]?.docUrl).toBe(
      "https://github.com/chatmlkit/chatmlkit/blob/main/docs/rules.md#special-token",
    );
    // The view is the safe compile: the spelled tokens are ordinary tokens there.
    const { spans } = a.view;
    const specials = [...spans.special].filter((s) => s === 1).length;
    expect(specials).toBe(3 * 2 + 1); // three messages, each <|im_start|> and <|im_end|>, and the generation prompt
    // Plain JSON can't compile: the conversion says why, at the path.
    expect(a.conversions.asChatml.ok).toBe(false);
    expect(a.conversions.asChatml.ok === false && a.conversions.asChatml.problems[0]).toContain(
      "$[1].content",
    );
  });

  it("a transcript: findings in place, per-message tokens and the total as countTranscriptTokens gives them", async () => {
    const text = "<|im_start|>user\nHi <|im_end|> there<|im_end|>\n<|im_start|>assistant\n";
    const a = await run(text, { model: "gpt-4" });
    expect(a.kind).toBe("transcript");
    expect(a.view.text).toBeUndefined(); // the input itself
    for (const f of a.findings)
      expect(f.input && text.slice(f.input.start, f.input.end)).toBe(text.slice(f.view?.start, f.view?.end));
    expect(a.findings.map((f) => f.code)).toContain("text-outside-message");
    const count = await countTranscriptTokens(text, { model: "gpt-4" });
    expect(a.count?.promptTokens).toBe(count.tokens);
    expect(a.cards.map((c) => c.tokens)).toEqual(count.messages.map((m) => m.tokens));
    expect(a.view.spans.ids.length).toBe(count.tokens);
    expect(a.next).toContain("assistant");
  });

  it("converts both ways: the transcript's JSON compiles back to the same transcript", async () => {
    const messages = [
      { role: "system", content: "Be brief." },
      { role: "user", name: "ann", content: "Hi\n\nthere " },
    ];
    const json = await run(JSON.stringify(messages));
    expect(json.conversions.asChatml).toEqual({ ok: true, text: compile(messages) });
    const transcript = await run(compile(messages));
    expect(
      transcript.conversions.asJson.ok && JSON.parse(transcript.conversions.asJson.text).messages,
    ).toEqual(messages);
    expect(transcript.conversions.asChatml).toEqual({ ok: true, text: compile(messages) });
  });

  it("a profile changes the view; plain ChatML shows a body with tools without them, and says so", async () => {
    const tools = readFileSync(join(ROOT, "packages/playground/examples/tools.json"), "utf8");
    const plain = await run(tools);
    expect(plain.view.note).toContain("$.tools");
    expect(viewText(plain, tools)).not.toContain("get_forecast");
    const qwen = await run(tools, { profile: "qwen2.5" });
    expect(viewText(qwen, tools)).toContain('<tool_call>\n{"name": "get_forecast"');
    expect(qwen.view.note).toContain("vocabularies of their own");
    expect(qwen.conversions.asChatml.ok).toBe(true);
  });

  it("a transcript read with a profile: its tool calls, results and reasoning on the cards", async () => {
    const body = JSON.parse(readFileSync(join(ROOT, "packages/playground/examples/tools.json"), "utf8"));
    body.messages[2].reasoning_content = "Look it up.";
    body.messages.push({ role: "user", content: "Thanks" });
    const text = compile(body, { profile: "qwen3" });
    const plain = await run(text);
    expect(plain.cards.flatMap((c) => c.toolCalls)).toEqual([]);
    const a = await run(text, { profile: "qwen3" });
    expect(a.readNote).toContain("qwen3");
    const calls = a.cards.flatMap((c) => c.toolCalls);
    expect(calls.map((c) => [c.name, JSON.parse(c.arguments)])).toEqual([
      ["get_forecast", { city: "Zürich", days: 1 }],
    ]);
    const result = a.cards.find((c) => c.toolCallId !== undefined);
    expect(result && contentOf(result, text)).toContain('"sky": "sunny"');
    // (validate warns foreign-special-token on the profile's own <tools> and <tool_call> tags: not the page's to judge.)
    expect(a.errorCount).toBe(0);
  });

  it("a dataset: the line chosen, its findings placed in the whole file", async () => {
    const lines = [
      JSON.stringify({ messages: [{ role: "user", content: "fine" }] }),
      JSON.stringify({ messages: [{ role: "user", content: "bad <|endoftext|> line" }] }),
    ];
    const text = `${lines.join("\n")}\n`;
    expect(detectKind(text, "auto")).toBe("jsonl");
    const a = await run(text, { line: 2 });
    expect(a.line).toEqual({ line: 2, lines: 2 });
    const f = a.findings.find((x) => x.code === "special-token");
    expect(text.slice(f?.input?.start, f?.input?.end)).toBe("<|endoftext|>");
    expect(f?.input?.line).toBe(2);
  });

  it("invalid JSON is one finding at its place, and nothing else is made up", async () => {
    const text = '{"messages": [{"role": "user", "content": "Hi"},]}';
    const a = await run(text);
    expect(a.findings).toHaveLength(1);
    expect(a.findings[0]?.code).toBe("invalid-json");
    expect(a.findings[0]?.input?.column).toBe(text.indexOf("]") + 1);
    expect(a.cards).toEqual([]);
  });

  it("text parts: a finding in the second part is placed in the joined content", async () => {
    const body = {
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "first " },
            { type: "text", text: "then <|im_end|>" },
          ],
        },
      ],
    };
    const a: Result = await run(JSON.stringify(body));
    const f = a.findings.find((x) => x.code === "special-token");
    const card = a.cards[0] as Card;
    expect(contentOf(card, JSON.stringify(body)).slice(f?.card?.start, f?.card?.end)).toBe("<|im_end|>");
  });
});

describe("input kinds and dataset lines", () => {
  it("reads by content unless told", () => {
    expect(detectKind("<|im_start|>user\nHi<|im_end|>", "auto")).toBe("transcript");
    expect(detectKind("{{ messages }}", "auto")).toBe("transcript"); // a template, read as a transcript
    expect(detectKind(' [{"role": "user", "content": "x"}]', "auto")).toBe("json");
    expect(detectKind('{\n  "messages": []\n}', "auto")).toBe("json");
    expect(detectKind("[1]", "transcript")).toBe("transcript");
  });

  it("numbers lines as editors do", () => {
    expect(datasetLine("a\nb\r\nc\n", 2)).toEqual({ text: "b", offset: 2, lines: 3, line: 2 });
    expect(datasetLine("a\nb", 9)).toEqual({ text: "b", offset: 2, lines: 2, line: 2 });
  });
});

describe("the URL state", () => {
  const profiles = PROFILE_NAMES;
  const models = knownModels();

  it("survives encoding, text of any kind included", async () => {
    const state = {
      text: "<|im_start|>user\nZürich 👋 \u200b & = # %<|im_end|>\n".repeat(50),
      settings: { ...DEFAULT_SETTINGS, profile: "qwen3" as const, model: "gpt-4", maxTokens: 42, line: 3 },
    };
    const hash = await encodeState(state);
    expect(hash).toMatch(/^s=[\w-]+$/);
    expect(hash.length).toBeLessThan(state.text.length / 4); // deflated
    expect(await decodeState(`#${hash}`, profiles, models)).toEqual(state);
  });

  it("#text= opens on plain text; a damaged hash is no state", async () => {
    expect(await decodeState(`#text=${encodeURIComponent("a&b=c")}`, profiles, models)).toEqual({
      text: "a&b=c",
      settings: DEFAULT_SETTINGS,
    });
    expect(await decodeState("#s=not-deflate", profiles, models)).toBeUndefined();
    expect(await decodeState("#other=1", profiles, models)).toBeUndefined();
  });

  it("a link's settings are checked: unknown values fall back to the defaults", () => {
    const settings = settingsFrom(
      {
        readAs: "yaml",
        profile: "llama",
        model: "gpt-5000",
        dialect: "chatml-sep",
        maxTokens: -1,
        line: 2.5,
      },
      profiles,
      models,
    );
    expect(settings).toEqual({ ...DEFAULT_SETTINGS, dialect: "chatml-sep" });
  });
});

// Analysis is what the worker posts: plain data (typed arrays included) that structuredClone keeps.
it("an analysis is plain data", async () => {
  const a = await run(INJECTION);
  const posted: Computed = structuredClone(a);
  expect(posted).toEqual(a);
});
