// On an engine older than Unicode 16 (tiktoken's tables), a character that engine calls
// unassigned may be a letter to OpenAI's tokenizer, which then splits the text otherwise: no
// table here can say, so the count says so. This engine knows Unicode 16, so the tests stand in
// for an older one by calling olderEngineNotes with `engineKnows` false, here and (mocked) in the
// counting functions, which must carry the note to the user.
import { describe, expect, it, vi } from "vitest";
import * as view from "../src/tiktoken-view.js";

vi.mock("../src/tiktoken-view.js", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../src/tiktoken-view.js")>();
  return { ...actual, olderEngineNotes: (value: unknown) => actual.olderEngineNotes(value, false) };
});

const { countChatTokens, countTranscriptTokens, tokenizerFromJson } = await import("../src/index.js");
const { tinyTokenizerJson } = await import("../../../scripts/tiny-tokenizer.js");
const actual = await vi.importActual<typeof import("../src/tiktoken-view.js")>("../src/tiktoken-view.js");

// U+0378 is unassigned in every Unicode version, so it is unassigned to an older engine too.
const UNASSIGNED = "\u0378";

describe("a count on an engine older than Unicode 16", () => {
  it("this engine's answer agrees with the Unicode version Node reports", () => {
    const major = Number(process.versions.unicode?.split(".")[0]);
    expect(actual.ENGINE_KNOWS_UNICODE_16).toBe(major >= 16);
  });

  it("olderEngineNotes: a note only on an older engine, and only when a string holds a character it does not know", () => {
    expect(actual.olderEngineNotes(`a${UNASSIGNED}b`, false)).toHaveLength(1);
    expect(actual.olderEngineNotes(`a${UNASSIGNED}b`, true)).toEqual([]);
    expect(actual.olderEngineNotes("plain text, é, 字, 😀", false)).toEqual([]);
    const cyclic: Record<string, unknown> = { messages: [{ role: "user", content: "hi" }] };
    cyclic.self = cyclic;
    expect(actual.olderEngineNotes(cyclic, false)).toEqual([]);
    expect(
      actual.olderEngineNotes({ messages: [{ role: "user", content: [{ text: UNASSIGNED }] }] }, false),
    ).toHaveLength(1);
    expect(actual.olderEngineNotes(42, false)).toEqual([]);
  });

  it("countChatTokens: the note, and the count is not called exact", async () => {
    const messages = [{ role: "user", content: `hi ${UNASSIGNED}` }];
    const count = await countChatTokens(messages, { model: "gpt-4o" });
    expect(count.exact).toBe(false);
    expect(count.notes.some((note) => note.includes("older than 16.0"))).toBe(true);
    const plain = await countChatTokens([{ role: "user", content: "hi" }], { model: "gpt-4o" });
    expect(plain.exact).toBe(true);
    expect(plain.notes).toEqual([]);
    // With a profile the transcript is counted by another path: the note is there too.
    const profiled = await countChatTokens(messages, { model: "gpt-4o", profile: "qwen2.5" });
    expect(profiled.notes.some((note) => note.includes("older than 16.0"))).toBe(true);
  });

  it("countTranscriptTokens: the note", async () => {
    const transcript = `<|im_start|>user\nhi ${UNASSIGNED}<|im_end|>`;
    const count = await countTranscriptTokens(transcript, { encoding: "cl100k_base" });
    expect(count.notes.some((note) => note.includes("older than 16.0"))).toBe(true);
    const plain = await countTranscriptTokens("<|im_start|>user\nhi<|im_end|>", { encoding: "cl100k_base" });
    expect(plain.notes).toEqual([]);
  });

  it("a model's tokenizer.json is not OpenAI's tokenizer: no note", async () => {
    const tokenizer = await tokenizerFromJson(tinyTokenizerJson(), {}, { name: "tiny" });
    const count = await countChatTokens([{ role: "user", content: `hi ${UNASSIGNED}` }], { tokenizer });
    expect(count.notes.some((note) => note.includes("older than 16.0"))).toBe(false);
    const transcript = await countTranscriptTokens(`<|im_start|>user\nhi ${UNASSIGNED}<|im_end|>`, {
      tokenizer,
    });
    expect(transcript.notes.some((note) => note.includes("older than 16.0"))).toBe(false);
  });

  it("the mock stands in for the module the counters import", () => {
    expect(view.olderEngineNotes(UNASSIGNED)).toHaveLength(1);
  });
});
