// The hermes profile's tool signatures as its template's json_to_python_type writes them: maps
// (additionalProperties), a return schema and its description, schemas without a type; and the
// types it cannot name refused at their path, a return's included.
import { describe, expect, it } from "vitest";
import { compile, parse, tryCompile } from "../src/index.js";

const messages = [{ role: "user", content: "Hi" }];
const tool = (fn: Record<string, unknown>) => ({
  type: "function",
  function: { name: "f", description: "Does f.", ...fn },
});

describe("hermes tool signatures", () => {
  it("write maps, a return type and its description, and an untyped schema as Union[]", () => {
    const parameters = {
      type: "object",
      properties: {
        counts: { type: "object", additionalProperties: { type: "integer" } },
        raw: { type: "object" },
        anything: {},
        loose: true,
      },
    };
    const text = compile(
      {
        messages,
        tools: [
          tool({ parameters, return: { type: "object", additionalProperties: {}, description: "the map" } }),
        ],
      },
      { profile: "hermes" },
    );
    expect(text).toContain(
      '"description": "f(counts: dict[str, int], raw: dict, anything: Union[], loose: Union[]) -> dict[str, Union[]] - Does f.',
    );
    expect(text).toContain('        loose(Union[]): \n    Returns:\n        the map", "parameters": ');
  });

  it("write a return without a description as its type only", () => {
    const text = compile(
      {
        messages,
        tools: [tool({ parameters: { type: "object", properties: {} }, return: { type: "string" } })],
      },
      { profile: "hermes" },
    );
    expect(text).toContain('f() -> str - Does f.\n\n", "parameters": {}}');
    expect(text).not.toContain("Returns:");
  });

  it("refuse a type the template cannot name, inside a map or in the return", () => {
    const result = tryCompile(
      {
        messages,
        tools: [
          tool({
            parameters: {
              type: "object",
              properties: { m: { type: "object", additionalProperties: { type: "date" } } },
            },
            return: { type: "date" },
          }),
        ],
      },
      { profile: "hermes" },
    );
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.issues.map((i) => [i.code, i.path])).toEqual([
      ["invalid-tool", "$.tools[0].function.parameters.properties.m.type"],
      ["invalid-tool", "$.tools[0].function.return.type"],
    ]);
  });
});

describe("hermes tools read back", () => {
  const tools = [
    {
      type: "function",
      function: {
        name: "f",
        description: "Does f.",
        parameters: { type: "object", properties: { a: { type: "string" } } },
      },
    },
  ];
  const text = compile({ messages, tools }, { profile: "hermes" });

  it("only when the text is what the template writes of them; else it is a system message", () => {
    expect(parse(text, { profile: "hermes" }).tools).toEqual(tools);
    for (const edited of [
      // A signature that disagrees with the parameters after it.
      text.replace("f(a: str)", "f(a: int)"),
      // Parameters that are no JSON Schema object.
      text.replace(
        '"parameters": {"type": "object", "properties": {"a": {"type": "string"}}}}',
        '"parameters": [1]}',
      ),
    ]) {
      const doc = parse(edited, { profile: "hermes" });
      expect(doc.tools).toBeUndefined();
      expect(doc.messages.map((m) => m.role)).toEqual(["system", "user"]);
      expect(doc.diagnostics).toEqual([]);
    }
  });

  it("a tools message that lists none is read as no tools", () => {
    const none = text.replace(/<tools> [\s\S]* <\/tools>/, "<tools>  </tools>");
    const doc = parse(none, { profile: "hermes" });
    expect(doc.tools).toEqual([]);
    expect(doc.messages.map((m) => m.role)).toEqual(["user"]);
    // And written back the same: tools given, none of them, is that message.
    expect(compile({ messages, tools: [] }, { profile: "hermes" })).toBe(none);
  });
});
