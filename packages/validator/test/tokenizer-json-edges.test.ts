// tokenizerFromJson beyond the byte-level BPE of the main tests: a word-level file with no
// normalizer or pre-tokenizer, SentencePiece-style byte and space pieces, a byte-level decoder
// inside a Sequence, tokenizer_config.json options, added tokens a regex class must escape, and
// every shape of file it refuses.
import { describe, expect, it } from "vitest";
import { tinyTokenizerJson } from "../../../scripts/tiny-tokenizer.js";
import { TokenizerJsonError, tokenizerFromJson, ValidatorError } from "../src/index.js";

const added = (contents: string[], first: number) =>
  contents.map((content, i) => ({ id: first + i, content, special: true }));

/** A WordLevel file: each whole text (no pre-tokenizer) is one word of `vocab`, or unknown. */
const wordLevel = (vocab: Record<string, number>, extra: Record<string, unknown> = {}) => ({
  added_tokens: added(["<|im_start|>", "<|im_end|>", "-sep-", "]x", "^a", "\\b"], 100),
  normalizer: null,
  pre_tokenizer: null,
  post_processor: null,
  decoder: null,
  model: { type: "WordLevel", vocab, unk_token: "[UNK]" },
  ...extra,
});

const refusal = async (json: unknown, config?: unknown) => {
  try {
    await tokenizerFromJson(json, config);
  } catch (error) {
    expect(error).toBeInstanceOf(TokenizerJsonError);
    return { path: (error as TokenizerJsonError).path, message: (error as Error).message };
  }
  throw new Error("accepted");
};

describe("a word-level tokenizer.json with no normalizer or pre-tokenizer", () => {
  const vocab = { "[UNK]": 0, hello: 1, "<0x0A>": 2, "\u2581x": 3, é: 4 };

  it("encodes the whole text as one piece; unknown text is the unknown token the config names, else refused", async () => {
    const tokenizer = await tokenizerFromJson(wordLevel(vocab));
    expect(tokenizer.encodeText("hello")).toEqual([1]);
    expect(tokenizer.encodeText("")).toEqual([]);
    expect(tokenizer.countText("hello")).toBe(1);
    expect(tokenizer.encoding).toBe("tokenizer.json");
    // The library's WordLevel takes its unknown token from tokenizer_config.json only.
    expect(() => tokenizer.encodeText("goodbye")).toThrow(ValidatorError);
    expect(() => tokenizer.encodeText("goodbye")).toThrow(
      expect.objectContaining({
        code: "invalid-input",
        message: '"goodbye" is not in the tokenizer\'s vocabulary',
      }),
    );
    const withUnknown = await tokenizerFromJson(wordLevel(vocab), { unk_token: "[UNK]" });
    expect(withUnknown.encodeText("goodbye")).toEqual([0]);
  });

  it("takes the bytes of a piece as SentencePiece spells them: <0x0A> one byte, \u2581 a space", async () => {
    const tokenizer = await tokenizerFromJson(wordLevel(vocab));
    expect([1, 2, 3, 4].map((id) => tokenizer.byteLength(id))).toEqual([5, 1, 2, 2]);
    // Asked again (kept), and an id the vocabulary does not have.
    expect(tokenizer.byteLength(2)).toBe(1);
    expect(tokenizer.byteLength(9999)).toBe(0);
    // A byte piece is the whole token: one with more around it is text, a byte a character.
    const around = await tokenizerFromJson(wordLevel({ "x<0x0A>": 1, "<0x0A>y": 2 }));
    expect([1, 2].map((id) => around.byteLength(id))).toEqual([7, 7]);
  });

  it("with remove_space, collapses and trims whitespace before encoding", async () => {
    const config = { unk_token: "[UNK]" };
    const tokenizer = await tokenizerFromJson(wordLevel({ ...vocab, "a b": 5 }), {
      ...config,
      remove_space: true,
    });
    expect(tokenizer.encodeText("  a \n\t b ")).toEqual([5]);
    const plain = await tokenizerFromJson(wordLevel({ ...vocab, "a b": 5 }), config);
    expect(plain.encodeText("  a \n\t b ")).toEqual([0]);
  });

  it("finds added tokens that start with a character a regex class must escape", async () => {
    const tokenizer = await tokenizerFromJson(wordLevel(vocab));
    const text = "a-sep-b]x^a\\b<|im_end|>";
    expect(tokenizer.findSpecialTokens(text)).toEqual(
      ["-sep-", "]x", "^a", "\\b", "<|im_end|>"].map((token) => ({ token, offset: text.indexOf(token) })),
    );
    // A first character alone is no token.
    expect(tokenizer.findSpecialTokens("- ] ^ \\")).toEqual([]);
  });
});

describe("byte-level tokens", () => {
  it("are counted a character a byte when a ByteLevel step sits inside a decoder Sequence", async () => {
    const json = tinyTokenizerJson();
    const vocab = (json.model as { vocab: Record<string, number> }).vocab;
    const id = vocab["\u0120"] as number; // Ġ: the byte-level spelling of one space
    const nested = {
      ...json,
      pre_tokenizer: null,
      decoder: { type: "Sequence", decoders: [{ type: "Fuse" }, { type: "ByteLevel" }] },
    };
    expect((await tokenizerFromJson(nested)).byteLength(id)).toBe(1);
    // Or inside a pre-tokenizer Sequence, with no decoder.
    const inPre = {
      ...json,
      pre_tokenizer: {
        type: "Sequence",
        pretokenizers: [
          { type: "Split", pattern: { Regex: "x" }, behavior: "Isolated", invert: false },
          { type: "ByteLevel", add_prefix_space: false, trim_offsets: true, use_regex: false },
        ],
      },
      decoder: null,
    };
    expect((await tokenizerFromJson(inPre)).byteLength(id)).toBe(1);
    // With no ByteLevel anywhere, the same token is read as text: Ġ is two bytes of UTF-8.
    const none = { ...json, pre_tokenizer: { type: "Sequence", pretokenizers: [] }, decoder: null };
    expect((await tokenizerFromJson(none)).byteLength(id)).toBe(2);
  });
});

describe("what a tokenizer.json's own parts do", () => {
  it("its normalizer runs before the pre-tokenizer: a Lowercase one encodes HELLO as hello", async () => {
    const json = tinyTokenizerJson();
    const plain = await tokenizerFromJson(json);
    const lower = await tokenizerFromJson({ ...json, normalizer: { type: "Lowercase" } });
    expect(lower.encodeText("HELLO")).toEqual(plain.encodeText("hello"));
    expect(plain.encodeText("HELLO")).not.toEqual(plain.encodeText("hello"));
  });

  it("strips holds the added tokens that strip whitespace beside them, and only those", async () => {
    const json = tinyTokenizerJson();
    const tokens = json.added_tokens as { content: string }[];
    const marked = tokens.map((t) => ({
      ...t,
      lstrip: t.content === "<|im_end|>",
      rstrip: t.content === "<|im_start|>",
    }));
    const tokenizer = await tokenizerFromJson({ ...json, added_tokens: marked });
    expect(Object.fromEntries(tokenizer.strips)).toEqual({
      "<|im_end|>": { lstrip: true, rstrip: false },
      "<|im_start|>": { lstrip: false, rstrip: true },
    });
    expect((await tokenizerFromJson(json)).strips.size).toBe(0);
  });
});

describe("tokenizerFromJson refuses", () => {
  const json = tinyTokenizerJson();

  it("a model or added_tokens of the wrong kind, and added tokens that are no tokens", async () => {
    expect(await refusal({ ...json, model: "BPE" })).toEqual({
      path: "$.model",
      message: "not a tokenizer.json: model must be an object",
    });
    expect(await refusal({ ...json, added_tokens: {} })).toEqual({
      path: "$.added_tokens",
      message: "not a tokenizer.json: added_tokens must be an array",
    });
    expect(await refusal({ ...json, added_tokens: [null] })).toEqual({
      path: "$.added_tokens[0]",
      message: "an added token is an object",
    });
    expect(await refusal({ ...json, added_tokens: [{ id: 1, content: "" }] })).toEqual({
      path: "$.added_tokens[0].content",
      message: "an added token's content must be a non-empty string",
    });
  });

  it("an added token whose content is no string, whose id is no whole number >= 0, and a file the library cannot load", async () => {
    expect(await refusal({ ...json, added_tokens: [{ id: 1, content: 7 }] })).toEqual({
      path: "$.added_tokens[0].content",
      message: "an added token's content must be a non-empty string",
    });
    for (const id of [-1, 1.5, "3"]) {
      expect(await refusal({ ...json, added_tokens: [{ id, content: "<|im_start|>" }] })).toEqual({
        path: "$.added_tokens[0].id",
        message: "an added token's id must be a whole number >= 0",
      });
    }
    const broken = await refusal({ ...json, model: { type: "NoSuchModel" } });
    expect(broken.path).toBe("$");
    expect(broken.message).toMatch(/^tokenizer\.json could not be loaded: \S/);
  });

  it("reads an added token of id 0, and prefers the longest added token spelled at a place", async () => {
    const zero = (json.added_tokens as { id: number; content: string }[]).map((t, i) =>
      i === 0 ? { ...t, id: 0 } : t,
    );
    await expect(tokenizerFromJson({ ...json, added_tokens: zero })).resolves.toBeDefined();
    const longer = [
      ...(json.added_tokens as object[]),
      { id: 900, content: "<|x|>", special: true },
      { id: 901, content: "<|x|>y", special: true },
    ];
    const tokenizer = await tokenizerFromJson({ ...json, added_tokens: longer });
    expect(tokenizer.findSpecialTokens("a<|x|>yb<|x|>")).toEqual([
      { token: "<|x|>y", offset: 1 },
      { token: "<|x|>", offset: 8 },
    ]);
  });

  it("a tokenizer_config.json that is no object, or asks for what it does not do", async () => {
    expect(await refusal(json, [])).toEqual({
      path: "$",
      message: "tokenizer_config.json must be a JSON object",
    });
    expect(await refusal(json, { do_lowercase_and_remove_accent: true })).toEqual({
      path: "$.do_lowercase_and_remove_accent",
      message:
        "do_lowercase_and_remove_accent is not supported (chatmlkit encodes text without the added-token split)",
    });
  });
});
