import { compile } from "@chatmlkit/parser";
import { Tokenizer as HfTokenizer } from "@huggingface/tokenizers";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { tinyTokenizerJson } from "../../../scripts/tiny-tokenizer.js";
import {
  compileToTokens,
  countChatTokens,
  countTranscriptTokens,
  fit,
  InvalidInputError,
  renderToTokens,
  TokenizerJsonError,
  tokenizerFromJson,
  transcriptTokenSpans,
  ValidatorError,
  validate,
  validateSync,
} from "../src/index.js";

const json = tinyTokenizerJson();
// The library's own encode of a whole string: what a server applying the tokenizer sends the model.
const library = new HfTokenizer(json, {});
const own = (text: string) => library.encode(text, { add_special_tokens: false }).ids;
const tokenizer = await tokenizerFromJson(json, {}, { name: "tiny" });
const id = (token: string) => tokenizer.specialTokens.get(token) as number;

/** Text with no added token's spelling: where the library's encode and chatmlkit's must agree. */
const plainText = fc.string({
  unit: fc.constantFrom(
    "a",
    "e",
    "l",
    "o",
    " ",
    "\n",
    "Hello",
    " world",
    "?",
    "é",
    "日本",
    "😀",
    "<",
    "|",
    "'s",
    "42",
  ),
  maxLength: 30,
});

describe("tokenizerFromJson", () => {
  it("takes its special tokens from added_tokens, one id each", () => {
    expect(tokenizer.kind).toBe("tokenizer.json");
    expect(tokenizer.encoding).toBe("tiny");
    expect([...tokenizer.specialTokens.keys()]).toEqual([
      "<|endoftext|>",
      "<|im_start|>",
      "<|im_end|>",
      "<tool_call>",
      "</tool_call>",
    ]);
    for (const [token, n] of tokenizer.specialTokens) expect(own(token)).toEqual([n]);
  });

  it("encodes text as the library does where no added token is spelled", () => {
    fc.assert(
      fc.property(plainText, (text) => {
        expect(tokenizer.encodeText(text)).toEqual(own(text));
        expect(tokenizer.countText(text)).toBe(own(text).length);
      }),
    );
  });

  it("encodes a special token's spelling as text: never the special id", () => {
    const ids = tokenizer.encodeText("Hi<|im_end|><tool_call>");
    expect(ids).not.toContain(id("<|im_end|>"));
    expect(ids).not.toContain(id("<tool_call>"));
    expect(library.decode(ids)).toBe("Hi<|im_end|><tool_call>");
    // The library's encode would make both control ids:
    expect(own("Hi<|im_end|><tool_call>")).toEqual([...own("Hi"), id("<|im_end|>"), id("<tool_call>")]);
  });

  it("refuses a file it cannot use, naming the member", async () => {
    const bad = async (file: unknown) => {
      try {
        await tokenizerFromJson(file);
      } catch (error) {
        expect(error).toBeInstanceOf(TokenizerJsonError);
        expect(error).toBeInstanceOf(ValidatorError);
        expect((error as ValidatorError).code).toBe("invalid-tokenizer");
        return { path: (error as TokenizerJsonError).path, message: (error as Error).message };
      }
      throw new Error("accepted");
    };
    expect(await bad([])).toEqual({ path: "$", message: "a tokenizer.json is a JSON object" });
    expect(await bad({ added_tokens: [] })).toEqual({
      path: "$.model",
      message: "not a tokenizer.json: the model key is missing",
    });
    expect(await bad({ model: json.model })).toEqual({
      path: "$.added_tokens",
      message: "not a tokenizer.json: the added_tokens key is missing",
    });
    const tokens = json.added_tokens as Record<string, unknown>[];
    expect((await bad({ ...json, added_tokens: [tokens[0], { ...tokens[1], id: "x" }] })).path).toBe(
      "$.added_tokens[1].id",
    );
    expect(await bad({ ...json, added_tokens: tokens.filter((t) => t.content !== "<|im_start|>") })).toEqual({
      path: "$.added_tokens",
      message: "added_tokens has no <|im_start|>: not the tokenizer of a ChatML model",
    });
    expect((await bad({ ...json, model: { type: "NoSuchModel" } })).message).toMatch(
      /^tokenizer.json could not be loaded: /,
    );
  });
});

describe("counting with a tokenizer.json", () => {
  it("counts a transcript as the library encodes it: every added token one id", async () => {
    const text =
      "<|im_start|>user\nWhat is the weather in Paris?<|im_end|>\n<|im_start|>assistant\n<tool_call>\n{}\n</tool_call><|im_end|>\n";
    const count = await countTranscriptTokens(text, { tokenizer, ids: true });
    expect(count.ids).toEqual(own(text));
    expect(count.tokens).toBe(own(text).length);
    expect(count.encoding).toBe("tiny");
    expect(count.messages.map((m) => m.role)).toEqual(["user", "assistant"]);
    expect(count.messages.reduce((s, m) => s + m.tokens, 0) + count.other).toBe(count.tokens);
  });

  it("reads any raw string as the library does: each added token one id, the text between as text", async () => {
    const raw = fc.string({
      unit: fc.constantFrom(
        "<|im_start|>",
        "<|im_end|>",
        "<|endoftext|>",
        "<tool_call>",
        "</tool_call>",
        "<tool_",
        "<|im_",
        "user\n",
        "Hello",
        " world",
        "\n",
        " ",
        "é",
        "😀",
        "<",
        "|",
        ">",
      ),
      maxLength: 40,
    });
    await fc.assert(
      fc.asyncProperty(raw, async (text) => {
        expect((await countTranscriptTokens(text, { tokenizer, ids: true })).ids).toEqual(own(text));
        expect([...transcriptTokenSpans(text, tokenizer).ids]).toEqual(own(text));
      }),
      { numRuns: 200 },
    );
  });

  it("compiles to the ids the library gives the compiled text, for any content without added tokens", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(plainText, { minLength: 1, maxLength: 4 }), async (contents) => {
        const messages = contents.map((content, i) => ({
          role: i % 2 === 0 ? "user" : "assistant",
          content,
        }));
        const { ids } = await compileToTokens(messages, { tokenizer });
        expect(ids).toEqual(own(compile(messages)));
        const chat = await countChatTokens({ messages }, { tokenizer });
        expect(chat.promptTokens).toBe(ids.length);
        expect(chat.formula).toBe("chatml-tokens");
        expect(chat.replyPriming).toBe(own("<|im_start|>assistant\n").length);
        expect(chat.messages.map((m) => m.tokens)).toEqual(
          messages.map((m) => own(compile([m], { addGenerationPrompt: false })).length),
        );
      }),
      { numRuns: 50 },
    );
  });

  it("keeps content's special spellings text in compileToTokens and renderToTokens", async () => {
    const { ids } = await compileToTokens([{ role: "user", content: "<|im_end|><tool_call>" }], {
      tokenizer,
    });
    expect(ids.filter((n) => n === id("<|im_end|>"))).toHaveLength(1); // the message's own
    expect(ids).not.toContain(id("<tool_call>"));
    const rendered = await renderToTokens(
      "<|im_start|>user\n{{ q }}<|im_end|>\n",
      { q: "<tool_call>" },
      { tokenizer },
    );
    expect(rendered.ids).not.toContain(id("<tool_call>"));
    expect(rendered.encoding).toBe("tiny");
  });

  it("says what ChatML v0 does not write, and is then a lower bound", async () => {
    const tools = [{ type: "function", function: { name: "get_weather", parameters: { type: "object" } } }];
    const chat = await countChatTokens({ messages: [{ role: "user", content: "Hi" }], tools }, { tokenizer });
    expect(chat.exact).toBe(false);
    expect(chat.parts.find((p) => p.path === "$.tools")?.method).toBe("not-counted");
    expect(chat.notes[0]).toMatch(/^\$\.tools was not counted/);
  });

  it("takes the window from a model or contextWindow; an encoding beside it is an error", async () => {
    const messages = [{ role: "user", content: "Hello, world!" }];
    const known = await validate({ messages }, { tokenizer, model: "gpt-4o", maxTokens: 10 });
    expect(known.count?.contextWindow).toBe(128000);
    expect(known.count?.encoding).toBe("tiny");
    expect(known.count?.formula).toBe("chatml-tokens"); // not gpt-4o's chat-o200k
    const named = validateSync(messages, {
      tokenizer,
      model: "Qwen/Qwen3-8B",
      contextWindow: 12,
      maxTokens: 4,
    });
    expect(named.count?.fits).toBe(false);
    expect(named.count?.model).toBe("Qwen/Qwen3-8B");
    expect(named.diagnostics.map((d) => d.code)).toEqual(["context-window"]);
    await expect(validate(messages, { tokenizer, encoding: "o200k_base" })).rejects.toThrow(
      /replaces the encoding/,
    );
    await expect(validate(messages, { tokenizer, model: "Qwen/Qwen3-8B" })).rejects.toThrow(/unknown model/);
  });

  it("fits with it", async () => {
    const messages = [
      { role: "system", content: "You are a helpful assistant." },
      { role: "user", content: "Hello, world! ".repeat(40) },
      { role: "assistant", content: "It is sunny." },
      { role: "user", content: "Thanks." },
    ];
    const result = await fit({ messages }, { tokenizer, contextWindow: 60, maxTokens: 10 });
    expect(result.ok).toBe(true);
    if (result.ok)
      expect(result.messages.map((m) => m.content)).toEqual(["You are a helpful assistant.", "Thanks."]);
  });

  it("places token spans over the text, added tokens apart", () => {
    const text = "<|im_start|>user\nhé 日本 😀<|im_end|>\n<tool_call>x";
    const spans = transcriptTokenSpans(text, tokenizer);
    expect([...spans.ids]).toEqual(own(text));
    const pieces = [...spans.ends].map((end, i) => text.slice(spans.ends[i - 1] ?? 0, end));
    expect(pieces.join("")).toBe(text);
    expect(pieces.filter((_, i) => spans.special[i] === 1)).toEqual([
      "<|im_start|>",
      "<|im_end|>",
      "<tool_call>",
    ]);
  });
});

describe("the special-token rule with a tokenizer.json", () => {
  const messages = [{ role: "user", content: "Look: <tool_call>{}</tool_call> and <|endoftext|>" }];

  it("flags every added token in content: the model reads each as one control id", async () => {
    const result = await validate(messages, { tokenizer });
    expect(result.diagnostics.map((d) => [d.code, d.severity, d.start, d.end])).toEqual([
      ["special-token", "error", 6, 17],
      ["special-token", "error", 19, 31],
      ["special-token", "error", 36, 49],
    ]);
    expect(result.diagnostics[0]?.message).toBe(
      "content contains <tool_call>, an added token of tiny; that tokenizer reads it as one control id, so the text could forge structure",
    );
    expect(result.diagnostics[2]?.message).toMatch(
      /special token <\|endoftext\|>; it would end the document/,
    );
    // Without it, Qwen's tags are another family's tokens (a warning), ChatML's still errors.
    const plain = await validate(messages);
    expect(plain.diagnostics.map((d) => d.code)).toEqual([
      "foreign-special-token",
      "foreign-special-token",
      "special-token",
    ]);
  });

  it("finds added tokens the scan does not stop at, but not runs of whitespace", async () => {
    const tokens = json.added_tokens as Record<string, unknown>[];
    const more = await tokenizerFromJson({
      ...json,
      added_tokens: [
        ...tokens,
        { ...tokens[0], id: 400, content: "madeupword0" },
        { ...tokens[0], id: 401, content: "    " },
      ],
    });
    const result = validateSync([{ role: "user", content: "a madeupword0    b" }], { tokenizer: more });
    expect(result.diagnostics.map((d) => [d.code, d.start, d.end])).toEqual([["special-token", 2, 13]]);
  });

  it("finds an added token spelled as a role word: the plain-word shortcut is for no tokenizer.json", async () => {
    const tokens = json.added_tokens as Record<string, unknown>[];
    const odd = await tokenizerFromJson({
      ...json,
      added_tokens: [...tokens, { ...tokens[0], id: 402, content: "user" }],
    });
    const result = validateSync([{ role: "system", content: "user" }], { tokenizer: odd });
    expect(result.diagnostics.map((d) => [d.code, d.path, d.start, d.end])).toEqual([
      ["special-token", "$[0].content", 0, 4],
    ]);
    // The same word with no tokenizer.json is plain text.
    expect(validateSync([{ role: "system", content: "user" }]).diagnostics).toEqual([]);
  });

  it("flags them in a transcript's content and counts them as one id each", async () => {
    const text = "<|im_start|>user\nrun <tool_call> now<|im_end|>\n";
    const result = await validate(text, { tokenizer });
    expect(result.diagnostics.map((d) => [d.code, d.start])).toEqual([["special-token", 21]]);
    expect(result.count?.promptTokens).toBe(own(text).length);
  });
});

describe("input a tokenizer.json count cannot compile", () => {
  it("is an invalid-message in validate (no count) and an InvalidInputError from the counting functions", async () => {
    const input = {
      messages: [
        { role: "user", content: "Hi" },
        { role: "user", tool_calls: false },
      ],
    };
    const result = await validate(input, { tokenizer });
    expect(result.count).toBeUndefined();
    expect(result.diagnostics.map((d) => [d.code, d.path, d.messageIndex])).toEqual([
      ["invalid-message", "$.messages[1].content", 1],
    ]);
    await expect(countChatTokens(input, { tokenizer })).rejects.toThrow(InvalidInputError);
  });

  it("any input: validate never throws, the counting functions throw only a ValidatorError", async () => {
    const message = fc.record(
      {
        role: fc.oneof(fc.constantFrom("user", "assistant", "system", "tool"), fc.anything()),
        content: fc.oneof(fc.string(), fc.anything()),
        tool_calls: fc.anything(),
        name: fc.string(),
      },
      { requiredKeys: ["role"] },
    );
    const input = fc.oneof(
      fc.array(message),
      fc.record({ messages: fc.array(message), tools: fc.anything() }),
      fc.anything(),
    );
    await fc.assert(
      fc.asyncProperty(input, async (value) => {
        await validate(value, { tokenizer, contextWindow: 100 });
        for (const run of [
          () => countChatTokens(value as never, { tokenizer }),
          () => fit(value as never, { tokenizer, contextWindow: 100, maxTokens: 10 }),
        ]) {
          await run().catch((error: unknown) => {
            if (!(error instanceof ValidatorError)) throw error;
          });
        }
      }),
      { numRuns: 300 },
    );
  });
});
