// A small Hugging Face tokenizer.json, built here so tests need no model download: a byte-level
// BPE laid out as Qwen2's is (NFC, a Split pre-tokenizer with Qwen2's pattern, then ByteLevel
// without its own regex; ByteLevel decoder), a few hundred merges learnt from a tiny text, and
// added tokens like Qwen's: <|endoftext|>, <|im_start|>, <|im_end|> (special) and <tool_call>,
// </tool_call> (added, not special, as in Qwen2.5's file). The CLI fixtures that take
// --tokenizer hold a copy (fixtures/cli/*/tokenizer.json); a test checks each equals this.

/** GPT-2's byte-to-character table: printable bytes map to themselves, the rest to U+0100 onwards. */
export function byteLevelAlphabet(): string[] {
  const printable = (b: number) => (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || b >= 174;
  const table: string[] = [];
  let next = 256;
  for (let b = 0; b < 256; b++) table.push(String.fromCodePoint(printable(b) ? b : next++));
  return table;
}

/** Qwen2's pre-tokenizer pattern (as its tokenizer.json's Split step gives it). */
const QWEN2_PATTERN =
  "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

/** The text the merges are learnt from: words a ChatML prompt has. */
const CORPUS =
  "system user assistant tool You are a helpful assistant. Hello, world! What is the weather in Paris? " +
  "It is sunny. Thanks. The answer is 42. Summarise the report. tool_call name arguments city";

export const TINY_ADDED_TOKENS = [
  { content: "<|endoftext|>", special: true },
  { content: "<|im_start|>", special: true },
  { content: "<|im_end|>", special: true },
  { content: "<tool_call>", special: false },
  { content: "</tool_call>", special: false },
] as const;

/**
 * The tokenizer.json object. Merges: the most frequent adjacent pair of the
 * corpus's byte-level words, merged repeatedly (ties by first occurrence), `merges` times.
 */
export function tinyTokenizerJson(merges = 120): Record<string, unknown> {
  const alphabet = byteLevelAlphabet();
  const vocab: Record<string, number> = {};
  alphabet.forEach((ch, id) => {
    vocab[ch] = id;
  });
  const bytes = new TextEncoder();
  const words = (CORPUS.match(/ ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+/gu) ?? []).map((word) =>
    [...bytes.encode(word)].map((b) => alphabet[b] as string),
  );
  const learnt: string[] = [];
  for (let round = 0; round < merges; round++) {
    const counts = new Map<string, number>();
    for (const word of words) {
      for (let i = 0; i + 1 < word.length; i++) {
        const pair = `${word[i]} ${word[i + 1]}`;
        counts.set(pair, (counts.get(pair) ?? 0) + 1);
      }
    }
    let best: string | undefined;
    let most = 1; // a pair seen once is not worth a merge
    for (const [pair, n] of counts) if (n > most) [best, most] = [pair, n];
    if (best === undefined) break;
    const [a, b] = best.split(" ") as [string, string];
    learnt.push(best);
    vocab[a + b] = Object.keys(vocab).length;
    for (const word of words) {
      for (let i = 0; i + 1 < word.length; i++) {
        if (word[i] === a && word[i + 1] === b) word.splice(i, 2, a + b);
      }
    }
  }
  const first = Object.keys(vocab).length;
  return {
    version: "1.0",
    truncation: null,
    padding: null,
    added_tokens: TINY_ADDED_TOKENS.map((t, i) => ({
      id: first + i,
      content: t.content,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: t.special,
    })),
    normalizer: { type: "NFC" },
    pre_tokenizer: {
      type: "Sequence",
      pretokenizers: [
        { type: "Split", pattern: { Regex: QWEN2_PATTERN }, behavior: "Isolated", invert: false },
        { type: "ByteLevel", add_prefix_space: false, trim_offsets: false, use_regex: false },
      ],
    },
    post_processor: null,
    decoder: { type: "ByteLevel", add_prefix_space: true, trim_offsets: true, use_regex: true },
    model: {
      type: "BPE",
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: "",
      end_of_word_suffix: "",
      fuse_unk: false,
      byte_fallback: false,
      ignore_merges: false,
      vocab,
      merges: learnt,
    },
  };
}

/** The file as the fixtures hold it; `pretty` as the bundled example does (indented, as Biome formats JSON). */
export function tinyTokenizerText(pretty = false): string {
  return `${JSON.stringify(tinyTokenizerJson(), null, pretty ? 2 : undefined)}\n`;
}
