// fast-check generators shared by the parser's property tests.
import fc from "fast-check";
import { headerBreakIn } from "../src/header-word.js";
import { findSpecialTokens, type Message, SPECIAL_LOOKING } from "../src/index.js";

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

/** The message fields that round-trip (no spans). */
export function plain(messages: readonly Message[]): Message[] {
  return messages.map(({ role, content, name, attributes }) => ({
    role,
    content,
    ...(name !== undefined && { name }),
    ...(attributes !== undefined && { attributes }),
  }));
}
