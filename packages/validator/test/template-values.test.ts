// A template's values against its declared variables: readVariables' own refusals, checkValues'
// paths and keywords as JSON Schema gives them, and renderToTokens' maxTokens check (counted with
// the ids' own tokenizer, exactly at the bound allowed, a flat name before a dotted path).
import { describe, expect, it } from "vitest";
import { checkValues, readVariables, render, renderToTokens } from "../src/index.js";

const transcript = "<|im_start|>user\n{{ q }}<|im_end|>\n";

describe("readVariables", () => {
  it("refuses what is no schema object, at the root", () => {
    expect(readVariables(5)).toEqual({
      variables: new Map(),
      problems: [{ path: "$", message: "the variables must be a JSON Schema object with properties" }],
    });
  });

  it("gives a variable only the bounds it declares", () => {
    const { variables } = readVariables({ properties: { q: {}, r: { maxLength: 3 }, s: { maxTokens: 5 } } });
    expect(variables.get("q")).toStrictEqual({ name: "q" });
    expect(variables.get("r")).toStrictEqual({ name: "r", maxLength: 3 });
    expect(variables.get("s")).toStrictEqual({ name: "s", maxTokens: 5 });
  });
});

describe("checkValues", () => {
  it("reports the outer keyword of a choice, not each branch's own errors", () => {
    const schema = { properties: { q: { anyOf: [{ type: "string" }, { type: "number" }] } } };
    expect(checkValues(schema, { q: true }).map((v) => [v.path, v.keyword])).toEqual([["$.q", "anyOf"]]);
  });

  it("puts a missing required property at its own path, and no other keyword's argument", () => {
    const schema = { required: ["q"], properties: { q: { type: "string", pattern: "^a" } } };
    expect(checkValues(schema, {})).toEqual([{ path: "$.q", keyword: "required", message: "is required" }]);
    expect(checkValues(schema, { q: "b" }).map((v) => [v.path, v.keyword])).toEqual([["$.q", "pattern"]]);
  });
});

describe("render with declared variables", () => {
  it("says the value's path, the keyword and JSON Schema's words", () => {
    const variables = { properties: { q: { type: "string", maxLength: 2 } } };
    const [problem] = render(transcript, { q: "long" }, { variables }).problems;
    expect(problem?.message).toBe("$.q: maxLength: does not meet maximum length of 2");
  });
});

describe("renderToTokens with declared variables", () => {
  const variables = { properties: { q: { type: ["string", "number", "object"], maxTokens: 2 } } };

  it("allows a value exactly at its maxTokens, and refuses one over it", async () => {
    const at = await renderToTokens(transcript, { q: "hello world" }, { model: "gpt-4o", variables });
    expect([at.errorCount, at.problems]).toEqual([0, []]);
    const over = await renderToTokens(transcript, { q: "hello big world" }, { model: "gpt-4o", variables });
    expect(over.problems.map((p) => [p.code, p.message])).toEqual([
      ["invalid-value", "$.q: maxTokens: the value is 3 tokens, over the schema's maxTokens of 2"],
    ]);
    expect(over.ids).toBeUndefined();
  });

  it("counts a number as its text, and no object (render refuses that as a value)", async () => {
    const number = await renderToTokens(transcript, { q: 1234567890123 }, { model: "gpt-4o", variables });
    expect(number.problems.map((p) => p.keyword)).toEqual(["maxTokens"]);
    const object = await renderToTokens(
      transcript,
      { q: { a: "one two three four" } },
      { model: "gpt-4o", variables },
    );
    expect(object.problems.map((p) => p.keyword)).not.toContain("maxTokens");
  });

  it("checks the schema first: a value the schema refuses is not counted as well", async () => {
    const schema = { properties: { q: { type: "string", maxLength: 3, maxTokens: 1 } } };
    const result = await renderToTokens(
      transcript,
      { q: "hello big world" },
      { model: "gpt-4o", variables: schema },
    );
    expect(result.problems.map((p) => p.keyword)).toEqual(["maxLength"]);
  });

  it("reads a flat name first, then the dotted path, and a missing one is no count", async () => {
    const nested = { properties: { user: { properties: { name: { maxTokens: 1 } } } } };
    const template = "<|im_start|>user\n{{ user.name }}<|im_end|>\n";
    const flat = await renderToTokens(
      template,
      { "user.name": "hello big world", user: { name: "x" } },
      { model: "gpt-4o", variables: nested },
    );
    expect(flat.problems.map((p) => [p.keyword, p.valuePath])).toEqual([["maxTokens", '$["user.name"]']]);
    const deep = await renderToTokens(
      template,
      { user: { name: "hello big world" } },
      { model: "gpt-4o", variables: nested },
    );
    expect(deep.problems.map((p) => [p.keyword, p.valuePath])).toEqual([["maxTokens", "$.user.name"]]);
    const missing = await renderToTokens(template, {}, { model: "gpt-4o", variables: nested });
    expect(missing.problems.map((p) => p.code)).toEqual(["missing-value"]);
  });

  it("places the problems of a messages template at the root, a transcript's by offset alone", async () => {
    const messages = [{ role: "user", content: "{{ q }}" }];
    const json = await renderToTokens(messages, { q: "hello big world" }, { model: "gpt-4o", variables });
    expect(json.problems[0]?.path).toBe("$");
    const text = await renderToTokens(transcript, { q: "hello big world" }, { model: "gpt-4o", variables });
    expect(text.problems[0] && Object.hasOwn(text.problems[0], "path")).toBe(false);
  });

  it("writes a profile's template, and has no notes of its own", async () => {
    const plain = await renderToTokens(transcript, { q: "hi" }, { model: "gpt-4o" });
    const qwen = await renderToTokens(transcript, { q: "hi" }, { model: "gpt-4o", profile: "qwen2.5" });
    expect(qwen.ids).not.toEqual(plain.ids);
    const refused = await renderToTokens(
      "<|im_start|>{{ r }}\nhi<|im_end|>\n",
      { r: "user" },
      { model: "gpt-4o" },
    );
    expect([refused.ids, refused.notes]).toEqual([undefined, []]);
  });
});
