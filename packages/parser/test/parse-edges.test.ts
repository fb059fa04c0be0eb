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
