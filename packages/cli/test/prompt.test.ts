import { describe, expect, it } from "vitest";
import { isBrokenPromptJson, isPromptJson, isPromptLine, isPromptText } from "../src/input/prompt.js";

// What lint may quote in a code frame: only what reads as a prompt.
describe("isPrompt*", () => {
  it("a transcript needs a message header", () => {
    expect(isPromptText("<|im_start|>user\nhi<|im_end|>\n")).toBe(true);
    expect(isPromptText("stray text\n<|im_start|>user<|im_sep|>hi<|im_end|>")).toBe(true);
    expect(isPromptText("root:x:0:0:root:/root:/bin/bash\n")).toBe(false);
    expect(isPromptText("SECRET=x <|im_end|>")).toBe(false);
  });

  it("JSON needs a message: an array of them, or an object with a messages array", () => {
    expect(isPromptJson([{ role: "user", content: "hi" }])).toBe(true);
    expect(isPromptJson({ model: "gpt-4o", messages: [{ role: "user" }] })).toBe(true);
    expect(isPromptJson([{ role: "user" }, "junk"])).toBe(true);
    for (const value of [
      { apiKey: "sk-x" },
      [],
      { messages: [] },
      ["role"],
      [[{ role: "user" }]],
      null,
      "x",
      1,
    ]) {
      expect(isPromptJson(value)).toBe(false);
    }
  });

  it("JSON that does not parse needs a role key", () => {
    expect(isBrokenPromptJson('[{"role": "user", "content": "hi" ]')).toBe(true);
    expect(isBrokenPromptJson("TOKEN=hunter2\n")).toBe(false);
    expect(isBrokenPromptJson('{"apiKey": "sk-x",}')).toBe(false);
  });

  it("a dataset line must be JSON holding messages, or broken JSON with a role key", () => {
    expect(isPromptLine('{"messages":[{"role":"user","content":"hi"}]}')).toBe(true);
    expect(isPromptLine("TOKEN=hunter2")).toBe(false);
    expect(isPromptLine('{"apiKey":"sk-x"}')).toBe(false);
    expect(isPromptLine('{"messages": [{"role": "user", "content": "cut')).toBe(true);
  });
});
