import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse, source } from "../src/index.js";
import { anyText } from "./arbitraries.js";

// Results cross into workers (postMessage) and through JSON: they must be plain data.
describe("parse results are plain data", () => {
  it("structuredClone and a JSON round trip give an equal result, diagnostics and tokens included", () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const result = parse(text);
        const cloned = structuredClone(result);
        expect(cloned).toEqual(result);
        expect(JSON.parse(JSON.stringify(result))).toEqual(cloned);
        expect(source(cloned)).toBe(text);
      }),
      { numRuns: 300 },
    );
  });

  it("a diagnostic has its position as own data, not getters", () => {
    const [diagnostic] = parse("hi\n<|im_end|>").diagnostics;
    expect(diagnostic).toBeDefined();
    for (const key of ["line", "column", "endLine", "endColumn"]) {
      expect(Object.getOwnPropertyDescriptor(diagnostic, key)?.get, key).toBeUndefined();
    }
    expect(diagnostic).toMatchObject({ line: 1, column: 1, endLine: 1, endColumn: 3 });
  });
});
