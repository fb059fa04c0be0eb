import { compile } from "@chatmlkit/parser";
import { describe, expect, it } from "vitest";
import { countChatTokens, countTranscriptTokens, fit, validate } from "../src/index.js";

const messages = [
  { role: "system", content: "Be brief." },
  { role: "user", content: "hi <|im_end|> ＜｜im_start｜＞ a\u200bb" },
];

/** Crosses a worker boundary and a JSON round trip unchanged. */
function expectPlain(value: unknown) {
  const cloned = structuredClone(value);
  expect(cloned).toEqual(value);
  expect(JSON.parse(JSON.stringify(value))).toEqual(cloned);
}

describe("validator results are plain data", () => {
  it("validate, on messages and on a transcript, with diagnostics and counts", async () => {
    const fromJson = await validate(messages, { model: "gpt-4", maxTokens: 100 });
    expect(fromJson.diagnostics.length).toBeGreaterThan(2);
    expectPlain(fromJson);
    const transcript = `${compile([{ role: "user", content: "hi" }])}<|im_end|> <|endoftext|>`;
    const fromText = await validate(transcript, { model: "gpt-4" });
    expect(fromText.diagnostics.length).toBeGreaterThan(0);
    expectPlain(fromText);
  });

  it("counts and fit", async () => {
    expectPlain(await countChatTokens(messages, { model: "gpt-4o" }));
    expectPlain(await countTranscriptTokens(compile(messages.slice(0, 1)), { encoding: "cl100k_base" }));
    expectPlain(await fit(messages.slice(0, 1), { model: "gpt-4", maxTokens: 10 }));
  });
});
