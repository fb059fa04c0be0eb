// parse's refusals from untyped callers, through every way in: plain, with placeholders, with a
// profile, and parseInPieces (the piece size is no reason to read differently).
import { describe, expect, it } from "vitest";
import { parse, source } from "../src/index.js";
import { parseInPieces } from "../src/parse.js";

const refusal = (result: ReturnType<typeof parse>) => ({
  messages: result.messages.length,
  diagnostics: result.diagnostics.map((d) => [d.code, d.message]),
});

describe("parse refuses input it cannot read, without throwing", () => {
  it("names what it got instead of a string, however it is asked", () => {
    const got = (what: string) => ({
      messages: 0,
      diagnostics: [["internal-error", `parse expects a string, got ${what}`]],
    });
    expect(refusal(parse(null as never))).toEqual(got("null"));
    expect(refusal(parse(undefined as never, { placeholders: true }))).toEqual(got("undefined"));
    expect(parse({} as never, { placeholders: true }).placeholders).toBeUndefined();
    expect(refusal(parse(7 as never, { profile: "qwen3" }))).toEqual(got("number"));
    expect(refusal(parseInPieces(null as never, { profile: "chatml" }, 16))).toEqual(got("null"));
  });

  it("refuses an unknown dialect with the chatml profile, which reads either, keeping every byte", () => {
    const text = "<|im_start|>user\nHi<|im_end|>\n";
    const result = parse(text, { profile: "chatml", dialect: "phi" as never });
    expect(refusal(result)).toEqual({
      messages: 0,
      diagnostics: [["internal-error", 'unknown dialect "phi"; expected auto, chatml or chatml-sep']],
    });
    expect(source(result)).toBe(text);
  });

  it("parseInPieces with a profile reads as parse does, whatever the piece size", () => {
    const text =
      "<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n<think>\nok\n</think>\n\nYes<|im_end|>\n";
    const whole = parse(text, { profile: "qwen3" });
    for (const piece of [8, 30, 1 << 20]) {
      const pieces = parseInPieces(text, { profile: "qwen3" }, piece);
      expect(pieces.messages).toEqual(whole.messages);
      expect(pieces.diagnostics).toEqual(whole.diagnostics);
    }
    expect(whole.messages[1]?.reasoning_content).toBe("ok");
  });
});

describe("a refusal is a whole result: every field, and one token holding the text", () => {
  const at0 = { start: 0, end: 0, line: 1, column: 1, endLine: 1, endColumn: 1 };
  const refused = (message: string, tokens: unknown[]) => ({
    messages: [],
    addGenerationPrompt: false,
    continueFinalMessage: false,
    dialect: "chatml",
    diagnostics: [{ code: "internal-error", severity: "error", message, ...at0 }],
    tokens,
  });
  const plain = (result: ReturnType<typeof parse>) => ({ ...result, tokens: result.tokens });

  it("text it will not read is kept as one OutsideText token; input that is no text has none", () => {
    const whole = [{ image: "x", startOffset: 0, tokenType: { name: "OutsideText" } }];
    expect(plain(parse("x", { dialect: "bogus" as never }))).toEqual(
      refused('unknown dialect "bogus"; expected auto, chatml or chatml-sep', whole),
    );
    expect(plain(parse("x", { profile: "llama" as never }))).toEqual(
      refused(
        'unknown profile "llama"; expected one of chatml, qwen1.5, qwen2, qwen2.5, qwen3, hermes, phi-4',
        whole,
      ),
    );
    expect(plain(parse(5 as never))).toEqual(refused("parse expects a string, got number", []));
    expect(plain(parse(null as never, { profile: "qwen2.5" }))).toEqual(
      refused("parse expects a string, got null", []),
    );
  });

  it("a model's profile takes its own dialect, or auto, and refuses the other", () => {
    const text = "<|im_start|>user\nq<|im_end|>\n";
    expect(parse(text, { profile: "qwen2.5", dialect: "auto" }).diagnostics).toEqual([]);
    expect(parse(text, { profile: "qwen2.5", dialect: "chatml" }).diagnostics).toEqual([]);
    expect(refusal(parse(text, { profile: "qwen2.5", dialect: "chatml-sep" }))).toEqual({
      messages: 0,
      diagnostics: [["internal-error", "the qwen2.5 profile reads the chatml dialect, not chatml-sep"]],
    });
  });
});

describe("raw model output read with a profile", () => {
  it("its structural tags are at offsets of the text given, not of the prompt put before it", () => {
    const result = parse("<think>a</think>b", { profile: "qwen3" });
    expect(result.modelOutput).toBe(true);
    expect(result.structuralTags).toEqual([
      { start: 0, end: 7 },
      { start: 8, end: 16 },
    ]);
    expect(result.messages[0]?.span).toEqual({
      start: 0,
      end: 17,
      headerStart: 0,
      headerEnd: 0,
      contentStart: 0,
      contentEnd: 17,
    });
  });
});

describe("parse with a profile: one list of diagnostics", () => {
  it("the profile's findings and the transcript's in the order of the text", () => {
    const text = "<|im_start|>assistant\n<tool_call>\nnot json\n</tool_call><|im_end|>\nstray";
    const found = parse(text, { profile: "hermes" }).diagnostics;
    expect(found.map((d) => [d.code, d.start])).toEqual([
      ["invalid-tool-call-json", text.indexOf("not json")],
      ["text-outside-message", text.indexOf("stray")],
    ]);
  });
});

describe("a byte-order mark is allowed only where a file begins", () => {
  it("a BOM at the very start, before layout, is no text outside a message", () => {
    expect(parse("\uFEFF\n<|im_start|>user\nhi<|im_end|>\n").diagnostics).toEqual([]);
  });

  it("a BOM anywhere else between messages is text outside a message, at its own offset", () => {
    const texts = [
      "<|im_start|>user\nhi<|im_end|>\n\uFEFF\n",
      "<|im_start|>user\nhi<|im_end|>\uFEFF\n", // right after a message: the layout's first character
      " \uFEFF<|im_start|>user\nhi<|im_end|>",
    ];
    for (const text of texts) {
      const at = text.indexOf("\uFEFF");
      expect(
        parse(text).diagnostics.map((d) => [d.code, d.start, d.end]),
        JSON.stringify(text),
      ).toEqual([["text-outside-message", at, at + 1]]);
    }
  });
});
