// resolveModel's answers for every way of naming a model: known, custom, a model chatmlkit does
// not know described by the caller, and the options that contradict or leave something out.
import { describe, expect, it } from "vitest";
import { resolveModel, ValidatorError } from "../src/index.js";

const refusal = (options: Parameters<typeof resolveModel>[0]) => {
  try {
    resolveModel(options);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidatorError);
    return [(error as ValidatorError).code, (error as Error).message];
  }
  throw new Error("accepted");
};

describe("resolveModel", () => {
  it("a custom model: the encoding's formula, the window given or none", () => {
    expect(resolveModel({ encoding: "cl100k_base" })).toMatchObject({
      name: "custom",
      encoding: "cl100k_base",
      contextWindow: Number.POSITIVE_INFINITY,
      formula: { id: "chat-cl100k" },
      source: "caller",
    });
    expect(resolveModel({ encoding: "o200k_base", contextWindow: 32000 })).toMatchObject({
      contextWindow: 32000,
      formula: { id: "chat-o200k" },
    });
  });

  it("a model chatmlkit does not know, described by the caller, keeps its name", () => {
    for (const encoding of ["cl100k_base", "o200k_base"] as const) {
      expect(resolveModel({ model: "ft:acme-1", encoding, contextWindow: 1000 })).toMatchObject({
        name: "ft:acme-1",
        encoding,
        contextWindow: 1000,
        formula: { id: encoding === "cl100k_base" ? "chat-cl100k" : "chat-o200k" },
        source: "caller",
      });
    }
  });

  it("a known model takes a context window from the caller, and says so", () => {
    expect(resolveModel({ model: "gpt-4o", contextWindow: 1000 })).toMatchObject({
      name: "gpt-4o",
      encoding: "o200k_base",
      contextWindow: 1000,
      source: "caller",
    });
    expect(resolveModel({ model: "gpt-4o", encoding: "o200k_base" }).encoding).toBe("o200k_base");
  });

  it("refuses a bad window, an encoding without ChatML tokens, nothing named, or a contradiction", () => {
    expect(refusal({ model: "gpt-4o", contextWindow: 0 })).toEqual([
      "invalid-option",
      "contextWindow must be a positive integer, got 0",
    ]);
    expect(refusal({ encoding: "o200k_base", contextWindow: 1.5 })[1]).toBe(
      "contextWindow must be a positive integer, got 1.5",
    );
    expect(refusal({ encoding: "p50k_base" as never })).toEqual([
      "unsupported-encoding",
      'encoding "p50k_base" has no ChatML special tokens; use cl100k_base or o200k_base',
    ]);
    expect(refusal({})).toEqual([
      "invalid-option",
      "name a model, or give an encoding (and a context window)",
    ]);
    expect(refusal({ contextWindow: 1000 })[0]).toBe("invalid-option");
    expect(refusal({ model: "gpt-4", encoding: "o200k_base" })).toEqual([
      "invalid-option",
      'model "gpt-4" uses cl100k_base, not o200k_base',
    ]);
    // An unknown name with only one of encoding and window is still unknown.
    expect(refusal({ model: "ft:acme-1", encoding: "o200k_base" })[0]).toBe("unknown-model");
  });
});
