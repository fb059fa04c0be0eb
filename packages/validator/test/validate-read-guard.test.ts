// validate never throws on its input: readInput is total (the fuzz properties), and were it to
// throw (a bug), validate would report that as an error at the root rather than throw it.
import { describe, expect, it, vi } from "vitest";

vi.mock("../src/input.js", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../src/input.js")>();
  return {
    ...actual,
    readInput: () => {
      throw new Error("a bug");
    },
  };
});

const { validate } = await import("../src/index.js");

describe("validate, when reading the input throws", () => {
  it("reports the failure at the root as an error, with nothing else read", async () => {
    const result = await validate([{ role: "user", content: "hi" }]);
    expect(result.errorCount).toBe(1);
    expect(result.diagnostics.map((d) => [d.code, d.path, d.message])).toEqual([
      ["invalid-message", "$", "$: internal error reading the input: a bug"],
    ]);
    expect(result.warningCount).toBe(0);
  });
});
