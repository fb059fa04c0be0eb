// toJson writes what a chat template's tojson writes (json.dumps with ", " and ": "), and what
// JSON has no spelling for as JSON.stringify would in a list: null. Found by mutation testing
// (profiles/json.ts): undefined, non-finite numbers, undefined members and functions were untested.
import { describe, expect, it } from "vitest";
import { toJson } from "../src/profiles/json.js";

describe("toJson", () => {
  it("writes json.dumps' separators, keys in order, non-ASCII as is", () => {
    expect(toJson({ b: 1, a: ["é", null, true, false, 1.5, "\n"] })).toBe(
      '{"b": 1, "a": ["é", null, true, false, 1.5, "\\n"]}',
    );
  });

  it("writes null for what JSON cannot spell, and leaves out undefined members", () => {
    expect(toJson(undefined)).toBe("null");
    expect(toJson([undefined, Number.NaN, Number.POSITIVE_INFINITY])).toBe("[null, null, null]");
    expect(toJson({ a: undefined, b: 2 })).toBe('{"b": 2}');
    expect(toJson(() => 1)).toBe("null");
    expect(toJson(10n as unknown)).toBe("null");
  });
});
