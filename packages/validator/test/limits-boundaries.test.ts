// checkFits and the limit options at their boundaries: a prompt exactly at each limit fits, one
// token more does not; the message a breach is placed on is the first where the running total
// crosses the limit; the options' words and which limits a Limits holds.
import { describe, expect, it } from "vitest";
import { checkFits, isCount, limitsOf, ValidatorError, validate } from "../src/index.js";
import { checkLimitOptions } from "../src/limits.js";

const window = (contextWindow: number) => ({ contextWindow });

describe("checkFits at its boundaries", () => {
  const count = (perMessage: number[], fixed = 3) => ({
    promptTokens: fixed + perMessage.reduce((s, t) => s + t, 0),
    perMessage,
    fixed,
  });

  it("a prompt and its reservation exactly filling the window fit; one token more is over, by 1", () => {
    const limits = limitsOf(window(20), { maxTokens: 2 });
    expect(checkFits(count([5, 5, 5]), limits, "m")).toEqual({ fits: true, breaches: [] });
    expect(checkFits(count([5, 5, 6]), limits, "m").breaches).toEqual([
      {
        rule: "context-window",
        message: "prompt 19 tokens + max_tokens 2 = 21 exceeds m's context window of 20 by 1",
        messageIndex: 2,
        byMaxTokens: true,
      },
    ]);
  });

  it("places a window breach on the message where the prompt passes the window less the reservation", () => {
    // Running totals 8, 13, 18 against 20 - 8 = 12: message 1 crosses it.
    const breach = checkFits(count([5, 5, 5]), limitsOf(window(20), { maxTokens: 8 }), "m").breaches[0];
    expect(breach?.messageIndex).toBe(1);
    // A total exactly at the limit has not crossed it: running 8 against 8 is message 1's to cross.
    const at = checkFits(count([5, 5, 5]), limitsOf(window(20), { maxTokens: 12 }), "m").breaches[0];
    expect(at?.messageIndex).toBe(1);
  });

  it("calls a prompt that alone fills the window no fault of the reservation", () => {
    const exactly = checkFits(count([17]), limitsOf(window(20), { maxTokens: 1 }), "m").breaches[0];
    expect(exactly?.byMaxTokens).toBe(true);
    const over = checkFits(count([18]), limitsOf(window(20), { maxTokens: 1 }), "m").breaches[0];
    expect(over).toBeDefined();
    expect(over !== undefined && "byMaxTokens" in over).toBe(false);
  });

  it("a prompt or a message exactly at its budget fits", () => {
    const limits = limitsOf(window(1000), { maxPromptTokens: 13, maxMessageTokens: 5 });
    expect(checkFits(count([5, 5]), limits, "m")).toEqual({ fits: true, breaches: [] });
    expect(checkFits(count([5, 6]), limits, "m").breaches).toEqual([
      {
        rule: "token-budget",
        message: "prompt is 14 tokens, over the budget of 13 by 1",
        messageIndex: 1,
      },
      {
        rule: "token-budget",
        message: "message 1 is 6 tokens, over the per-message budget of 5",
        messageIndex: 1,
      },
    ]);
    // Without budgets, only the window judges.
    expect(checkFits(count([500, 400]), limitsOf(window(1000), {}), "m").fits).toBe(true);
  });
});

describe("limitsOf", () => {
  it("takes the reservation from the options, else the body, else none, and says where from", () => {
    expect(limitsOf(window(9), { maxTokens: 4 }, { value: 2, source: "max_tokens" })).toEqual({
      contextWindow: 9,
      maxTokens: 4,
      maxTokensSource: "option",
      promptLimit: 5,
    });
    expect(limitsOf(window(9), {}, { value: 2, source: "max_completion_tokens" })).toMatchObject({
      maxTokens: 2,
      maxTokensSource: "max_completion_tokens",
    });
    expect(limitsOf(window(9), {})).toMatchObject({
      maxTokens: 0,
      maxTokensSource: "default",
      promptLimit: 9,
    });
  });

  it("holds a budget only when one is given; the prompt limit is the lower of the two", () => {
    expect(Object.keys(limitsOf(window(9), {})).sort()).toEqual([
      "contextWindow",
      "maxTokens",
      "maxTokensSource",
      "promptLimit",
    ]);
    expect(limitsOf(window(9), { maxPromptTokens: 4, maxMessageTokens: 2 })).toMatchObject({
      maxPromptTokens: 4,
      maxMessageTokens: 2,
      promptLimit: 4,
    });
  });
});

describe("the limit options", () => {
  it("isCount: whole numbers from 0 that are safe integers", () => {
    expect([0, 1, 2 ** 53 - 1].map(isCount)).toEqual([true, true, true]);
    expect([-1, 1.5, Number.NaN, 2 ** 53, "3", null, Number.POSITIVE_INFINITY].map(isCount)).toEqual(
      Array(7).fill(false),
    );
  });

  it("each refused with its name and value", async () => {
    for (const key of ["maxTokens", "maxPromptTokens", "maxMessageTokens"] as const) {
      expect(() => checkLimitOptions({ [key]: -2 })).toThrow(
        expect.objectContaining({
          code: "invalid-option",
          message: `${key} must be a whole number >= 0, got -2`,
        }),
      );
    }
    await expect(validate([], { model: "gpt-4o", maxTokens: 1.5 })).rejects.toBeInstanceOf(ValidatorError);
  });
});
