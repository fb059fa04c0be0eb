// fast-check generators shared by the parser's property tests.
import fc from "fast-check";
import { headerBreakIn } from "../src/header-word.js";
import { findSpecialTokens, type Message, SPECIAL_LOOKING, SPECIAL_TOKENS } from "../src/index.js";

/** Pieces that make parsers trip: token fragments, line endings, header syntax. */
export const FRAGMENTS = [
  "<|im_start|>",
  "<|im_end|>",
  "<|im_sep|>",
  "<|endoftext|>",
  "<|foo|>",
  "<|",
  "|>",
  "<|im_",
  "im_start",
  "<",
  "\n",
  "\r\n",
  "\r",
  " ",
  "\t",
  "user",
  "assistant",
  "name=x",
  "=",
  "\uFEFF",
  "é",
  "東",
  "👩‍💻",
  "\uD800",
  "\uFFFF",
  "\u0000",
];

/** Any string, built either from arbitrary code units or from the fragments above. */
export const anyText = fc.oneof(
  fc.string({ unit: "binary", maxLength: 60 }),
  fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 40 }).map((parts) => parts.join("")),
  fc
    .array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 5 })), { maxLength: 30 })
    .map((p) => p.join("")),
);

/** Message content: any well-formed unicode without special tokens (compile refuses lone surrogates). */
export const content = fc
  .oneof(
    fc.string({ unit: "binary", maxLength: 80 }),
    fc.string({
      unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
      maxLength: 40,
    }),
    fc
      .array(fc.constantFrom(...FRAGMENTS.filter((f) => findSpecialTokens(f).length === 0)), {
        maxLength: 20,
      })
      .map((p) => p.join("")),
  )
  .filter((s) => findSpecialTokens(s).length === 0 && !/\p{Cs}/u.test(s));

/** A header word: roles and names have no separator or control character and no special-looking token. */
export const word = fc
  .oneof(
    fc.constantFrom("system", "user", "assistant", "tool", "developer", "example_user"),
    fc.string({ unit: "binary", minLength: 1, maxLength: 12 }),
  )
  .filter((s) => s !== "" && headerBreakIn(s) === -1 && !SPECIAL_LOOKING.test(s));

export const message: fc.Arbitrary<Message> = fc
  .record({ role: word, content, name: fc.option(word, { nil: undefined }) })
  .map(({ role, content, name }) => (name === undefined ? { role, content } : { role, content, name }));

export const dialect = fc.constantFrom("chatml" as const, "chatml-sep" as const);

/** Messages with the document flags compile honours (never both set). */
export const conversation = fc
  .record({
    messages: fc.array(message, { maxLength: 6 }),
    addGenerationPrompt: fc.boolean(),
    continueFinalMessage: fc.boolean(),
    dialect,
  })
  .map((c) => {
    const continueFinalMessage = c.continueFinalMessage && c.messages.length > 0;
    return {
      ...c,
      continueFinalMessage,
      addGenerationPrompt: c.addGenerationPrompt && !continueFinalMessage,
    };
  })
  // A final message left open with no content is, in ChatML, indistinguishable
  // from a generation prompt: `<|im_start|>assistant\n`. Both readings are valid.
  .filter((c) => !(c.continueFinalMessage && c.messages[c.messages.length - 1]?.content === ""));

/** Pieces of a profile model's output: tags, their fragments, JSON of calls, stop tokens. */
export const OUTPUT_FRAGMENTS = [
  "<think>",
  "</think>",
  "<tool_call>",
  "</tool_call>",
  "<think",
  "</thi",
  "<tool_",
  "</tool_c",
  "<",
  "\n",
  "\n\n",
  " ",
  "Hi",
  "é",
  '{"name": "get_weather", "arguments": ',
  '{"city": "Zürich"}',
  '{"a": [1, {"b": "}\\""}]}',
  '"{\\"x\\": 1}"',
  "}",
  "{",
  '"',
  "\\",
  '{"arguments": {}}',
  '{"name": "f"}',
  '{"name": "f", "arguments": 3}',
  "<|im_end|>",
  "<|endoftext|>",
  "<|im_start|>",
  "<|im_",
  "<|endoftext",
  "assistant\n",
  "user\n",
  // Shapes the block reader decides on (found by mutation testing: none of these came up):
  // layout other than a space, names it cannot stream, arrays and nested keys in the arguments.
  "\t",
  "\r\n",
  '{\n\t"name": "f",\r\n "arguments": ',
  '{"name": "", "arguments": ',
  '{"name": "a\\\\b", "arguments": ',
  '{"name": "a\nb", "arguments": ',
  '{"name": 1, "arguments": ',
  '{"k": {"j": [1, {"m": 2}]}, "n": "x"}',
  "[1, [2], {}]",
  '"a": 1, ',
];

export const output = fc
  .array(fc.oneof(fc.constantFrom(...OUTPUT_FRAGMENTS), fc.string({ maxLength: 4 })), { maxLength: 30 })
  .map((parts) => parts.join(""));

/** Look-alikes of special tokens (the validator's look-alike rule): edits that a lenient reader may undo. */
/** A real token, then edits: characters inserted, replaced or upper-cased at random places. */
const noise = fc.constantFrom(
  "<",
  "＜",
  ">",
  "|",
  "｜",
  "∣",
  "l",
  "I",
  "1",
  " ",
  "\t",
  "\n",
  "\u00a0",
  "\u3000",
  "\u200b",
  "\u2060",
  "\u202e",
  "_",
  "-",
  ".",
  "▁",
  "о",
  "і",
  "е",
  "n",
  "x",
  "\u0303",
  "ｉ",
  "𝐢",
  "𝗆",
  "\u{E0069}",
  "Ⅰ",
  "ｌ",
  "！",
  "¹",
  "\u0000",
  "\u2028",
);
export const mutated = fc
  .tuple(
    fc.constantFrom(...SPECIAL_TOKENS),
    fc.array(fc.tuple(fc.nat(), fc.constantFrom("insert", "replace", "upper"), noise), { maxLength: 4 }),
  )
  .map(([token, edits]) => {
    const chars = [...token];
    for (const [n, kind, ch] of edits) {
      const i = n % (chars.length + 1);
      if (kind === "insert") chars.splice(i, 0, ch);
      else if (i < chars.length && kind === "replace") chars[i] = ch;
      else if (i < chars.length) chars[i] = (chars[i] as string).toUpperCase();
    }
    return chars.join("");
  });

/** Any JSON-ish value, and values shaped like messages or bodies, with wrong members mixed in. */
const messageish = fc.record(
  {
    role: fc.oneof(
      fc.constantFrom("system", "user", "assistant", "tool"),
      anyText,
      fc.anything({ maxDepth: 1 }),
    ),
    content: fc.oneof(
      anyText,
      fc.constant(null),
      fc.array(
        fc.record({ type: fc.constantFrom("text", "image_url", "x"), text: anyText }, { requiredKeys: [] }),
      ),
      fc.anything({ maxDepth: 2 }),
    ),
    name: fc.oneof(anyText, fc.anything({ maxDepth: 1 })),
    tool_calls: fc.anything({ maxDepth: 3 }),
    reasoning_content: fc.oneof(anyText, fc.anything({ maxDepth: 1 })),
  },
  { requiredKeys: [] },
);
export const anyInput = fc.oneof(
  fc.anything(),
  fc.array(fc.oneof(message, messageish), { maxLength: 6 }),
  fc.record(
    {
      messages: fc.oneof(
        fc.array(fc.oneof(message, messageish), { maxLength: 5 }),
        fc.anything({ maxDepth: 1 }),
      ),
      tools: fc.anything({ maxDepth: 3 }),
      addGenerationPrompt: fc.anything({ maxDepth: 0 }),
      dialect: fc.oneof(fc.constantFrom("chatml", "chatml-sep"), fc.anything({ maxDepth: 0 })),
    },
    { requiredKeys: [] },
  ),
  conversation,
);

/** The message fields that round-trip (no spans). */
export function plain(messages: readonly Message[]): Message[] {
  return messages.map(({ role, content, name, attributes }) => ({
    role,
    content,
    ...(name !== undefined && { name }),
    ...(attributes !== undefined && { attributes }),
  }));
}

/**
 * fast-check parameters of a property of the fuzz campaign (`pnpm fuzz`: scripts/fuzz.mjs sets
 * FUZZ_RUNS, 100,000 by default): `ci` runs with a fixed seed in the normal test run, else
 * FUZZ_RUNS runs from FUZZ_SEED (fixed too, unless given). A failure prints the seed, the
 * replay path and the shrunk counterexample (fast-check's report).
 */
export function fuzzRuns(ci: number): { numRuns: number; seed: number } {
  const runs = process.env.FUZZ_RUNS;
  return { numRuns: runs === undefined ? ci : Number(runs), seed: Number(process.env.FUZZ_SEED ?? 15) };
}
