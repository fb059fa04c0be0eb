// validate over a transcript: what a profile's reading adds (its own problems, once), and the
// fields scanned by their names: a message's content, a generation prompt's header to its end.
import { describe, expect, it } from "vitest";
import { validate } from "../src/index.js";

const found = async (text: string, options = {}) =>
  (await validate(text, options)).diagnostics.map((d) => [d.code, d.start, d.end, d.message]);

describe("validate of a transcript", () => {
  it("with a profile, reports ChatML's problems once and adds only the profile's own", async () => {
    const text =
      '<|im_start|>user\nHi<|im_start|>assistant\n<tool_call>\n{"name": 5}\n</tool_call><|im_end|>\n';
    expect((await found(text, { profile: "qwen2.5" })).map(([code]) => code)).toEqual([
      "unterminated-message",
      "invalid-tool-call",
    ]);
  });

  it("names the field a finding is in: the content, the generation prompt's header to the text's end", async () => {
    expect(await found("<|im_start|>user\nH\uD800i<|im_end|>\n")).toEqual([
      ["invalid-unicode", 18, 19, "lone high surrogate U+D800 in content: it cannot be encoded as UTF-8"],
    ]);
    // A header that runs to the end of the text, with no newline or <|im_sep|> after it.
    const open = "<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\uD800";
    expect((await found(open)).filter(([code]) => code === "invalid-unicode")).toEqual([
      [
        "invalid-unicode",
        open.length - 1,
        open.length,
        "lone high surrogate U+D800 in the generation prompt's header: it cannot be encoded as UTF-8",
      ],
    ]);
  });

  it("reports a transcript message with nothing in it as empty: a transcript's message carries nothing more", async () => {
    expect(await found("<|im_start|>user\n<|im_end|>\n")).toEqual([
      ["empty-content", 17, 17, expect.any(String)],
    ]);
  });
});

describe("validate of JSON that holds no messages", () => {
  it("is JSON input all the same, whatever it is, and never throws", async () => {
    const expected = 'expected an array of messages or an object with a "messages" array';
    for (const [input, path, got] of [
      [{ prompt: "x", completion: "y" }, "$.messages", "an object without a messages array"],
      [5, "$", "number 5"],
      [null, "$", "null"],
    ] as const) {
      const result = await validate(input);
      expect(result.kind, JSON.stringify(input)).toBe("messages");
      expect(result.diagnostics.map((d) => [d.code, d.path, d.message])).toEqual([
        ["invalid-message", path, `${path}: ${expected}, got ${got}`],
      ]);
    }
  });
});

describe("validate of JSON content parts", () => {
  it("names a finding in a text part's text as content, at the part's path", async () => {
    const result = await validate([{ role: "user", content: [{ type: "text", text: "a\uD800" }] }]);
    expect(result.diagnostics.map((d) => [d.code, d.path, d.message])).toEqual([
      [
        "invalid-unicode",
        "$[0].content[0].text",
        "lone high surrogate U+D800 in content: it cannot be encoded as UTF-8",
      ],
    ]);
  });
});
