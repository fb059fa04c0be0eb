// The template rules over a messages template: a declared variable no content uses is reported
// at the template's root, and braces outside role, name and content are no placeholders.
import { describe, expect, it } from "vitest";
import { validate } from "../src/index.js";

const variables = { properties: { q: { maxTokens: 10 }, spare: { maxTokens: 5 } } };

describe("the template rules in a messages template", () => {
  it("report a declared variable no placeholder uses, at the root", async () => {
    const result = await validate([{ role: "user", content: [{ type: "text", text: "{{ q }}" }] }], {
      model: "gpt-4o",
      variables,
    });
    expect(
      result.diagnostics.filter((d) => d.code === "unused-variable").map((d) => [d.path, d.message]),
    ).toEqual([["$", "the variable spare is declared but no placeholder uses it"]]);
  });

  it("read a tool call's arguments as JSON, not as a template: its braces use no variable", async () => {
    const template = [
      { role: "user", content: "{{ q }}" },
      {
        role: "assistant",
        content: null,
        tool_calls: [
          { id: "c1", type: "function", function: { name: "f", arguments: '{"a": "{{ spare }}"}' } },
        ],
      },
      { role: "tool", tool_call_id: "c1", content: "ok" },
    ];
    const result = await validate(
      { messages: template, tools: [{ type: "function", function: { name: "f" } }] },
      {
        model: "gpt-4o",
        variables,
      },
    );
    const codes = result.diagnostics.map((d) => d.code);
    expect(codes).toContain("unused-variable");
    expect(codes.filter((c) => c.startsWith("placeholder") || c === "undeclared-variable")).toEqual([]);
  });
});
