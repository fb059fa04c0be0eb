import type { Message } from "@chatmlkit/parser";
import { describe, expect, expectTypeOf, it } from "vitest";
import { countChatTokens, countTranscriptTokens, fit, ValidatorError } from "../src/index.js";

/** A conversation of `turns` user/assistant pairs after one system message, each ~`size` words. */
function conversation(turns: number, size = 60) {
  const messages = [{ role: "system", content: "You answer questions about the weather." }];
  for (let t = 0; t < turns; t++) {
    messages.push({
      role: "user",
      content: `Question ${t}: ${"is it going to rain tomorrow ".repeat(size / 6)}`,
    });
    messages.push({
      role: "assistant",
      content: `Answer ${t}: ${"probably not, the sky is clear ".repeat(size / 6)}`,
    });
  }
  return messages;
}

describe("fit", () => {
  it("drops the oldest whole turns, keeps the system message and the last turn, and fits", async () => {
    const messages = conversation(30);
    const result = await fit({ messages }, { model: "gpt-35-turbo", maxTokens: 1000 });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.promptLimit).toBe(4096 - 1000);
    const recount = await countChatTokens(result.messages as typeof messages, { model: "gpt-35-turbo" });
    expect(recount.promptTokens).toBe(result.promptTokens);
    expect(result.promptTokens).toBeLessThanOrEqual(result.promptLimit);
    expect(result.messages[0]).toBe(messages[0]);
    expect(result.messages.at(-1)).toBe(messages.at(-1));
    // what was dropped is a prefix of whole turns, oldest first
    const dropped = result.dropped.map((d) => d.index);
    expect(dropped).toEqual(dropped.map((_, i) => i + 1));
    expect(dropped.length % 2).toBe(0);
    expect(result.dropped.length + result.messages.length).toBe(messages.length);
  });

  it("keeps everything when it already fits", async () => {
    const messages = conversation(2);
    const result = await fit(messages, { model: "gpt-4o", maxTokens: 1000 });
    expect(result.ok && result.dropped).toEqual([]);
  });

  it("caps the turns with last-n-turns", async () => {
    const messages = conversation(5, 6);
    const result = await fit(messages, {
      model: "gpt-4o",
      maxTokens: 100,
      strategy: "last-n-turns",
      turns: 2,
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.messages.map((m) => (m as { role: string }).role)).toEqual([
      "system",
      "user",
      "assistant",
      "user",
      "assistant",
    ]);
    expect(result.messages.at(-1)).toBe(messages.at(-1));
  });

  it("honours a budget below the context window", async () => {
    const result = await fit(conversation(10, 12), { model: "gpt-4o", maxTokens: 100, maxPromptTokens: 200 });
    expect(result.ok && result.promptTokens).toBeLessThanOrEqual(200);
    expect(result.promptLimit).toBe(200);
  });

  it("says so, with the numbers, when even the minimum does not fit", async () => {
    const messages = [
      { role: "system", content: "rules ".repeat(4000) },
      { role: "user", content: "hi" },
    ];
    const result = await fit(messages, { model: "gpt-35-turbo", maxTokens: 500 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.minimumTokens).toBeGreaterThan(result.promptLimit);
    expect(result.reason).toMatch(
      /need \d+ prompt tokens, over the limit of 3596 \(context window 4096 - max_tokens 500\)/,
    );
  });

  it("fits a transcript as a transcript", async () => {
    const turns = conversation(20);
    const text =
      turns.map((m) => `<|im_start|>${m.role}\n${m.content}<|im_end|>\n`).join("") +
      "<|im_start|>assistant\n";
    const result = await fit(text, { model: "gpt-35-turbo", maxTokens: 1000 });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.formula).toBe("completions-raw");
    const recount = await countTranscriptTokens(result.transcript ?? "", { model: "gpt-35-turbo" });
    expect(recount.tokens).toBe(result.promptTokens);
    expect(result.transcript?.endsWith("<|im_start|>assistant\n")).toBe(true);
  });

  it("rejects bad options with a typed error", async () => {
    await expect(fit([], { model: "gpt-4", maxTokens: -1 })).rejects.toBeInstanceOf(ValidatorError);
    await expect(fit([], { model: "gpt-4", maxTokens: 1, strategy: "newest" as never })).rejects.toThrow(
      /strategy/,
    );
    await expect(fit([], { encoding: "cl100k_base", maxTokens: 1 })).rejects.toThrow(/context window/);
  });
});

describe("fit keeps the caller's message type", () => {
  it("messages of the input's own type come back (checked by the typecheck too)", async () => {
    interface MyMessage {
      role: "system" | "user" | "assistant";
      content: string;
      id: number;
    }
    const mine: MyMessage[] = [
      { role: "system", content: "Be brief.", id: 1 },
      { role: "user", content: "Hi", id: 2 },
    ];
    const result = await fit({ messages: mine }, { model: "gpt-4o", maxTokens: 10 });
    if (!result.ok) throw new Error(result.reason);
    expectTypeOf(result.messages).toEqualTypeOf<readonly MyMessage[]>();
    expect(result.messages.map((m) => m.id)).toEqual([1, 2]);
    const fromTranscript = await fit("<|im_start|>user\nHi<|im_end|>\n", { model: "gpt-4o", maxTokens: 10 });
    if (fromTranscript.ok) expectTypeOf(fromTranscript.messages).toEqualTypeOf<readonly Message[]>();
  });
});

describe("fit on a transcript cuts it, never rewrites it", () => {
  const cases = {
    "an open final message stays open":
      "<|im_start|>user name=bob\nHi<|im_end|>\n<|im_start|>assistant\nThe answer is",
    "the chatml-sep dialect keeps its layout":
      "<|im_start|>system<|im_sep|>x<|im_end|>\n<|im_start|>user<|im_sep|>Hi<|im_end|>\n<|im_start|>assistant<|im_sep|>The",
    "header attributes and a generation prompt are kept":
      "<|im_start|>system lang=en\nBe brief.<|im_end|>\n<|im_start|>user\nWhat is ChatML?<|im_end|>\n<|im_start|>assistant\n",
  };
  for (const [what, transcript] of Object.entries(cases)) {
    it(`${what}, and its count is countTranscriptTokens'`, async () => {
      const result = await fit(transcript, { model: "gpt-4o", maxTokens: 10 });
      if (!result.ok) throw new Error(result.reason);
      expect(result.transcript).toBe(transcript);
      expect(result.promptTokens).toBe((await countTranscriptTokens(transcript, { model: "gpt-4o" })).tokens);
    });
  }

  it("dropped turns take their layout with them; the rest is the input's text, counted exactly", async () => {
    const turn = (i: number) =>
      `<|im_start|>user\nquestion ${i} ${"word ".repeat(200)}<|im_end|>\n<|im_start|>assistant\nanswer ${i}<|im_end|>\n`;
    const transcript = `<|im_start|>system\nBe brief.<|im_end|>\n${turn(0)}${turn(1)}${turn(2)}<|im_start|>assistant\n`;
    const result = await fit(transcript, { model: "gpt-4o", contextWindow: 600, maxTokens: 100 });
    if (!result.ok) throw new Error(result.reason);
    expect(result.dropped.map((d) => d.index)).toEqual([1, 2]);
    expect(result.transcript).toBe(
      `<|im_start|>system\nBe brief.<|im_end|>\n${turn(1)}${turn(2)}<|im_start|>assistant\n`,
    );
    const counted = await countTranscriptTokens(result.transcript as string, { model: "gpt-4o" });
    expect(result.promptTokens).toBe(counted.tokens);
  });
});
