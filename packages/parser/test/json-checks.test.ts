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
