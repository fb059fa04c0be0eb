// fit with a profile whose template writes a message by its neighbours: qwen3 keeps reasoning only
// after the last user query, so dropping the turn that holds the query makes the kept assistant
// messages cheaper than their cost in the whole prompt. The result is the kept messages' own count.
import { describe, expect, it } from "vitest";
import { countChatTokensSync, fit, tokenizerFor } from "../src/index.js";

const messages = [
  { role: "user", content: "What is the weather in Paris?" },
  {
    role: "assistant",
    content: "Let me look.",
    reasoning_content: "The user wants the weather; call the tool.",
  },
  { role: "user", content: "<tool_response>sunny, 21 C</tool_response>" },
  { role: "assistant", content: "It is sunny.", reasoning_content: "The tool says sunny; answer briefly." },
  { role: "user", content: "<tool_response>thanks</tool_response>" },
];
const options = { model: "gpt-4o", maxTokens: 10, profile: "qwen3" } as const;

describe("fit with a profile", () => {
  it("counts what it keeps as the profile writes it, not as the sum of the messages' costs in the whole prompt", async () => {
    const tokenizer = await tokenizerFor({ model: "gpt-4o" });
    const whole = await fit(messages, options);
    if (!whole.ok) throw new Error(whole.reason);
    const result = await fit(messages, { ...options, maxPromptTokens: whole.promptTokens - 1 });
    if (!result.ok) throw new Error(result.reason);
    expect(result.dropped.map((d) => d.index)).toEqual([0, 1]);
    const kept = countChatTokensSync({ messages: result.messages }, { tokenizer, profile: "qwen3" });
    expect(result.promptTokens).toBe(kept.promptTokens);
    // With the query gone, the reasoning of message 3 is no longer written: cheaper than its share.
    const shares = whole.promptTokens - result.dropped.reduce((sum, d) => sum + d.tokens, 0);
    expect(result.promptTokens).toBeLessThan(shares);
  });

  it("keeps everything when the prompt is exactly at the limit", async () => {
    const whole = await fit(messages, options);
    if (!whole.ok) throw new Error(whole.reason);
    const exactly = await fit(messages, { ...options, maxPromptTokens: whole.promptTokens });
    expect(exactly.ok && exactly.dropped).toEqual([]);
    expect(exactly.ok && exactly.promptTokens).toBe(whole.promptTokens);
  });
});
