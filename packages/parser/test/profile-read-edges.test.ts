// parse(text, { profile }) at the edges of reading a transcript as the model wrote it: which
// message declares the tools, where the system prompt before them ends, which tags are
// structure, when a turn counts as closed, which turns are results and what answers them.
import { describe, expect, it } from "vitest";
import { compile, parse } from "../src/index.js";

const TOOLS = [{ type: "function", function: { name: "get_time", description: "The time", parameters: {} } }];
/** Qwen 2.5's system turn declaring TOOLS after `system` (the template's fixed text around the tools). */
const qwenSystem = (system: string) =>
  compile({ messages: [{ role: "system", content: system }], tools: TOOLS }, { profile: "qwen2.5" });
const turn = (role: string, content: string) => `<|im_start|>${role}\n${content}<|im_end|>\n`;
/** The text of each structural tag found, in order. */
const tagTexts = (text: string, tags: readonly { start: number; end: number }[] | undefined) =>
  tags?.map((r) => text.slice(r.start, r.end));

describe("the tools a transcript declares", () => {
  it("are read from a first system turn only: the same text in a user turn is the user's", () => {
    const system = qwenSystem("Be brief.");
    expect(
      parse(system, { profile: "qwen2.5" }).tools?.map(
        (t) => (t as { function: { name: string } }).function.name,
      ),
    ).toEqual(["get_time"]);
    const asUser = system.replace("<|im_start|>system\n", "<|im_start|>user\n");
    const read = parse(asUser, { profile: "qwen2.5" });
    expect(read.tools).toBeUndefined();
    expect(read.messages[0]?.role).toBe("user");
    expect(read.messages[0]?.content).toContain("get_time");
  });

  it("leave the system prompt before them as the system message, its span ending where the prompt does", () => {
    const text = qwenSystem("Be brief.");
    const read = parse(text, { profile: "qwen2.5" });
    const [system] = read.messages;
    expect(system?.content).toBe("Be brief.");
    expect(text.slice(system?.span.contentStart, system?.span.contentEnd)).toBe("Be brief.");
  });

  it("take the template's own tags around the tools as structure, not a tag the system prompt writes", () => {
    const text = qwenSystem("Think in <tools> tags.");
    const read = parse(text, { profile: "qwen2.5" });
    expect(read.messages[0]?.content).toBe("Think in <tools> tags.");
    const prompt = text.indexOf("Think in <tools>") + "Think in ".length;
    const tags = read.structuralTags ?? [];
    expect(tags.length).toBeGreaterThan(0);
    expect(tags.some((r) => r.start === prompt)).toBe(false);
    // The template's <tools> and </tools> are both there, after the prompt.
    expect(tagTexts(text, tags)).toEqual(expect.arrayContaining(["<tools>", "</tools>"]));
    expect(tags.every((r) => r.start > prompt)).toBe(true);
  });
});

describe("structural tags", () => {
  it("are none for a profile that has none, and in order of place for one that has them", () => {
    const out = '<think>\nx\n</think>\n\n<tool_call>\n{"name": "f"}\n</tool_call>';
    expect(parse(`<|im_start|>assistant\n${out}<|im_end|>\n`).structuralTags).toBeUndefined();
    expect(
      parse(`<|im_start|>assistant\n${out}<|im_end|>\n`, { profile: "qwen2" }).structuralTags,
    ).toBeUndefined();
    const text =
      qwenSystem("S") + turn("assistant", out) + turn("user", "<tool_response>\n1\n</tool_response>");
    const tags = parse(text, { profile: "qwen3" }).structuralTags ?? [];
    expect(tags.map((r) => r.start)).toEqual([...tags.map((r) => r.start)].sort((a, b) => a - b));
    expect(tagTexts(text, tags)?.slice(-6)).toEqual([
      "<think>",
      "</think>",
      "<tool_call>",
      "</tool_call>",
      "<tool_response>",
      "</tool_response>",
    ]);
  });
});

describe("a turn's end", () => {
  it("a later turn's stop token does not close an earlier turn cut off by the next one", () => {
    // The assistant's <think> is cut off by the next <|im_start|>, not closed by <|im_end|>.
    const cut = "<|im_start|>assistant\n<think>\nHmm<|im_start|>user\nHi";
    const codes = (text: string) =>
      parse(text, { profile: "qwen3" }).diagnostics.map((d) => [d.code, d.start]);
    expect(codes(`${cut}<|endoftext|>`)).toEqual(codes(cut));
  });

  it("a closed turn's text that ends with a stop token's spelling keeps it", () => {
    const text = turn("assistant", "Done<|endoftext|>");
    expect(parse(text, { profile: "qwen3" }).messages[0]?.content).toBe("Done<|endoftext|>");
  });
});

describe("tool results", () => {
  it("a turn that only ends like a result block is no result", () => {
    const text = "this is not a result, only its close\n</tool_response>";
    const read = parse(turn("user", text), { profile: "qwen2.5" });
    expect(read.messages.map((m) => [m.role, m.content])).toEqual([["user", text]]);
  });

  it("a result may hold the close tag's text: the close is the one the next block or the end follows", () => {
    const result = "a\n</tool_response>b";
    const read = parse(turn("user", `<tool_response>\n${result}\n</tool_response>`), { profile: "qwen2.5" });
    expect(read.messages.map((m) => [m.role, m.content])).toEqual([["tool", result]]);
  });

  it("Hermes' tool turn may end with a newline after its last block, and with nothing else", () => {
    const block = "<tool_response>\n1\n</tool_response>";
    expect(parse(turn("tool", `${block}\n`), { profile: "hermes" }).messages.map((m) => m.content)).toEqual([
      "1",
    ]);
    const other = parse(turn("tool", `${block}x`), { profile: "hermes" });
    expect(other.messages.map((m) => m.content)).toEqual([`${block}x`]);
    // Qwen's user turn of results takes no newline after its last block.
    const qwen = parse(turn("user", `${block}\n`), { profile: "qwen2.5" });
    expect(qwen.messages.map((m) => [m.role, m.content])).toEqual([["user", `${block}\n`]]);
  });

  it("a result no call comes before answers nothing: it has no tool_call_id", () => {
    const results = turn("user", "<tool_response>\n1\n</tool_response>");
    for (const text of [results, turn("assistant", "No calls.") + results]) {
      const tool = parse(text, { profile: "qwen2.5" }).messages.find((m) => m.role === "tool");
      expect(tool, text).toBeDefined();
      expect(Object.keys(tool ?? {}), text).not.toContain("tool_call_id");
    }
  });
});
