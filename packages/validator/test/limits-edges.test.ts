// The limits of a prompt at their edges: a body's max_tokens or max_completion_tokens (both, or
// a value the API refuses), and the message a breach is placed on when the fixed part alone, or
// no message at all, is what breaks the window.
import { describe, expect, it } from "vitest";
import { bodyMaxTokens, checkFits, limitsOf } from "../src/index.js";

describe("bodyMaxTokens", () => {
  it("reads either field, and refuses both at once or a value that is not a whole number >= 0", () => {
    expect(bodyMaxTokens(undefined)).toEqual({});
    expect(bodyMaxTokens({ max_tokens: null })).toEqual({});
    expect(bodyMaxTokens({ max_completion_tokens: 7 })).toEqual({
      value: 7,
      source: "max_completion_tokens",
    });
    expect(bodyMaxTokens({ max_tokens: 1, max_completion_tokens: 2 }, "$.body")).toEqual({
      problem: {
        path: "$.body.max_completion_tokens",
        message: "set max_tokens or max_completion_tokens, not both",
      },
    });
    expect(bodyMaxTokens({ max_tokens: "10" }).problem?.message).toBe(
      'max_tokens must be a whole number >= 0, got "10"',
    );
    expect(bodyMaxTokens({ max_tokens: -1 }).problem?.message).toBe(
      "max_tokens must be a whole number >= 0, got -1",
    );
    // A JavaScript caller's value JSON cannot spell is shown as JavaScript does, not thrown over.
    expect(bodyMaxTokens({ max_tokens: () => 5 }).problem?.message).toBe(
      "max_tokens must be a whole number >= 0, got () => 5",
    );
    expect(bodyMaxTokens({ max_tokens: 10n }).problem?.message).toBe(
      "max_tokens must be a whole number >= 0, got 10n",
    );
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(bodyMaxTokens({ max_completion_tokens: cyclic }).problem).toEqual({
      path: "$.max_completion_tokens",
      message: "max_completion_tokens must be a whole number >= 0, got an object that holds itself",
    });
  });
});

describe("checkFits", () => {
  it("names the field that reserved the answer", () => {
    const limits = limitsOf({ contextWindow: 100 }, {}, bodyMaxTokens({ max_completion_tokens: 90 }));
    const verdict = checkFits({ promptTokens: 20, perMessage: [15], fixed: 5 }, limits, "the model");
    expect(verdict.breaches.map((b) => [b.rule, b.message, b.messageIndex, b.byMaxTokens])).toEqual([
      [
        "context-window",
        "prompt 20 tokens + max_completion_tokens 90 = 110 exceeds the model's context window of 100 by 10",
        0,
        true,
      ],
    ]);
  });

  it("places a breach on the last message when no message crosses the line, and on none without messages", () => {
    const limits = limitsOf({ contextWindow: 10 }, { maxTokens: 5 });
    // The running count (fixed 2, then 1, 1) never passes 10 - 5: the prompt's other tokens do.
    const late = checkFits({ promptTokens: 12, perMessage: [1, 1], fixed: 2 }, limits, "m");
    expect(late.breaches.map((b) => b.messageIndex)).toEqual([1]);
    const none = checkFits({ promptTokens: 12, perMessage: [], fixed: 12 }, limits, "m");
    expect(none.breaches).toHaveLength(1);
    expect(none.breaches[0]?.messageIndex).toBeUndefined();
    expect(none.breaches[0]?.byMaxTokens).toBeUndefined();
  });
});
