// fit at its boundaries: a prompt exactly at the limit keeps everything, one token less drops the
// oldest turn; system messages' tokens count against the limit; last-n-turns keeps at most its
// number of turns; the reason names the limit that binds; each option refused with its words.
import { describe, expect, it } from "vitest";
import { fit } from "../src/index.js";
import { refusedAsync } from "./refused.js";

const conversation = [
  { role: "system", content: "You are terse. ".repeat(20) },
  { role: "user", content: "first question" },
  { role: "assistant", content: "first answer" },
  { role: "user", content: "second question" },
  { role: "assistant", content: "second answer" },
  { role: "user", content: "last question" },
];

const refusal = (options: Record<string, unknown>) =>
  refusedAsync(() => fit(conversation, { model: "gpt-4o", maxTokens: 10, ...options } as never));

describe("fit at the limit", () => {
  it("keeps everything at exactly the limit, and drops the oldest turn one token under it", async () => {
    const whole = await fit(conversation, { model: "gpt-4o", maxTokens: 10 });
    if (!whole.ok) throw new Error(whole.reason);
    const all = whole.promptTokens;
    const exactly = await fit(conversation, { model: "gpt-4o", maxTokens: 10, maxPromptTokens: all });
    expect(exactly.ok && exactly.dropped).toEqual([]);
    const under = await fit(conversation, { model: "gpt-4o", maxTokens: 10, maxPromptTokens: all - 1 });
    if (!under.ok) throw new Error(under.reason);
    expect(under.dropped.map((d) => d.index)).toEqual([1, 2]);
    expect(under.promptTokens).toBeLessThanOrEqual(all - 1);
  });

  it("counts the system messages against the limit: with them, only the last turn fits", async () => {
    const whole = await fit(conversation, { model: "gpt-4o", maxTokens: 10 });
    const lastOnly = await fit([conversation[0], conversation[5]], { model: "gpt-4o", maxTokens: 10 });
    if (!whole.ok || !lastOnly.ok) throw new Error("no fit");
    // One token short of also keeping the second turn.
    const budget = whole.promptTokens - (whole.promptTokens - lastOnly.promptTokens) / 2 - 1;
    const result = await fit(conversation, {
      model: "gpt-4o",
      maxTokens: 10,
      maxPromptTokens: Math.floor(budget),
    });
    if (!result.ok) throw new Error(result.reason);
    expect(result.messages).toEqual([conversation[0], conversation[5]]);
    expect(result.promptTokens).toBe(lastOnly.promptTokens);
  });

  it("gives each dropped message its own count", async () => {
    const whole = await fit(conversation, { model: "gpt-4o", maxTokens: 10 });
    if (!whole.ok) throw new Error(whole.reason);
    const under = await fit(conversation, {
      model: "gpt-4o",
      maxTokens: 10,
      maxPromptTokens: whole.promptTokens - 1,
    });
    if (!under.ok) throw new Error(under.reason);
    const without = await fit([conversation[0], ...conversation.slice(3)], {
      model: "gpt-4o",
      maxTokens: 10,
    });
    if (!without.ok) throw new Error(without.reason);
    expect(under.dropped.every((d) => d.tokens > 0)).toBe(true);
    expect(under.dropped.reduce((sum, d) => sum + d.tokens, 0)).toBe(
      whole.promptTokens - without.promptTokens,
    );
  });

  it("counts a system message between turns once: at exactly the limit, nothing is dropped", async () => {
    const between = [conversation[1], conversation[0], conversation[2], conversation[5]];
    const whole = await fit(between, { model: "gpt-4o", maxTokens: 10 });
    if (!whole.ok) throw new Error(whole.reason);
    const exactly = await fit(between, {
      model: "gpt-4o",
      maxTokens: 10,
      maxPromptTokens: whole.promptTokens,
    });
    expect(exactly.ok && exactly.dropped).toEqual([]);
  });

  it("says why nothing fits, naming the limit that binds", async () => {
    const budget = await fit(conversation, { model: "gpt-4o", maxTokens: 10, maxPromptTokens: 5 });
    expect(budget.ok).toBe(false);
    expect(!budget.ok && budget.reason).toMatch(
      /^even the system messages and the last user turn need \d+ prompt tokens, over the limit of 5 \(prompt budget 5\) by \d+$/,
    );
    const window = await fit(conversation, {
      encoding: "o200k_base",
      contextWindow: 60,
      maxTokens: 10,
      maxPromptTokens: 50,
    });
    // A budget equal to the window less the reservation: the window is what is named.
    expect(!window.ok && window.reason).toMatch(
      /over the limit of 50 \(context window 60 - max_tokens 10\) by \d+$/,
    );
  });
});

describe("fit's strategies", () => {
  it("last-n-turns keeps at most its turns, the last of them, though more would fit", async () => {
    const one = await fit(conversation, {
      model: "gpt-4o",
      maxTokens: 10,
      strategy: "last-n-turns",
      turns: 1,
    });
    expect(one.ok && one.messages).toEqual([conversation[0], conversation[5]]);
    const two = await fit(conversation, {
      model: "gpt-4o",
      maxTokens: 10,
      strategy: "last-n-turns",
      turns: 2,
    });
    expect(two.ok && two.messages).toEqual([conversation[0], ...conversation.slice(3)]);
    // Without a number of turns, as many as fit: all of them here.
    const all = await fit(conversation, { model: "gpt-4o", maxTokens: 10, strategy: "last-n-turns" });
    expect(all.ok && all.messages).toEqual(conversation);
    // drop-oldest takes no cap from turns.
    const oldest = await fit(conversation, { model: "gpt-4o", maxTokens: 10, turns: 1 });
    expect(oldest.ok && oldest.messages).toEqual(conversation);
  });

  it("last-n-turns with more turns than the conversation has keeps them all", async () => {
    const result = await fit(conversation, {
      model: "gpt-4o",
      maxTokens: 10,
      strategy: "last-n-turns",
      turns: Number.MAX_SAFE_INTEGER,
    });
    expect(result.ok && result.messages).toEqual(conversation);
  });

  it("names the model only when one was named", async () => {
    const named = await fit(conversation, { model: "gpt-4o", maxTokens: 10 });
    expect(named.model).toBe("gpt-4o");
    const custom = await fit(conversation, { encoding: "o200k_base", contextWindow: 10_000, maxTokens: 10 });
    expect("model" in custom).toBe(false);
  });
});

describe("fit's option refusals", () => {
  it("each with its code and words", async () => {
    expect(await refusal({ strategy: "newest" })).toEqual([
      "invalid-option",
      "strategy must be drop-oldest or last-n-turns, got newest",
    ]);
    expect(await refusal({ turns: 0 })).toEqual([
      "invalid-option",
      "turns must be a whole number >= 1, got 0",
    ]);
    expect(await refusal({ model: undefined, encoding: "o200k_base" })).toEqual([
      "invalid-option",
      "fit needs a context window (a known model's, or one given) or a prompt budget",
    ]);
    expect(await refusal({ maxTokens: undefined })).toEqual([
      "invalid-option",
      "fit needs maxTokens, or a request body with max_tokens",
    ]);
    // A prompt budget is a limit too, with no window known.
    const budgeted = await fit(conversation, {
      encoding: "o200k_base",
      maxTokens: 10,
      maxPromptTokens: 10_000,
    });
    expect(budgeted.ok).toBe(true);
  });
});
