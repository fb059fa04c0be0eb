// unknown-model for a body's model whose encoding has no ChatML special tokens: said as such,
// with no "did you mean" (the name is known, only not countable).
import { describe, expect, it } from "vitest";
import { validate } from "../src/index.js";

describe("unknown-model", () => {
  it("says a known model of an encoding without ChatML's tokens is not counted, and suggests nothing", async () => {
    const result = await validate({ model: "text-davinci-003", messages: [{ role: "user", content: "Hi" }] });
    expect(
      result.diagnostics.filter((d) => d.code === "unknown-model").map((d) => [d.path, d.message]),
    ).toEqual([
      [
        "$.model",
        'model "text-davinci-003" uses the p50k_base encoding, which has no ChatML special tokens, so the prompt was not counted against a context window (for a deployment name, give the model it runs: the model option, or chatml --model)',
      ],
    ]);
  });
});
