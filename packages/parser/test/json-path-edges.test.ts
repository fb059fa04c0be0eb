// walkStrings and tooDeepPath: the walks every reader of messages JSON shares (the validator's
// scan of strings, the count's depth check), run here on the parser's own source.
import { describe, expect, it } from "vitest";
import { describeValue, MAX_DEPTH, memberPath, tooDeepPath, walkStrings } from "../src/index.js";

/** `[[[ ... leaf ... ]]]`, `levels` arrays deep. */
const nested = (levels: number, leaf: unknown): unknown => {
  let value = leaf;
  for (let i = 0; i < levels; i++) value = [value];
  return value;
};

const walk = (value: unknown, depth = 0) => {
  const seen: [string, string, boolean][] = [];
  const deep: string[] = [];
  walkStrings(value, "$", depth, {
    string: (text, path, isKey) => seen.push([text, path, isKey]),
    tooDeep: (path) => deep.push(path),
  });
  return { seen, deep };
};

describe("walkStrings", () => {
  it("visits every string and key, depth first in order, with its path; other values are skipped", () => {
    const value = { messages: [{ role: "user", content: ["a", 5, null, true] }], "a b": "x" };
    expect(walk(value)).toEqual({
      seen: [
        ["messages", "$.messages", true],
        ["role", "$.messages[0].role", true],
        ["user", "$.messages[0].role", false],
        ["content", "$.messages[0].content", true],
        ["a", "$.messages[0].content[0]", false],
        ["a b", '$["a b"]', true],
        ["x", '$["a b"]', false],
      ],
      deep: [],
    });
  });

  it("a string or a scalar at the top is itself the whole walk", () => {
    expect(walk("hi")).toEqual({ seen: [["hi", "$", false]], deep: [] });
    expect(walk(42)).toEqual({ seen: [], deep: [] });
    expect(walk(null)).toEqual({ seen: [], deep: [] });
  });

  it("stops at MAX_DEPTH and reports the place, visiting nothing below it", () => {
    const value = { a: nested(MAX_DEPTH, "hidden"), b: "kept" };
    const { seen, deep } = walk(value);
    expect(deep).toEqual([`$.a${"[0]".repeat(MAX_DEPTH - 1)}`]);
    expect(seen.map(([text]) => text)).toEqual(["a", "b", "kept"]);
    // The depth already reached counts: a value that starts deep is cut sooner.
    expect(walk(["x"], MAX_DEPTH - 1)).toEqual({ seen: [["x", "$[0]", false]], deep: [] });
    expect(walk([["x"]], MAX_DEPTH - 1)).toEqual({ seen: [], deep: ["$[0]"] });
  });

  it("a scalar, or a member left undefined, at the depth limit is no nesting: nothing is too deep", () => {
    expect(walk(nested(MAX_DEPTH, 5))).toEqual({ seen: [], deep: [] });
    expect(walk({ a: undefined, b: 5 })).toEqual({
      seen: [
        ["a", "$.a", true],
        ["b", "$.b", true],
      ],
      deep: [],
    });
  });
});

describe("tooDeepPath", () => {
  it("is undefined for a scalar or for a value within MAX_DEPTH", () => {
    expect(tooDeepPath("text")).toBeUndefined();
    expect(tooDeepPath(null)).toBeUndefined();
    expect(tooDeepPath({ a: [1, { b: "c" }], d: [] })).toBeUndefined();
    // MAX_DEPTH arrays: the innermost sits at depth MAX_DEPTH - 1, the string in it is no nesting.
    expect(tooDeepPath(nested(MAX_DEPTH, "leaf"))).toBeUndefined();
  });

  it("is the path of the first value past MAX_DEPTH, through arrays and keys", () => {
    expect(tooDeepPath(nested(MAX_DEPTH + 1, "leaf"))).toBe("[0]".repeat(MAX_DEPTH));
    // `deep` sits at depth 3, so MAX_DEPTH - 2 arrays from there reach depth MAX_DEPTH.
    const value = { ok: [1, 2], "a b": [{}, { deep: nested(MAX_DEPTH - 2, 0) }] };
    expect(tooDeepPath(value)).toBe(`["a b"][1].deep${"[0]".repeat(MAX_DEPTH - 3)}`);
    expect(tooDeepPath({ ok: [1, 2], "a b": [{}, { deep: nested(MAX_DEPTH - 3, 0) }] })).toBeUndefined();
    // "" when the value itself is already too deep.
    expect(tooDeepPath({}, MAX_DEPTH)).toBe("");
    expect(tooDeepPath([[]], MAX_DEPTH - 1)).toBe("[0]");
  });
});

describe("memberPath and describeValue", () => {
  it("spell a key as a path step and a value as problems name it", () => {
    expect([memberPath("content"), memberPath("$x_1"), memberPath("a-b"), memberPath("1a")]).toEqual([
      ".content",
      ".$x_1",
      '["a-b"]',
      '["1a"]',
    ]);
    expect([null, undefined, [], {}, 5, "s", false].map(describeValue)).toEqual([
      "null",
      "nothing",
      "an array",
      "an object",
      "number 5",
      'string "s"',
      "boolean false",
    ]);
  });
});
