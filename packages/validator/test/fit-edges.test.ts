// fit's refusals of options and input at their edges, and the reason it gives when a prompt
// budget (not the window) is what the minimum breaks.
import { describe, expect, it } from "vitest";
import { FitInputError, fit, ValidatorError } from "../src/index.js";

const messages = [
  { role: "system", content: "Be brief." },
  { role: "user", content: "one two three four five six seven eight nine ten" },
];

describe("fit refuses", () => {
  it("a turns count that is not a whole number >= 1", async () => {
    for (const turns of [0, 1.5, -2]) {
      await expect(
        fit(messages, { model: "gpt-4o", maxTokens: 10, strategy: "last-n-turns", turns }),
      ).rejects.toMatchObject({
        code: "invalid-option",
        message: `turns must be a whole number >= 1, got ${turns}`,
      });
    }
  });

  it("to fit with nothing reserved for the answer: no maxTokens and no max_tokens in the body", async () => {
    const refused = fit({ messages }, { model: "gpt-4o" });
    await expect(refused).rejects.toBeInstanceOf(ValidatorError);
    await expect(refused).rejects.toThrow("fit needs maxTokens, or a request body with max_tokens");
    // The body's own max_tokens is enough.
    const fitted = await fit({ messages, max_tokens: 50 }, { model: "gpt-4o" });
    expect(fitted).toMatchObject({ ok: true, maxTokens: 50 });
  });

  it("a body's max_tokens that JSON cannot write, as input at its path (not a TypeError)", async () => {
    const refused = fit({ messages, max_tokens: 10n }, { model: "gpt-4o" });
    await expect(refused).rejects.toBeInstanceOf(FitInputError);
    await expect(refused).rejects.toThrow("$.max_tokens: max_tokens must be a whole number >= 0, got 10n");
  });

  it("lets an error that is no compile issue through, rather than call it a bad message", async () => {
    const hostile = [
      {
        get role(): string {
          throw new RangeError("a getter that throws");
        },
        content: "hi",
      },
    ];
    await expect(fit(hostile, { model: "gpt-4o", maxTokens: 10 })).rejects.toThrow(RangeError);
    await expect(fit(hostile, { model: "gpt-4o", maxTokens: 10 })).rejects.not.toBeInstanceOf(FitInputError);
  });
});

describe("when even the minimum does not fit", () => {
  it("names the prompt budget when it is tighter than the window", async () => {
    const result = await fit(messages, { model: "gpt-4o", maxTokens: 100, maxPromptTokens: 5 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.promptLimit).toBe(5);
    expect(result.reason).toBe(
      `even the system messages and the last user turn need ${result.minimumTokens} prompt tokens, over the limit of 5 (prompt budget 5) by ${result.minimumTokens - 5}`,
    );
  });
});
