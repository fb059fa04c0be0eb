// JSON read with positions, in the parser so that a browser page places JSON
// diagnostics as the CLI does.
import { describe, expect, it } from "vitest";
import { readJsonSource } from "../src/index.js";

const source = (text: string) => {
  const read = readJsonSource(text);
  if (!read.ok) throw new Error(read.problem.message);
  return read.source;
};

describe("readJsonSource", () => {
  it("places a character inside a string, through escapes", () => {
    const text = '[\n  {"role": "user", "content": "a\\u200bb\\nc"}\n]';
    const doc = source(text);
    // Character 1 is the zero-width space, written as six characters of source.
    expect(doc.locate("$[0].content", 1)).toEqual({ offset: text.indexOf("\\u200b"), line: 2, column: 33 });
    expect(doc.locate("$[0].content", 2)).toEqual({ offset: text.indexOf("b\\n"), line: 2, column: 39 });
  });

  it("places a key, a value that is not a string, and the deepest value on a path that goes further", () => {
    const text = '{"a b": 5, "list": []}';
    const doc = source(text);
    // A key's place is its first character, inside the quotes, as a string's is.
    expect(doc.locate('$["a b"]', 0, true).offset).toBe(2);
    expect(doc.locate('$["a b"]').offset).toBe(text.indexOf("5"));
    expect(doc.locate("$.list[3].content").offset).toBe(text.indexOf("[]"));
  });

  it("reports invalid JSON, nesting too deep and a repeated key as problems at their place", () => {
    expect(readJsonSource('{"a": 1,\n}')).toMatchObject({
      ok: false,
      problem: {
        code: "invalid-json",
        line: 2,
        column: 1,
        message: expect.stringMatching(/^invalid JSON: /),
      },
    });
    expect(readJsonSource("[".repeat(300))).toMatchObject({ ok: false, problem: { code: "json-too-deep" } });
    expect(readJsonSource('{"a": 1, "a": 2}')).toMatchObject({
      ok: false,
      problem: { code: "duplicate-key", offset: 9 },
    });
  });

  it("takes comments only when asked", () => {
    const text = '{ // a note\n "model": "gpt-4o" }';
    expect(readJsonSource(text).ok).toBe(false);
    expect(readJsonSource(text, { comments: true })).toMatchObject({
      ok: true,
      source: { value: { model: "gpt-4o" } },
    });
  });

  it("gives plain data: a problem survives structuredClone", () => {
    const read = readJsonSource("[1,");
    expect(structuredClone(read)).toEqual(read);
  });
});
