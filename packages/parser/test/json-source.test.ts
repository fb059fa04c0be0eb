// JSON read with positions, in the parser so that a browser page places JSON
// diagnostics as the CLI does.
import fc from "fast-check";
import { getNodeValue, type Node, parseTree } from "jsonc-parser";
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

// readJsonSource reads strict JSON with JSON.parse and finds repeated keys by a scan, building
// jsonc-parser's tree only for positions: the same answers as the tree alone (the plain way).
describe("readJsonSource's fast path equals the tree's answers", () => {
  /** The tree's way: the value jsonc-parser builds, and the first repeated key in document order. */
  function byTree(text: string): { value: unknown; repeated?: { key: string; offset: number } } {
    const root = parseTree(text) as Node;
    let repeated: { key: string; offset: number } | undefined;
    const walk = (node: Node) => {
      if (node.type === "object") {
        const seen = new Set<string>();
        for (const property of node.children ?? []) {
          const [key, value] = property.children ?? [];
          if (key === undefined) continue;
          if (seen.has(key.value) && (repeated === undefined || key.offset < repeated.offset))
            repeated = { key: key.value, offset: key.offset };
          seen.add(key.value);
          if (value !== undefined) walk(value);
        }
      } else for (const child of node.children ?? []) walk(child);
    };
    walk(root);
    return { value: getNodeValue(root), ...(repeated && { repeated }) };
  }

  // Objects whose keys come from a few, so some repeat; written with and without layout.
  const key = fc.constantFrom("a", "b", "role", "content", "\\u0061", "é", "a b");
  const value: fc.Arbitrary<string> = fc.letrec<{ v: string }>((tie) => ({
    v: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      fc.jsonValue({ maxDepth: 1 }).map((v) => JSON.stringify(v)),
      fc.array(tie("v"), { maxLength: 4 }).map((items) => `[${items.join(", ")}]`),
      fc
        .array(fc.tuple(key, tie("v")), { maxLength: 4 })
        .map((members) => `{${members.map(([k, v]) => `"${k}": ${v}`).join(",\n ")}}`),
    ),
  })).v;

  it("for any JSON: the same value, and the same repeated key at the same place", () => {
    fc.assert(
      fc.property(value, (text) => {
        const tree = byTree(text);
        const read = readJsonSource(text);
        if (tree.repeated !== undefined) {
          expect(read.ok).toBe(false);
          if (!read.ok) {
            expect(read.problem.code).toBe("duplicate-key");
            expect(read.problem.offset).toBe(tree.repeated.offset);
            expect(read.problem.message).toContain(JSON.stringify(tree.repeated.key));
          }
          return;
        }
        expect(read.ok).toBe(true);
        if (read.ok) expect(read.source.value).toEqual(tree.value);
      }),
      { numRuns: 500, seed: 3 },
    );
  });
});
