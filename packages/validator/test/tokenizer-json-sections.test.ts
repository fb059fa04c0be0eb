// A SentencePiece-style tokenizer.json (Metaspace with prepend_scheme "first", as Llama's and
// Mistral's are converted) whose ChatML tokens strip whitespace beside them (rstrip, lstrip):
// chatmlkit's ids equal the library's own encode of the same text, for compiled messages,
// transcripts and token spans, though chatmlkit encodes each stretch between special tokens
// on its own.
import { compile, compileToSegments } from "@chatmlkit/parser";
import { Tokenizer as HfTokenizer } from "@huggingface/tokenizers";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  compileToTokens,
  countTranscriptTokens,
  segmentTokenSpans,
  tokenizerFromJson,
  transcriptTokenSpans,
} from "../src/index.js";

const ALPHABET = "abcdefghijklmnopqrstuvwxyzHW.,!?\n";
const ADDED = [
  { content: "<|im_start|>", lstrip: false, rstrip: false },
  { content: "<|im_end|>", lstrip: true, rstrip: true },
];

/** One token per character (and ▁, unknown), no merges: every prepended ▁ and stripped space shows in the count. */
function metaspaceJson(): Record<string, unknown> {
  const vocab: Record<string, number> = { "<unk>": 0, "\u2581": 1 };
  for (const ch of ALPHABET) vocab[ch] = Object.keys(vocab).length;
  const first = Object.keys(vocab).length;
  return {
    version: "1.0",
    truncation: null,
    padding: null,
    added_tokens: ADDED.map((t, i) => ({
      id: first + i,
      ...t,
      single_word: false,
      normalized: false,
      special: true,
    })),
    normalizer: null,
    pre_tokenizer: { type: "Metaspace", replacement: "\u2581", prepend_scheme: "first", split: false },
    post_processor: null,
    decoder: { type: "Metaspace", replacement: "\u2581", prepend_scheme: "first", split: false },
    model: {
      type: "BPE",
      dropout: null,
      unk_token: "<unk>",
      continuing_subword_prefix: null,
      end_of_word_suffix: null,
      fuse_unk: false,
      byte_fallback: false,
      ignore_merges: false,
      vocab,
      merges: [],
    },
  };
}

const json = metaspaceJson();
const library = new HfTokenizer(json, {});
const own = (text: string) => library.encode(text, { add_special_tokens: false }).ids;
const words = fc.stringMatching(/^[a-z .,!?\n]{0,12}$/);

describe("a Metaspace tokenizer.json with stripping added tokens", () => {
  it("compiled messages and transcripts: the library's ids", async () => {
    const tokenizer = await tokenizerFromJson(json, {}, { name: "sp" });
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.constantFrom("user", "assistant"), words), { maxLength: 4 }),
        fc.boolean(),
        async (list, generation) => {
          const messages = list.map(([role, content]) => ({ role, content }));
          const options = { tokenizer, addGenerationPrompt: generation };
          const text = compile(messages, { addGenerationPrompt: generation });
          const { ids } = await compileToTokens(messages, options);
          expect(ids).toEqual(own(text));
          const counted = await countTranscriptTokens(text, { tokenizer });
          expect(counted.tokens).toBe(own(text).length);
          expect([...transcriptTokenSpans(text, tokenizer).ids]).toEqual(own(text));
          const segments = compileToSegments(messages, { addGenerationPrompt: generation });
          const spans = segmentTokenSpans(segments, tokenizer).spans;
          expect([...spans.ids]).toEqual(own(text));
          // Every token ends inside the text, in order.
          const ends = [...spans.ends];
          expect(ends).toEqual([...ends].sort((a, b) => a - b));
          for (const end of ends) expect(end).toBeLessThanOrEqual(text.length);
        },
      ),
      { numRuns: 200, seed: 22 },
    );
  });

  it("the place matters: ▁ only at the input's start, spaces beside <|im_end|> taken", async () => {
    const tokenizer = await tokenizerFromJson(json, {}, { name: "sp" });
    const text = "<|im_start|>user\nhi <|im_end|> x";
    const prefix = json.model as { vocab: Record<string, number> };
    // No ▁ after <|im_start|>; the space before <|im_end|> and the one after it are gone.
    expect(own(text)).not.toContain(prefix.vocab["\u2581"]);
    expect((await countTranscriptTokens(text, { tokenizer })).tokens).toBe(own(text).length);
    // Alone (the start of an input), the text is prepended ▁, as the library does.
    expect(tokenizer.encodeText("hi")).toEqual(own("hi"));
    expect(own("hi")[0]).toBe(prefix.vocab["\u2581"]);
    // So is text before a transcript's first special token, and only that text.
    const ahead = "hi<|im_start|>user\nyo<|im_end|>";
    const counted = await countTranscriptTokens(ahead, { tokenizer, ids: true });
    expect(counted.ids).toEqual(own(ahead));
    expect(counted.ids?.filter((id) => id === prefix.vocab["\u2581"])).toHaveLength(1);
    // Token spans read the text before the first special token as the start of the input too.
    const spans = transcriptTokenSpans(ahead, tokenizer);
    expect([...spans.ids]).toEqual(own(ahead));
    // The prepended ▁ is a byte the text does not hold: the spans of ▁, h, i end within "hi"
    // (the last where the text ends), and <|im_start|> where it ends.
    expect([...spans.ends].slice(0, 4)).toEqual([1, 2, 2, 14]);
  });

  it("token spans start after the whitespace an added token strips: each character's token ends just past it", async () => {
    const tokenizer = await tokenizerFromJson(json, {}, { name: "sp" });
    // <|im_start|> 0-11, "user\nhi" 12-18, a stripped space 19, <|im_end|> 20-29, a stripped space 30, "x" 31.
    const spans = transcriptTokenSpans("<|im_start|>user\nhi <|im_end|> x", tokenizer);
    expect([...spans.ends]).toEqual([12, 13, 14, 15, 16, 17, 18, 19, 30, 32]);
  });
});
