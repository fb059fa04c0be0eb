// A transcript's text outside its messages is scanned like any text (input.ts, outsideFields):
// the gaps between messages but the newline that lays them out, raw text with no message at all,
// and the generation prompt's header, also when the prompt follows the last message directly.
import { describe, expect, it } from "vitest";
import { validate } from "../src/index.js";

const codes = async (text: string, rules = {}) =>
  (await validate(text, { rules })).diagnostics.map((d) => [d.code, d.start, d.end]);

describe("text outside messages", () => {
  it("a one-character gap that is not a newline is scanned", async () => {
    const text = "<|im_start|>user\nhi<|im_end|>\u200b<|im_start|>user\nyo<|im_end|>\n";
    expect(await codes(text)).toEqual([
      ["text-outside-message", 29, 30],
      ["invisible-character", 29, 30],
    ]);
  });

  it("diagnostics at the same start come shorter first", async () => {
    const text = "<|im_start|>user\nhi<|im_end|>\u200bxyz<|im_start|>user\nyo<|im_end|>\n";
    expect(await codes(text)).toEqual([
      ["invisible-character", 29, 30],
      ["text-outside-message", 29, 33],
    ]);
  });

  it("the newline that lays messages out holds nothing to find", async () => {
    expect(await codes("<|im_start|>user\nhi<|im_end|>\n<|im_start|>user\nyo<|im_end|>\n")).toEqual([]);
  });

  it("raw text with no message is scanned whole", async () => {
    expect(await codes("x<|endoftext|>")).toEqual([
      ["text-outside-message", 0, 14],
      ["special-token", 1, 14],
    ]);
  });

  it("a generation prompt right after the last message is structure, and its header is read", async () => {
    expect(await codes("<|im_start|>user\nhi<|im_end|><|im_start|>assistant\n")).toEqual([]);
    const rules = { "special-token-in-header": "off", "invalid-header-attribute": "off" };
    const text = "<|im_start|>user\nhi<|im_end|><|im_start|>assistant <|endoftext|>\n";
    expect(await codes(text, rules)).toEqual([["special-token", 51, 64]]);
  });
});

describe("a header with no end", () => {
  it("its first word is the role, the rest content, each character scanned once", async () => {
    const text = "<|im_start|>user lang=x \u200b<|im_end|>\n";
    expect(await codes(text)).toEqual([
      ["missing-header-end", 12, 25],
      ["invisible-character", 24, 25],
    ]);
    // What the parser read as content is named content, not a header word.
    const token = "<|im_start|>user lang=x <|endoftext|><|im_end|>\n";
    const { diagnostics } = await validate(token, { rules: { "special-token-in-header": "off" } });
    expect(diagnostics.map((d) => [d.code, d.start, d.message])).toEqual([
      [
        "missing-header-end",
        12,
        'header "user lang=x <|endoftext|>" is not followed by a newline before <|im_end|>',
      ],
      [
        "special-token",
        24,
        "content contains the special token <|endoftext|>; it would end the document for the model",
      ],
    ]);
  });
});
