// The validator's never-throw and "clean means clean" properties (the fuzz campaign, `pnpm
// fuzz`; small and seeded in the normal run). Counting sums, fit and the injection properties
// are in properties.test.ts and injection-properties.test.ts, at the same FUZZ_RUNS.
import { findSpecialTokens, readChatInput, SPECIAL_TOKENS, walkStrings } from "@chatmlkit/parser";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { anyInput, anyText, fuzzRuns, mutated, output } from "../../parser/test/arbitraries.js";
import { countChatTokens, countTranscriptTokens, fit, ValidatorError, validate } from "../src/index.js";
import { READERS } from "../src/lenient-readers.js";

const MODELS = fc.constantFrom("gpt-4o", "gpt-35-turbo", "gpt-4");

/** Awaits `run`; a ValidatorError (the typed error of bad input or options) counts as an answer. */
async function answers(run: () => Promise<unknown>): Promise<unknown> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof ValidatorError) return error;
    throw error;
  }
}

describe("fuzz: the validator never throws but its typed errors", () => {
  it("validate, countChatTokens, fit and readChatInput on any JSON value", async () => {
    await fc.assert(
      fc.asyncProperty(
        anyInput,
        MODELS,
        fc.integer({ min: 0, max: 400 }),
        async (input, model, maxTokens) => {
          const result = await validate(input, { model });
          expect(result.errorCount).toBeGreaterThanOrEqual(0);
          readChatInput(input);
          const count = await answers(() => countChatTokens(input as readonly unknown[], { model }));
          if (!(count instanceof ValidatorError)) {
            expect(Number.isSafeInteger((count as { promptTokens: number }).promptTokens)).toBe(true);
          }
          await answers(() => fit(input, { model, maxTokens }));
        },
      ),
      fuzzRuns(300),
    );
  });

  it("validate and countTranscriptTokens on any string, with any profile's output in it", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(anyText, output), MODELS, async (text, model) => {
        const result = await validate(text, { model });
        for (const d of result.diagnostics)
          expect(0 <= d.start && d.start <= d.end && d.end <= text.length).toBe(true);
        const count = await answers(() => countTranscriptTokens(text, { model }));
        if (!(count instanceof ValidatorError))
          expect((count as { tokens: number }).tokens).toBeGreaterThanOrEqual(0);
        await answers(() => fit(text, { model, maxTokens: 50 }));
      }),
      fuzzRuns(300),
    );
  });
});

/** Tokens as each lenient reader reads them. */
const READINGS = READERS.map((read) => SPECIAL_TOKENS.map((token) => read(token)));

const piece = fc.oneof(
  mutated,
  anyText,
  fc.constantFrom("hi", " ", "\n", "<", "|", ">", "im_end", "_", "ｉｍ", "\u200b"),
);
const text = fc.array(piece, { maxLength: 4 }).map((p) => p.join(""));
const messages = fc.array(
  fc.record(
    { role: fc.constantFrom("system", "user", "assistant"), content: text, name: text },
    { requiredKeys: ["role", "content"] },
  ),
  { minLength: 1, maxLength: 3 },
);

describe("fuzz: a clean validate means no special token and no look-alike", () => {
  it("every string of input validate finds nothing in holds no token, read by any lenient reader", async () => {
    let clean = 0;
    await fc.assert(
      fc.asyncProperty(messages, async (input) => {
        const { diagnostics } = await validate(input);
        if (diagnostics.length > 0) return;
        clean++;
        walkStrings(input, "$", 0, {
          string(value, path) {
            expect(findSpecialTokens(value), path).toEqual([]);
            READERS.forEach((read, r) => {
              const reading = read(value);
              for (const token of READINGS[r] as string[]) {
                expect(reading.includes(token), `${path} ${JSON.stringify(value)} reads as ${token}`).toBe(
                  false,
                );
              }
            });
          },
          tooDeep() {},
        });
      }),
      fuzzRuns(1000),
    );
    expect(clean).toBeGreaterThan(0);
  });
});

describe("defects the fuzzing found, kept as cases", () => {
  it("a tool call that is undefined counts as the null JSON sends (it threw a TypeError)", async () => {
    const input = { messages: [{ role: "system", tool_calls: [undefined] }] };
    const count = await countChatTokens(input as never, { model: "gpt-4o" });
    expect(count.parts.find((p) => p.path === "$.messages[0].tool_calls[0]")?.tokens).toBe(1);
    expect((await validate(input, { model: "gpt-4o" })).errorCount).toBeGreaterThanOrEqual(0);
  });
});
