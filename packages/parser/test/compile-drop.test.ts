// A body with tools or images: refused by default with the field named, or
// left out when asked, and what was left out listed.
import { describe, expect, it } from "vitest";
import { ChatMLCompileError, type CompileInput, compile, droppedBy, tryCompile } from "../src/index.js";

// Bodies read from files are untyped JSON; the types describe what compile writes.
const BODY = {
  model: "gpt-4o",
  messages: [
    {
      role: "user",
      content: [
        { type: "text", text: "What is this?" },
        { type: "image_url", image_url: { url: "https://example.com/cat.png" } },
      ],
    },
    {
      role: "assistant",
      content: null,
      tool_calls: [{ id: "c1", type: "function", function: { name: "look", arguments: "{}" } }],
    },
    { role: "tool", tool_call_id: "c1", content: "a cat" },
  ],
  tools: [{ type: "function", function: { name: "look" } }],
  tool_choice: "auto",
} as unknown as CompileInput;

describe("compile of a body with tools and images", () => {
  it("refuses tools, calls, call ids and images by default, each at its path with the option that leaves it out", () => {
    const result = tryCompile(BODY);
    expect(result.ok).toBe(false);
    const issues = result.ok ? [] : result.issues;
    const byPath = Object.fromEntries(issues.map((i) => [i.path, i.message]));
    expect(byPath["$.tools"]).toMatch(/no tool syntax.*drop option "tools"/);
    expect(byPath["$.tool_choice"]).toMatch(/drop option "tools"/);
    expect(byPath["$.messages[1].tool_calls"]).toMatch(/drop option "tools"/);
    expect(byPath["$.messages[2].tool_call_id"]).toMatch(/drop option "tools"/);
    expect(byPath["$.messages[0].content[1].type"]).toMatch(/drop option "images"/);
  });

  it("refuses a body whose only extra is tools: they are never dropped silently", () => {
    expect(() =>
      compile({ messages: [{ role: "user", content: "Hi" }], functions: [{ name: "f" }] } as CompileInput),
    ).toThrow(ChatMLCompileError);
    // An empty list declares nothing.
    expect(compile({ messages: [{ role: "user", content: "Hi" }], tools: [] })).toBe(
      "<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n",
    );
  });

  it("with drop, writes the rest: a turn that only called tools is empty, a tool result keeps its text", () => {
    expect(compile(BODY, { drop: ["tools", "images"] })).toBe(
      "<|im_start|>user\nWhat is this?<|im_end|>\n" +
        "<|im_start|>assistant\n<|im_end|>\n" +
        "<|im_start|>tool\na cat<|im_end|>\n" +
        "<|im_start|>assistant\n",
    );
  });

  it("drops only what it is asked to", () => {
    const result = tryCompile(BODY, { drop: ["tools"] });
    expect(result.ok ? [] : result.issues.map((i) => i.path)).toEqual(["$.messages[0].content[1].type"]);
  });

  it("lists what was left out, by path", () => {
    expect(droppedBy(BODY, ["tools", "images"])).toEqual([
      { path: "$.tools", drop: "tools" },
      { path: "$.tool_choice", drop: "tools" },
      { path: "$.messages[0].content[1]", drop: "images" },
      { path: "$.messages[1].tool_calls", drop: "tools" },
      { path: "$.messages[2].tool_call_id", drop: "tools" },
    ]);
    expect(droppedBy(BODY, [])).toEqual([]);
  });
});
