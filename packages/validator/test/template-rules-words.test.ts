// The template rules' findings as validate places them, word for word, and TemplateRules' own
// results: what each field kind yields, in which order, and which variables it counts as used.
import { describe, expect, it } from "vitest";
import { validate } from "../src/index.js";
import type { Field } from "../src/input.js";
import { TemplateRules } from "../src/template/template-rules.js";
import { readVariables } from "../src/template/variables.js";

const variables = { properties: { x: { maxTokens: 10 } } };
const where = (d: { code: string; path?: string; start: number; end: number; message: string }) => [
  d.code,
  d.path,
  d.start,
  d.end,
  d.message,
];

describe("the template rules through validate", () => {
  it("place a content's placeholders and problems in the content, and the unused variable at the root", async () => {
    const result = await validate([{ role: "user", content: "{{ a }} {{ b" }], {
      model: "gpt-4o",
      variables,
    });
    expect(result.diagnostics.map(where)).toEqual([
      ["unused-variable", "$", 0, 0, "the variable x is declared but no placeholder uses it"],
      ["undeclared-variable", "$[0].content", 0, 7, '{{ a }} is not a declared variable; did you mean "x"?'],
      [
        "invalid-placeholder",
        "$[0].content",
        8,
        10,
        "{{ with no }}: close the placeholder, or write \\{{ for the text",
      ],
    ]);
  });

  it("report a placeholder in a role or a name as choosing structure, in that field's words", async () => {
    const result = await validate([{ role: "{{ r }}", name: "n{{x}}", content: "hi" }], {
      model: "gpt-4o",
      variables,
    });
    expect(result.diagnostics.filter((d) => d.code === "placeholder-in-header").map(where)).toEqual([
      [
        "placeholder-in-header",
        "$[0].role",
        0,
        7,
        "a placeholder in a message's role: a value would choose it; only contents take values",
      ],
      [
        "placeholder-in-header",
        "$[0].name",
        1,
        6,
        "a placeholder in a message's name: a value would choose it; only contents take values",
      ],
    ]);
  });

  it("place a transcript's findings at its offsets, and its unused variable with no path", async () => {
    const text = "<|im_start|>user\n{{ x }} {{ y }}<|im_end|>\n";
    const result = await validate(text, {
      model: "gpt-4o",
      variables: { properties: { x: { maxTokens: 3 }, z: { maxTokens: 3 } } },
    });
    const found = result.diagnostics.map((d) => [d.code, d.path, d.start, d.end, d.messageIndex]);
    expect(found).toEqual([
      ["unused-variable", undefined, 0, 0, undefined],
      ["undeclared-variable", undefined, text.indexOf("{{ y"), text.indexOf("{{ y") + 7, 0],
    ]);
  });
});

describe("TemplateRules", () => {
  const declared = readVariables({ properties: { x: { maxTokens: 10 } } }).variables;
  const content = (text: string, more: Partial<Field> = {}): Field => ({
    text,
    label: "content",
    kind: "content",
    base: 0,
    path: "$[0].content",
    ...more,
  });

  it("sorts a content's findings by where they start, problems and checks together", () => {
    const rules = new TemplateRules(declared);
    const found = rules.field(content("{{ a }} {{ b"), 0);
    expect(found.map((f) => [f.code, f.start, f.end, f.index])).toEqual([
      ["undeclared-variable", 0, 7, 0],
      ["invalid-placeholder", 8, 10, 0],
    ]);
    expect([...rules.used]).toEqual(["a"]);
  });

  it("reads each text part of a content on its own, placed in its part", () => {
    const rules = new TemplateRules(declared);
    const first = content("{{ x }}", { path: "$[0].content[0].text" });
    const second = content("and {{ w }}", { path: "$[0].content[1].text" });
    const joined = content("{{ x }}and {{ w }}", {
      parts: [
        { field: first, start: 0 },
        { field: second, start: 7 },
      ],
    });
    const found = rules.field(joined, 2);
    expect(found.map((f) => [f.code, f.field?.path, f.start, f.end, f.index])).toEqual([
      ["undeclared-variable", "$[0].content[1].text", 4, 11, 2],
    ]);
    expect([...rules.used]).toEqual(["x", "w"]);
  });

  it("counts no variable as used from a role, a name or any other string", () => {
    const rules = new TemplateRules(declared);
    expect(rules.field(content("{{ x }}", { kind: "role", label: "role" }), 0).map((f) => f.code)).toEqual([
      "placeholder-in-header",
    ]);
    expect(rules.field(content("{{ x", { kind: "name", label: "name" }), 0).map((f) => f.code)).toEqual([
      "placeholder-in-header",
    ]);
    expect(
      rules.field(content("{{ x }}", { kind: "value", label: "tool_calls[0].function.arguments" }), 0),
    ).toEqual([]);
    expect(rules.field(content("{{ x }}", { kind: "attribute", label: "attribute k" }), 0)).toEqual([]);
    expect(rules.used.size).toBe(0);
    expect(rules.unused({ kind: "json" } as never).map((f) => [f.code, f.field?.path, f.message])).toEqual([
      ["unused-variable", "$", "the variable x is declared but no placeholder uses it"],
    ]);
  });

  it("finds nothing in a text with no brace, and reports nothing unused with no variables declared", () => {
    const rules = new TemplateRules(undefined);
    expect(rules.field(content("no placeholders here }}"), 0)).toEqual([]);
    expect(rules.field(content("{{ anything }}"), 0)).toEqual([]);
    expect([...rules.used]).toEqual(["anything"]);
    expect(rules.unused({ kind: "json" } as never)).toEqual([]);
  });

  it("leaves a variable a placeholder used out of the unused ones", () => {
    const rules = new TemplateRules(
      readVariables({ properties: { x: { maxTokens: 1 }, y: { maxTokens: 1 } } }).variables,
    );
    rules.field(content("{{ y }}"), 0);
    const unused = rules.unused({ kind: "transcript" } as never);
    expect(unused.map((f) => [f.message, f.field, f.start, f.end, f.index])).toEqual([
      ["the variable x is declared but no placeholder uses it", undefined, 0, 0, undefined],
    ]);
  });
});
