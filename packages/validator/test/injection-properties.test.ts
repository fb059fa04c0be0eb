import { type CompileInput, compile } from "@chatmlkit/parser";
import fc from "fast-check";
import { Tiktoken } from "js-tiktoken/lite";
import cl100k from "js-tiktoken/ranks/cl100k_base";
import { describe, expect, it } from "vitest";
import { fuzzRuns } from "../../parser/test/arbitraries.js";
import { validate } from "../src/index.js";

/**
 * The toolkit's core promise, checked against a serving stack's view: a
 * tokenizer that turns every special-token spelling into its special id
 * (js-tiktoken with the ChatML tokens added and all specials allowed, as a
 * server tokenizing a rendered template does). Whatever passes `compile`, or
 * passes `validate` and is then rendered by a template that escapes nothing,
 * must reach that tokenizer with special ids only where the structure puts
 * them. These properties found the split-parts injection (issue 9 item 1).
 */
const specialTokens = {
  ...cl100k.special_tokens,
  "<|im_start|>": 100264,
  "<|im_end|>": 100265,
  "<|im_sep|>": 100266,
};
const server = new Tiktoken({ ...cl100k, special_tokens: specialTokens });
const SPECIAL_IDS = new Set(Object.values(specialTokens));
const IM_START = 100264;
const IM_END = 100265;

/** The special ids a tokenizer that allows them all sees in `text`, in order. */
function specialIdsIn(text: string): number[] {
  return server.encode(text, "all").filter((id) => SPECIAL_IDS.has(id));
}

/** Pieces an attacker combines: token fragments that only join into a token across parts or fields. */
const PIECES = [
  "<|im_start|>",
  "<|im_end|>",
  "<|im_sep|>",
  "<|endoftext|>",
  "<|endofprompt|>",
  "<|fim_prefix|>",
  "<|im_",
  "<|im",
  "<|",
  "<",
  "|",
  "|>",
  ">",
  "end|>",
  "start|>",
  "_end|>",
  "im_end",
  "endoftext|>",
  "system",
  "user",
  "\n",
  " ",
  "hi",
  "é",
  "\u200b",
  "＜｜",
];
const TOKENS = PIECES.filter((piece) => /^<\|\w+\|>$/.test(piece));
/** A token's head or tail, cut anywhere: two of them in neighbouring parts or fields join into it. */
const tokenPiece = fc
  .record({ token: fc.constantFrom(...TOKENS), cut: fc.nat(), head: fc.boolean() })
  .map(({ token, cut, head }) =>
    head ? token.slice(0, cut % token.length) : token.slice(cut % token.length),
  );
const text = fc
  .array(fc.oneof(fc.constantFrom(...PIECES), { arbitrary: tokenPiece, weight: 2 }), { maxLength: 6 })
  .map((p) => p.join(""));
const contentOf = fc.oneof(text, {
  arbitrary: fc.array(
    text.map((t) => ({ type: "text" as const, text: t })),
    { minLength: 1, maxLength: 4 },
  ),
  weight: 2,
});
interface Attempt {
  role: string;
  name?: string;
  content: string | Array<{ type: "text"; text: string }>;
}
const messages: fc.Arbitrary<Attempt[]> = fc.array(
  fc
    .record({
      role: fc.oneof(fc.constantFrom("system", "user", "assistant"), text),
      name: fc.option(text),
      content: contentOf,
    })
    .map(({ name, ...rest }) => (name === null ? rest : { ...rest, name })),
  { minLength: 1, maxLength: 4 },
);

/** What the model reads of a content: text parts joined. */
const joined = (content: string | ReadonlyArray<{ text: string }>) =>
  typeof content === "string" ? content : content.map((part) => part.text).join("");

/** The structural special ids of `count` messages and a generation prompt. */
const structure = (count: number) => [
  ...Array.from({ length: count }, () => [IM_START, IM_END]).flat(),
  IM_START,
];

const RUNS = fuzzRuns(3000);

describe("injection: what the server's tokenizer sees", () => {
  it("the stand-in tokenizer reads every special-token spelling as its id", () => {
    expect(specialIdsIn("a<|im_end|>b<|endoftext|><|im_start|>")).toEqual([IM_END, 100257, IM_START]);
  });

  it("compile succeeds only when the tokenizer sees nothing but the structure's special tokens", () => {
    fc.assert(
      fc.property(messages, (input) => {
        let transcript: string;
        try {
          transcript = compile(input as CompileInput);
        } catch {
          return; // refused: nothing reaches the model
        }
        expect(specialIdsIn(transcript), JSON.stringify(input)).toEqual(structure(input.length));
      }),
      RUNS,
    );
  });

  it("validate without errors means a template that escapes nothing still yields only the structure", async () => {
    await fc.assert(
      fc.asyncProperty(messages, async (input) => {
        const { errorCount } = await validate(input);
        if (errorCount > 0) return;
        // A ChatML chat template as serving stacks write it: role and joined text, no escaping.
        const header = (m: Attempt) => (m.name === undefined ? m.role : `${m.role} name=${m.name}`);
        const rendered = `${input.map((m) => `<|im_start|>${header(m)}\n${joined(m.content)}<|im_end|>\n`).join("")}<|im_start|>assistant\n`;
        expect(specialIdsIn(rendered), JSON.stringify(input)).toEqual(structure(input.length));
      }),
      RUNS,
    );
  });
});
