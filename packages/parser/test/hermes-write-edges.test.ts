// The hermes profile's writing at its edges: when the tool_use format applies, who owns which
// piece, how an argument's description and unusual types are written, and which system message
// reads back as the tools prompt.
import { describe, expect, it } from "vitest";
import { compile, compileToAttributedSegments, parse } from "../src/index.js";

const tool = (properties: Record<string, unknown>) => ({
  type: "function",
  function: { name: "f", description: "Does f.", parameters: { type: "object", properties } },
});
const hermes = (input: Parameters<typeof compile>[0], options = {}) =>
  compile(input, { profile: "hermes", ...options });

describe("hermes: the tool_use format", () => {
  it("applies to a conversation whose assistant calls a tool, with no tools declared and no results", () => {
    const text = hermes({
      messages: [
        { role: "user", content: "Hi" },
        {
          role: "assistant",
          content: "",
          tool_calls: [{ id: "c", type: "function", function: { name: "f", arguments: "{}" } }],
        },
      ],
    });
    expect(text.startsWith("<|im_start|>system\nYou are a function calling AI model.")).toBe(true);
    // Without a call, a result or a tool, it is plain ChatML: no system prompt.
    expect(hermes({ messages: [{ role: "user", content: "Hi" }] })).not.toContain("function calling");
  });

  it("gives the tools prompt to the template and the generation prompt to its own owner", () => {
    const { segments, owners } = compileToAttributedSegments(
      { messages: [{ role: "user", content: "Hi" }], tools: [tool({})] },
      { profile: "hermes", addGenerationPrompt: true },
    );
    /** The owner of the first segment spelled `piece`: the last mark at or before it. */
    const ownerOf = (piece: string) => {
      const at = segments.findIndex((s) => s === piece);
      expect(at, piece).toBeGreaterThanOrEqual(0);
      return owners.filter((mark) => mark.at <= at).at(-1)?.owner;
    };
    expect(owners[0]).toEqual({ at: 0, owner: "tools" });
    expect(ownerOf("assistant\n")).toBe("generation-prompt");
    expect(ownerOf("user\nHi")).toBe(0);
  });
});

describe("hermes: arguments and types", () => {
  it("trims an argument's description, as the template's |trim does", () => {
    const text = hermes({
      messages: [{ role: "user", content: "Hi" }],
      tools: [tool({ a: { type: "string", description: "  the a \n" } })],
    });
    expect(text).toContain("        a(str): the a");
    expect(text).not.toContain("a(str):   the a");
  });

  it("writes a one-type list as a Union, and a type that is no name as Any", () => {
    const text = hermes({
      messages: [{ role: "user", content: "Hi" }],
      tools: [tool({ one: { type: ["string"] }, odd: { type: 5 }, none: { type: null } })],
    });
    expect(text).toContain('"description": "f(one: Union[str], odd: Any, none: Any) - Does f.');
  });

  it("takes a property schema that is no object, and a map's values only for an object type", () => {
    const text = hermes({
      messages: [{ role: "user", content: "Hi" }],
      // additionalProperties means nothing beside a type that is no object: the string is a str.
      tools: [tool({ blank: null, s: { type: "string", additionalProperties: { type: "weird" } } })],
    });
    expect(text).toContain('"description": "f(blank: Union[], s: str) - Does f.');
  });
});

describe("hermes: reading the tools prompt back", () => {
  it("reads none from a system message that starts like the prompt but does not end like it", () => {
    const text = hermes({ messages: [{ role: "user", content: "Hi" }], tools: [tool({})] });
    const system = text.slice("<|im_start|>system\n".length, text.indexOf("<|im_end|>"));
    // The prompt's close replaced by as many other characters: its tools would read the same.
    const end = system.indexOf(" </tools>");
    const edited = `${system.slice(0, end)}${"x".repeat(system.length - end)}`;
    const doc = parse(`<|im_start|>system\n${edited}<|im_end|>\n`, { profile: "hermes" });
    expect(doc.tools).toBeUndefined();
    expect(doc.messages.map((m) => [m.role, m.content])).toEqual([["system", edited]]);
  });
});
