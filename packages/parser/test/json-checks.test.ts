import { parseTree } from "jsonc-parser";
import { describe, expect, it } from "vitest";
import { duplicateKey, MAX_JSON_DEPTH, tooDeep } from "../src/json-checks.js";

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

describe("duplicateKey", () => {
  it("finds the first repeated key in document order, at any depth, with its object's path", () => {
    const text =
      '{"messages": [{"role": "user", "content": "a", "content": "b"}], "model": "x", "model": "y"}';
    const root = parseTree(text);
    if (root === undefined) throw new Error("no tree");
    const found = duplicateKey(root);
    expect(found?.key).toBe("content");
    expect(found?.path).toBe("$.messages[0]");
    expect(found?.node.offset).toBe(text.lastIndexOf('"content"'));
  });

  it("is undefined when no object repeats a key", () => {
    const root = parseTree('[{"a": 1, "b": {"a": 2}}, {"a": 3}]');
    if (root === undefined) throw new Error("no tree");
    expect(duplicateKey(root)).toBeUndefined();
  });
});
