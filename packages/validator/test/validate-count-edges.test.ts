// validate's budget rules where nothing is to blame but the reservation or the window: an empty
// prompt that the answer's reservation alone overflows.
import { describe, expect, it } from "vitest";
import { validate } from "../src/index.js";

describe("validate's context-window rule", () => {
  it("an empty transcript whose reservation alone overflows is one diagnostic, at the start, on no message", async () => {
    const result = await validate("", { encoding: "o200k_base", contextWindow: 4, maxTokens: 5 });
    const window = result.diagnostics.filter((d) => d.code === "context-window");
    expect(window).toHaveLength(1);
    expect(window[0]).toMatchObject({
      severity: "error",
      start: 0,
      end: 0,
      message: "prompt 0 tokens + max_tokens 5 = 5 exceeds the model's context window of 4 by 1",
    });
    expect(window[0]?.messageIndex).toBeUndefined();
  });

  it("a body's own max_completion_tokens that overflows is placed at that field", async () => {
    const body = { messages: [{ role: "user", content: "Hi" }], max_completion_tokens: 8190 };
    const result = await validate(body, { model: "gpt-4" });
    const window = result.diagnostics.find((d) => d.code === "context-window");
    expect(window?.path).toBe("$.max_completion_tokens");
    expect(window?.message).toMatch(
      /^prompt \d+ tokens \+ max_completion_tokens 8190 = \d+ exceeds gpt-4's context window of 8192/,
    );
  });
});
