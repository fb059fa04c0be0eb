import { describe, expect, it } from "vitest";
import { MAX_JSON_DEPTH, scanJson, tooDeep } from "../src/json-checks.js";

describe("tooDeep", () => {
  it("passes JSON up to the limit and finds the first bracket past it, with its path", () => {
    const limit = `${"[".repeat(MAX_JSON_DEPTH)}${"]".repeat(MAX_JSON_DEPTH)}`;
    expect(tooDeep(limit)).toBeUndefined();
    const over = `{"a": [1, {"b\\"]": ${"[".repeat(MAX_JSON_DEPTH)}]}]}`;
    const found = tooDeep(over);
    // Three containers are open before the run of brackets: the 254th bracket of the run is one too many.
    expect(found?.offset).toBe(over.indexOf("[[") + MAX_JSON_DEPTH - 3);
    expect(found?.path).toMatch(/^\$\.a\[1\]\["b\\"]"\]\[0\]…\(\d+ more levels\)…\[0\]\[0\]$/);
  });

  it("ignores brackets inside strings", () => {
    expect(tooDeep(JSON.stringify({ text: "[".repeat(10_000) }))).toBeUndefined();
  });
});

describe("scanJson's duplicate key", () => {
  it("finds the first repeated key in document order, at any depth, with its object's path", () => {
    const text =
      '{"messages": [{"role": "user", "content": "a", "content": "b"}], "model": "x", "model": "y"}';
    const found = scanJson(text).duplicate;
    expect(found?.key).toBe("content");
    expect(found?.path).toBe("$.messages[0]");
    expect(found?.offset).toBe(text.lastIndexOf('"content"'));
  });

  it("is undefined when no object repeats a key, and compares keys decoded", () => {
    expect(scanJson('[{"a": 1, "b": {"a": 2}}, {"a": 3}]').duplicate).toBeUndefined();
    expect(scanJson('{"a": 1, "\\u0061": 2}').duplicate?.key).toBe("a");
    // Past sixteen keys an object's keys are a set: the same answer.
    const many = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${i}`, i]));
    const text = `${JSON.stringify(many).slice(0, -1)}, "k7": 0}`;
    expect(scanJson(text).duplicate).toEqual({ key: "k7", offset: text.lastIndexOf('"k7"'), path: "$" });
  });

  it("skips comments and strings: their keys and brackets are none", () => {
    expect(scanJson('{\n  // "a": 1, "a": 2 [[[\n  "a": 1 /* "a": 3 */\n}').duplicate).toBeUndefined();
    expect(scanJson('{"t": "\\"a\\": 1, \\"a\\": 2"}').duplicate).toBeUndefined();
  });
});

describe("scanJson: a comment ends where it ends", () => {
  const dup = (text: string) => scanJson(text).duplicate?.key;

  it("keys after a line comment or a block comment are read", () => {
    expect(dup('{"a": 1, // note\n "a": 2}')).toBe("a");
    expect(dup('{"a": 1, /* note */ "a": 2}')).toBe("a");
  });

  it("a block comment does not end at the '*' that opened it, and a comment may follow one", () => {
    // "/*/" is no complete comment: its end is the later "*/".
    expect(dup('{"a": 1, /*/ "a": 2 */ "b": 3}')).toBeUndefined();
    expect(dup('{"a": 1, /* x *//* y */ "a": 2}')).toBe("a");
  });

  it("an unclosed comment runs to the end of the text; a slash alone starts none", () => {
    expect(dup('{"a": 1, /* "a": 2')).toBeUndefined();
    expect(dup('{"a": 1, "b": 2 / 1, "a": 3}')).toBe("a");
  });
});

describe("scanJson's result", () => {
  it("holds only what it found", () => {
    expect(Object.keys(scanJson('{"a": 1}'))).toEqual([]);
    expect(Object.keys(scanJson('{"a": 1, "a": 2}'))).toEqual(["duplicate"]);
  });

  it("a repeated key found before the text nests too deep is reported with it", () => {
    const text = `{"a": 1, "a": 2, "b": ${"[".repeat(MAX_JSON_DEPTH)}]}`;
    const found = scanJson(text);
    expect(found.duplicate).toEqual({ key: "a", offset: 9, path: "$" });
    expect(found.deep?.offset).toBe(text.indexOf("[") + MAX_JSON_DEPTH - 1);
  });

  it("the path to a repeated key is written whole however deep; only a too-deep path is cut", () => {
    const open = '{"k": '.repeat(10);
    const text = `${open}{"a": 1, "a": 2}${"}".repeat(10)}`;
    expect(scanJson(text).duplicate?.path).toBe(`$${".k".repeat(10)}`);
    const deep = tooDeep("[".repeat(MAX_JSON_DEPTH + 1));
    expect(deep).toEqual({
      offset: MAX_JSON_DEPTH,
      path: `$${"[0]".repeat(4)}…(${MAX_JSON_DEPTH - 6} more levels)…[0][0]`,
    });
  });

  it("a key whose escape cannot be decoded is compared as spelled", () => {
    expect(scanJson('{"\\x": 1, "\\x": 2}').duplicate?.key).toBe("\\x");
  });
});

describe("scanJson and comments", () => {
  it("a line comment that starts with '//*' is a line comment, not a block: the keys after it are read", () => {
    expect(scanJson('//*\n{"a": 1, "a": 2}')).toEqual({ duplicate: { key: "a", offset: 13, path: "$" } });
  });
});
