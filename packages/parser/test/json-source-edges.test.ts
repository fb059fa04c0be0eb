// readJsonSource's places at the edges: no path, paths that do not fit the value's shape, escapes
// of every length, and long strings (placed through their table of offsets).
import { describe, expect, it } from "vitest";
import { readJsonSource } from "../src/index.js";

const source = (text: string) => {
  const read = readJsonSource(text);
  if (!read.ok) throw new Error(read.problem.message);
  return read.source;
};

describe("readJsonSource places", () => {
  it("the whole value when no path is given", () => {
    const text = '  {"a": 1}\n';
    const doc = source(text);
    expect(doc.locate(undefined)).toEqual({ offset: 2, line: 1, column: 3 });
    expect(doc.span(undefined)).toEqual({ start: 2, end: 10 });
  });

  it("the deepest value that exists when a step does not fit the value's kind", () => {
    const text = '{"obj": {"k": 1}, "list": [7], "empty": {}}';
    const doc = source(text);
    // An index into an object, a key into an array or a number, a key an empty object lacks.
    expect(doc.locate("$.obj[0]").offset).toBe(text.indexOf('{"k"'));
    expect(doc.locate("$.list.length").offset).toBe(text.indexOf("[7]"));
    expect(doc.locate("$.list[0].x").offset).toBe(text.indexOf("7"));
    expect(doc.span("$.empty.missing")).toEqual({ start: text.indexOf("{}"), end: text.indexOf("{}") + 2 });
    // A key asked for by a path that stops short places the deepest value, not a key.
    expect(doc.locate("$.obj.nope", 0, true).offset).toBe(text.indexOf('{"k"'));
    // A key's place is its first character, inside the quotes.
    expect(doc.locate("$.obj.k", 0, true).offset).toBe(text.indexOf('"k"') + 1);
  });

  it("a character after escapes of two and six characters of source", () => {
    const text = '["a\\nb\\u00e9c\\"d"]';
    const doc = source(text);
    const value = (doc.value as string[])[0] as string;
    expect(value).toBe('a\nbéc"d');
    for (const [i, ch] of [...value].entries()) {
      const at = doc.locate("$[0]", i).offset;
      const raw = text.slice(at);
      // Each decoded character starts where its spelling (plain or escaped) starts in the source.
      expect(JSON.parse(`"${raw.slice(0, raw[0] === "\\" ? (raw[1] === "u" ? 6 : 2) : 1)}"`)).toBe(ch);
    }
    // Past the end of the string: its closing quote.
    expect(doc.locate("$[0]", 99).offset).toBe(text.lastIndexOf('"'));
  });

  it("a character deep in a long string as a short walk would, escapes included", () => {
    // Over 512 characters of source: placed from the string's table, an entry every 256 characters.
    const pieces = ["x", "\\n", "\\u200b", "y", '\\"'];
    let raw = "";
    for (let i = 0; i < 3000; i++) raw += pieces[(i * 7) % pieces.length];
    const text = `{"long": "${raw}", "short": 1}`;
    const doc = source(text);
    const value = (doc.value as { long: string }).long;
    expect(value.length).toBe(3000);
    // The oracle: walk the source from the string's start, one decoded character at a time.
    const start = text.indexOf(raw);
    const offsets: number[] = [];
    for (let i = start; offsets.length < value.length; ) {
      offsets.push(i);
      i += text[i] !== "\\" ? 1 : text[i + 1] === "u" ? 6 : 2;
    }
    for (const n of [0, 1, 255, 256, 257, 511, 512, 1000, 2047, 2999]) {
      expect(doc.locate("$.long", n).offset, `character ${n}`).toBe(offsets[n]);
    }
    // Asked again (the table is kept), and past the end: the closing quote.
    expect(doc.locate("$.long", 2999).offset).toBe(offsets[2999]);
    expect(doc.locate("$.long", 5000).offset).toBe(start + raw.length);
  });
});

describe("readJsonSource places by the path's kind of step", () => {
  it("a key step finds a member of an object only, never an element of an array", () => {
    // The array's first element is itself an array of two strings, which reads like a key and a value.
    const text = '{"list": [["a", "b"]]}';
    expect(source(text).locate("$.list.a").offset).toBe(text.indexOf("[["));
  });

  it("a key asked for at an index is the element itself: an array has no keys", () => {
    const text = '{"list": [7, 8]}';
    expect(source(text).locate("$.list[1]", 0, true).offset).toBe(text.indexOf("8"));
  });

  it("an index of two digits or more", () => {
    const list = Array.from({ length: 12 }, (_, i) => i * 11);
    const text = JSON.stringify({ list });
    expect(source(text).locate("$.list[11]").offset).toBe(text.indexOf("121"));
  });
});

describe("readJsonSource refuses", () => {
  it("a trailing comma, with comments or without", () => {
    for (const options of [{}, { comments: true }]) {
      const read = readJsonSource("[1,]", options);
      expect(read.ok, JSON.stringify(options)).toBe(false);
    }
  });

  it("JSON nested too deep, saying where and why", () => {
    const read = readJsonSource(`{"a": ${"[".repeat(300)}`);
    expect(read).toEqual({
      ok: false,
      problem: {
        code: "json-too-deep",
        message:
          "JSON nested deeper than 256 levels at $.a[0][0][0]…(250 more levels)…[0][0]; no prompt or request nests this deep, so it is not read",
        offset: 6 + 255,
        line: 1,
        column: 6 + 255 + 1,
      },
    });
  });
});

describe("readJsonSource refuses text with no value", () => {
  it("empty, blank, or only a comment: expected a value at the end, with its place", () => {
    const problem = (text: string) => {
      const read = readJsonSource(text, { comments: true });
      return read.ok ? undefined : [read.problem.message, read.problem.line, read.problem.column];
    };
    const message = "invalid JSON: expected a value, found the end of the input";
    expect(problem("")).toEqual([message, 1, 1]);
    expect(problem("  ")).toEqual([message, 1, 3]);
    expect(problem("// only a comment\n")).toEqual([message, 2, 1]);
  });
});
