// The model catalogue as callers see it: knownModels lists names resolveModel accepts, sorted,
// each with a context window; a known model keeps its catalogue figures when the caller adds a
// window; an unknown one is refused with a way out.
import { describe, expect, it } from "vitest";
import { knownModels, resolveModel } from "../src/models.js";

describe("knownModels", () => {
  it("is sorted, and every name resolves to a model with a context window", () => {
    const names = knownModels();
    expect(names).toEqual([...names].sort());
    expect(names.length).toBeGreaterThan(20);
    for (const model of names) {
      const info = resolveModel({ model });
      expect(typeof info.contextWindow, model).toBe("number");
      expect(info.contextWindow, model).toBeGreaterThan(0);
    }
  });
});

describe("resolveModel", () => {
  it("takes a known model's figures from gpt-tokenizer's catalogue", () => {
    const info = resolveModel({ model: "gpt-4o" });
    expect(info).toMatchObject({ name: "gpt-4o", encoding: "o200k_base", source: "gpt-tokenizer" });
    expect(info.maxOutputTokens).toBeGreaterThan(0);
  });

  it("a known model with the caller's window keeps the rest of its figures", () => {
    const catalogue = resolveModel({ model: "gpt-4o" });
    const given = resolveModel({ model: "gpt-4o", encoding: "o200k_base", contextWindow: 1000 });
    expect(given).toEqual({ ...catalogue, contextWindow: 1000, source: "caller" });
  });

  it("refuses an unknown model, saying how to describe one", () => {
    expect(() => resolveModel({ model: "gpt-4oo" })).toThrow(
      /^unknown model "gpt-4oo"; did you mean .*\(for a model chatmlkit does not know, give its encoding and context window\)$/,
    );
  });
});

describe("closest", () => {
  it("suggests only names within the distance allowed, at most three", async () => {
    const { closest } = await import("../src/suggest.js");
    expect(closest("zzzzzzzzzz", knownModels())).toEqual([]);
    expect(closest("gpt-4oo", knownModels())).toHaveLength(3);
    expect(closest("gpt-4oo", knownModels())[0]).toBe("gpt-4o");
  });
});
