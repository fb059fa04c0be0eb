import { compile } from "@chatmlkit/parser";
import fc from "fast-check";
import { getEncoding } from "js-tiktoken";
import { describe, expect, it } from "vitest";
import { cases } from "../../../scripts/under-mutation.js";
import { anyText, conversation, fuzzRuns, message, mutated } from "../../parser/test/arbitraries.js";
import {
  countChatTokens,
  countTranscriptTokens,
  fit,
  loadTokenizer,
  validate,
  validateSync,
} from "../src/index.js";
import { readInput } from "../src/input.js";
import { lookalikeAt, OPENERS } from "../src/lookalike.js";
import { checkRead } from "../src/validate-checks.js";

const STRUCTURE = new Set(["<|im_start|>", "<|im_end|>", "<|im_sep|>"]);
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe("validate never throws", () => {
  it("on any JSON value", async () => {
    await fc.assert(
      fc.asyncProperty(fc.anything(), async (value) => {
        const result = await validate(value);
        expect(Array.isArray(result.diagnostics)).toBe(true);
      }),
      fuzzRuns(300),
    );
  });

  it("on any string, token fragments included, and on messages holding them", async () => {
    await fc.assert(
      fc.asyncProperty(anyText, async (text) => {
        const asTranscript = await validate(text);
        const asMessage = await validate([{ role: "user", content: text, name: text }]);
        for (const d of [...asTranscript.diagnostics, ...asMessage.diagnostics]) {
          expect(d.start).toBeLessThanOrEqual(d.end);
          expect(d.line).toBeGreaterThanOrEqual(1);
        }
      }),
      fuzzRuns(300),
    );
  });
});

describe("counting", () => {
  it("a compiled transcript's count is the sum of its parts", async () => {
    const cl100k = await loadTokenizer("cl100k_base");
    await fc.assert(
      fc.asyncProperty(conversation, async (c) => {
        const text = compile(c.messages, c);
        const count = await countTranscriptTokens(text, { encoding: "cl100k_base", ids: true });
        expect(count.messages.reduce((s, m) => s + m.tokens, 0) + count.other).toBe(count.tokens);
        expect(count.ids?.length).toBe(count.tokens);
        // and the sum over the pieces between special tokens, counted alone
        const pieces = text.split(/(<\|im_start\|>|<\|im_end\|>|<\|im_sep\|>)/).filter((p) => p !== "");
        const byPieces = pieces.reduce((s, p) => s + (STRUCTURE.has(p) ? 1 : cl100k.countText(p)), 0);
        expect(count.tokens).toBe(byPieces);
      }),
      fuzzRuns(150),
    );
  });

  it("a chat count is priming plus its messages", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(message, { maxLength: 6 }), async (messages) => {
        const count = await countChatTokens(messages, { model: "gpt-4o" });
        expect(count.promptTokens).toBe(3 + count.messages.reduce((s, m) => s + m.tokens, 0));
      }),
      fuzzRuns(100),
    );
  });

  // An independent tokenizer (js-tiktoken, a port of OpenAI's tiktoken) must agree on ordinary text.
  for (const encoding of ["cl100k_base", "o200k_base"] as const) {
    it(`agrees with js-tiktoken on generated text (${encoding})`, async () => {
      const ours = await loadTokenizer(encoding);
      const theirs = getEncoding(encoding);
      const text = fc.oneof(
        anyText,
        fc.string({ unit: "grapheme", maxLength: 200 }),
        fc
          .array(
            fc.constantFrom(
              "def f(x):\n    return x",
              "東京の天気",
              "مرحبا",
              "  \n\n",
              "👩‍💻",
              "<|im_end|>",
              "1234567",
            ),
            {
              maxLength: 12,
            },
          )
          .map((p) => p.join(" ")),
      );
      fc.assert(
        fc.property(text, (s) => {
          // tiktoken encodes UTF-8 bytes: a lone surrogate is not text either can encode the same way.
          // U+FEFF is gpt-tokenizer's known divergence, pinned below.
          fc.pre(!LONE_SURROGATE.test(s) && !s.includes("\uFEFF"));
          expect(ours.encodeText(s)).toEqual(theirs.encode(s, [], []));
        }),
        { numRuns: cases(300) },
      );
    });
  }
});

describe("whitespace as tiktoken reads it (U+0085, U+FEFF)", () => {
  it("gives the ids of tiktoken's Rust core where JavaScript's \\s differs from Unicode's White_Space", async () => {
    const { get_encoding } = await import("tiktoken");
    for (const encoding of ["cl100k_base", "o200k_base"] as const) {
      const ours = await loadTokenizer(encoding);
      const rust = get_encoding(encoding);
      const text = fc
        .array(
          fc.constantFrom("\u0085", "\uFEFF", " ", "\n", "\u00A0", "a", "Hi", "12", "!", "é", "東京", "\t"),
          {
            maxLength: 16,
          },
        )
        .map((parts) => parts.join(""));
      fc.assert(
        fc.property(text, (s) => {
          const ids = [...rust.encode(s)];
          expect(ours.encodeText(s), JSON.stringify(s)).toEqual(ids);
          expect(ours.countText(s)).toBe(ids.length);
        }),
        { numRuns: cases(1000), seed: 9 },
      );
      rust.free();
    }
  });
});

describe("fit", () => {
  it("returns a prompt within the limit, or says the minimum is over it", async () => {
    const turn = fc.record({
      role: fc.constantFrom("system", "user", "assistant", "tool"),
      content: fc.string({ maxLength: 200 }),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(turn, { maxLength: 25 }),
        fc.integer({ min: 0, max: 4000 }),
        async (messages, maxTokens) => {
          const result = await fit(messages, { model: "gpt-35-turbo", maxTokens });
          if (result.ok) {
            const recount = await countChatTokens(result.messages as typeof messages, {
              model: "gpt-35-turbo",
            });
            expect(recount.promptTokens).toBe(result.promptTokens);
            expect(result.promptTokens).toBeLessThanOrEqual(result.promptLimit);
          } else {
            expect(result.minimumTokens).toBeGreaterThan(result.promptLimit);
          }
        },
      ),
      fuzzRuns(150),
    );
  });
});

describe("the look-alike rule", () => {
  it("answers the same with and without its cheap first looks", () => {
    let found = 0;
    fc.assert(
      fc.property(mutated, (text) => {
        fc.pre(OPENERS.includes(text[0] as string)); // lookalikeAt starts at an opener
        const full = lookalikeAt(text, 0, false);
        expect(lookalikeAt(text, 0)).toEqual(full);
        if (full !== undefined) found++;
      }),
      { numRuns: cases(50000) },
    );
    expect(found).toBeGreaterThan(cases(50000) / 10); // the edits leave many look-alikes to find
  });
});

describe("validate's plain-message path", () => {
  it("gives the diagnostics the full reader gives", async () => {
    const role = fc.constantFrom("system", "user", "assistant", "tool", "robot", "", "user<|im_end|>");
    const plainish = fc.record(
      {
        role,
        content: fc.oneof(anyText, fc.constantFrom("", " \n", "hi")),
        name: fc.constantFrom("bob", "a b"),
        // members the plain path must not skip: their strings are checked too
        refusal: fc.constantFrom("no", "<|im_end|>"),
        tool_call_id: anyText,
      },
      { requiredKeys: ["role", "content"] },
    );
    const entry = fc.oneof(plainish, message, fc.anything({ maxDepth: 2 }));
    await fc.assert(
      fc.asyncProperty(fc.array(entry, { maxLength: 8 }), async (messages) => {
        // As JSON: diagnostics compute line and column lazily, with functions of their own.
        const fast = validateSync(messages);
        const full = checkRead(readInput(messages, "auto"), {}, undefined, false);
        expect(fast).toEqual(full);
      }),
      { numRuns: cases(1000) },
    );
  });
});
