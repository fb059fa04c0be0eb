// Reading hermes' tools back from its function-calling system prompt: each tool as its template
// writes it (the description between a Python signature and an Args list made from the
// parameters) is read back as declared; any other text is not a tool. Found by mutation testing
// (profiles/hermes.ts readTool): the round trip was tested, the refusals were not.
import { describe, expect, it } from "vitest";
import { compile, parse } from "../src/index.js";

const tools = [
  {
    type: "function",
    function: {
      name: "f",
      description: "d",
      parameters: { type: "object", properties: { a: { type: "string" } } },
    },
  },
];
const transcript = compile({ messages: [{ role: "user", content: "q" }], tools } as never, {
  profile: "hermes",
  addGenerationPrompt: false,
});

describe("hermes' tools, read back", () => {
  it("are the tools declared", () => {
    expect(parse(transcript, { profile: "hermes" }).tools).toEqual(tools);
  });

  it.each([
    ["no description key after the name", '", "description": "', '", "summary": "'],
    ["parameters that are not JSON", '"properties": {"a"', '"properties": {a"'],
    [
      "parameters that are not an object",
      '"parameters": {"type": "object", "properties": {"a": {"type": "string"}}}}',
      '"parameters": [1]}',
    ],
    ["a signature that is not the parameters'", "f(a: str) - d", "f(a: int) - d"],
    ["an Args list that is not the parameters'", "a(str): ", "a(int): "],
    ["a tool not closed by its brace", '{"type": "string"}}}}', '{"type": "string"}}}'],
  ])("%s: not a tool", (_, from, to) => {
    expect(transcript.includes(from)).toBe(true);
    expect(parse(transcript.replace(from, to), { profile: "hermes" }).tools).toBeUndefined();
  });
});
