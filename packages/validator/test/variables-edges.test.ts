// Declared variables at the edges: boolean schemas, required values, dotted names, and the
// maxTokens check of renderToTokens over values that are objects, missing or nested.
import { describe, expect, it } from "vitest";
import { checkValues, readVariables, render, renderToTokens, valuePath } from "../src/index.js";

describe("readVariables", () => {
  it("takes a boolean schema as a variable without bounds, and refuses any other non-object", () => {
    const read = readVariables({ properties: { any: true, none: false, bad: 5, ok: { maxLength: 3 } } });
    expect([...read.variables.values()]).toEqual([
      { name: "any" },
      { name: "none" },
      { name: "bad" },
      { name: "ok", maxLength: 3 },
    ]);
    expect(read.problems).toEqual([
      { path: "$.properties.bad", message: "a variable's schema must be an object" },
    ]);
  });
});

describe("checkValues and valuePath", () => {
  it("place a missing required value at its own path, and other keywords at the value's", () => {
    const schema = {
      type: "object",
      required: ["q", "a b"],
      properties: { q: { type: "string" }, n: { type: "number" } },
    };
    expect(checkValues(schema, { n: "x" })).toEqual([
      { path: "$.q", keyword: "required", message: "is required" },
      { path: '$["a b"]', keyword: "required", message: "is required" },
      { path: "$.n", keyword: "type", message: "is not of a type(s) number" },
    ]);
  });

  it("spell a variable's path as render reads it: the flat name first, else through nested objects", () => {
    expect(valuePath({ "user.name": "x" }, "user.name")).toBe('$["user.name"]');
    expect(valuePath({ user: { name: "x" } }, "user.name")).toBe("$.user.name");
  });
});

describe("values against the schema in a messages template", () => {
  const schema = { type: "object", properties: { q: { type: "string", maxLength: 2 } } };

  it("render places the problem at the template's root, with the value's path", () => {
    const result = render([{ role: "user", content: "{{ q }}" }], { q: "long" }, { variables: schema });
    expect(result.output).toBeUndefined();
    expect(result.problems.map((p) => [p.code, p.path, p.valuePath, p.keyword])).toEqual([
      ["invalid-value", "$", "$.q", "maxLength"],
    ]);
  });

  it("renderToTokens counts each string, number or boolean with a maxTokens, by its dotted name too", async () => {
    const variables = {
      type: "object",
      properties: {
        user: { type: "object", properties: { bio: { type: "string", maxTokens: 2 } } },
        n: { type: "number", maxTokens: 1 },
        free: { type: "string" },
      },
    };
    const template = [{ role: "user", content: "{{ user.bio }} {{ n }} {{ free }}" }];
    const long = "one two three four";
    const over = await renderToTokens(
      template,
      { user: { bio: long }, n: 123456789012, free: long },
      { model: "gpt-4o", variables },
    );
    expect(over.ids).toBeUndefined();
    expect(over.problems.map((p) => [p.code, p.path, p.valuePath, p.keyword, p.variable])).toEqual([
      ["invalid-value", "$", "$.user.bio", "maxTokens", "user.bio"],
      ["invalid-value", "$", "$.n", "maxTokens", "n"],
    ]);
    // A value that is missing (the template's own problem) or no scalar (the schema's type) is
    // not counted against maxTokens.
    const notCounted = await renderToTokens(
      template,
      { user: "not an object", n: 1, free: long },
      { model: "gpt-4o", variables },
    );
    expect(notCounted.problems.map((p) => [p.code, p.valuePath, p.keyword])).toEqual([
      ["invalid-value", "$.user", "type"],
      ["missing-value", undefined, undefined],
    ]);
  });

  it("counts a boolean's text as render fills it, and reads no value from an array's own properties", async () => {
    // "false" is one token: over a maxTokens of 0.
    const variables = { properties: { flag: { type: "boolean", maxTokens: 0 } } };
    const template = [{ role: "user", content: "{{ flag }}" }];
    expect(render(template, { flag: false }).output).toEqual([{ role: "user", content: "false" }]);
    const over = await renderToTokens(template, { flag: false }, { model: "gpt-4o", variables });
    expect(over.ids).toBeUndefined();
    expect(over.problems.map((p) => [p.code, p.severity, p.valuePath, p.keyword, p.variable])).toEqual([
      ["invalid-value", "error", "$.flag", "maxTokens", "flag"],
    ]);
    expect(over.errorCount).toBe(1);
    // A JSON array has no member `length`, nor a string: the dotted path reads only objects.
    const lengths = render([{ role: "user", content: "{{ items.length }} {{ s.length }}" }], {
      items: ["a", "b"],
      s: "abc",
    });
    expect(lengths.problems.map((p) => [p.code, p.variable])).toEqual([
      ["missing-value", "items.length"],
      ["missing-value", "s.length"],
    ]);
  });
});
