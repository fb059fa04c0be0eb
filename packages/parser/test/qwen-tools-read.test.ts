// Reading Qwen's tools block back from a system message: what the template writes is read as
// the tools declared; anything else is the system's text, kept whole. Found by mutation testing
// (profiles/qwen-tools.ts): the round trip was tested, the refusals were not.
import { describe, expect, it } from "vitest";
import { compile, parse } from "../src/index.js";

const tools = [
  {
    type: "function",
    function: { name: "f", description: "d", parameters: { type: "object", properties: {} } },
  },
];
const messages = [
  { role: "system", content: "Be brief." },
  { role: "user", content: "q" },
];
const transcript = compile({ messages, tools } as never, { profile: "qwen2.5", addGenerationPrompt: false });
const line = transcript.slice(transcript.indexOf("<tools>\n") + 8, transcript.indexOf("\n</tools>"));

describe("qwen's tools block, read back", () => {
  it("is the tools declared, and the system text before it", () => {
    const doc = parse(transcript, { profile: "qwen2.5" });
    expect(doc.tools).toEqual(tools);
    expect(doc.messages[0]?.content).toBe("Be brief.");
  });

  it.each([
    ["a tool that is not a function", line, '{"type": "x", "function": {}}'],
    ["a function that is not an object", line, '{"type": "function", "function": "f"}'],
    ["a line that is not an object", line, "[1]"],
    ["a line that is not JSON", line, "{oops"],
    ["another character after the opening tag", `<tools>\n${line}`, `<tools>x${line}`],
    ["no blank line after the system text", "Be brief.\n\n", "Be brief.\n"],
    ["the block's end changed", "</tool_call><|im_end|>", "</tool_call>.<|im_end|>"],
  ])("%s: no tools, the system message's text kept whole", (_, from, to) => {
    expect(transcript.includes(from)).toBe(true);
    const text = transcript.replace(from, to);
    const doc = parse(text, { profile: "qwen2.5" });
    expect(doc.tools).toBeUndefined();
    const system = doc.messages[0]?.content as string;
    expect(system.startsWith(to.startsWith("Be brief") ? "Be brief.\n#" : "Be brief.\n\n# Tools")).toBe(true);
    expect(text.includes(system)).toBe(true);
  });

  // The block's fixed text, as the template writes it: before the tool lines, and after them.
  const intro = transcript.slice(transcript.indexOf("# Tools"), transcript.indexOf("<tools>\n") + 7);
  const outro = transcript.slice(transcript.indexOf("\n</tools>"), transcript.indexOf("<|im_end|>"));
  const withSystem = (content: string) =>
    `<|im_start|>system\n${content}<|im_end|>\n<|im_start|>user\nq<|im_end|>\n`;

  it("reads the block only where its fixed text ends the message", () => {
    expect(parse(withSystem(`Be brief.\n\n${intro}\n${line}${outro}`), { profile: "qwen2.5" }).tools).toEqual(
      tools,
    );
    // Text of the outro's length in its place: the lines before it would read as tools, but the
    // block is not there.
    const content = `Be brief.\n\n${intro}\n${line}${".".repeat(outro.length)}`;
    const doc = parse(withSystem(content), { profile: "qwen2.5" });
    expect(doc.tools).toBeUndefined();
    expect(doc.messages[0]?.content).toBe(content);
  });

  it("a block with no system text before it is Qwen3's alone: Qwen2.5 always writes a system text first", () => {
    const alone = withSystem(`${intro}\n${line}${outro}`);
    expect(parse(alone, { profile: "qwen3" }).tools).toEqual(tools);
    expect(parse(alone, { profile: "qwen2.5" }).tools).toBeUndefined();
  });
});
