// The qwen3 profile where its template decides what reasoning to keep: only after the last user
// query, which tool output wrapped in <tool_response> is not, and with no query at all, none; the
// content after </think> loses its leading newlines; who wrote the tools system message and the
// generation prompt (compileToAttributedSegments' owners).
import { describe, expect, it } from "vitest";
import { compile, compileToAttributedSegments } from "../src/index.js";

const QWEN3 = { profile: "qwen3", addGenerationPrompt: false } as const;
const tools = [{ type: "function", function: { name: "f", parameters: { type: "object" } } }];
const call = { id: "c1", type: "function", function: { name: "f", arguments: "{}" } };

describe("qwen3: the reasoning kept", () => {
  it("after the last query: a user message of tool output both wrapped in <tool_response> tags is no query", () => {
    const conversation = (toolOutput: string) => [
      { role: "user", content: "q" },
      { role: "assistant", content: "", reasoning_content: "first thought", tool_calls: [call] },
      { role: "user", content: toolOutput },
      { role: "assistant", content: "done", reasoning_content: "second thought" },
    ];
    const kept = (toolOutput: string) => {
      const text = compile({ messages: conversation(toolOutput), tools }, QWEN3);
      expect(text).toContain("<think>\nsecond thought\n</think>");
      return text.includes("first thought");
    };
    expect(kept("<tool_response>42</tool_response>")).toBe(true);
    // Opened and not closed, or closed and not opened: a query, so what came before it is history.
    expect(kept("<tool_response>42")).toBe(false);
    expect(kept("42</tool_response>")).toBe(false);
  });

  it("none with no query at all: the template's last query is then the last message, and nothing comes after it", () => {
    for (const messages of [
      [{ role: "assistant", content: "a", reasoning_content: "r" }],
      [
        { role: "system", content: "s" },
        { role: "assistant", content: "a", reasoning_content: "r" },
      ],
    ]) {
      const text = compile(messages, QWEN3);
      expect(text).not.toContain("<think>");
      expect(text).toContain("<|im_start|>assistant\na<|im_end|>\n");
    }
  });

  it("the content after </think> without its leading newlines", () => {
    const messages = [
      { role: "user", content: "q" },
      { role: "assistant", content: "\n\nHello", reasoning_content: "r" },
    ];
    expect(compile(messages, QWEN3)).toBe(
      "<|im_start|>user\nq<|im_end|>\n<|im_start|>assistant\n<think>\nr\n</think>\n\nHello<|im_end|>\n",
    );
  });
});

describe("qwen3: who wrote what", () => {
  it("the tools system message with no system message of the request's is the tools', the generation prompt its own", () => {
    const { owners } = compileToAttributedSegments(
      { messages: [{ role: "user", content: "q" }], tools },
      { profile: "qwen3" },
    );
    expect(owners.map((o) => o.owner)).toEqual(["tools", "tools", 0, "generation-prompt"]);
  });
});
