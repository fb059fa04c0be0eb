// olderEngineNotes walks a request's every string (without the mocks of older-engine.test.ts,
// whose module copy mutation testing's coverage does not see): nulls, numbers, nesting and
// cycles are walked safely, and a character the engine does not know is found at any depth.
import { describe, expect, it } from "vitest";
import { olderEngineNotes } from "../src/tiktoken-view.js";

const UNASSIGNED = "\u0378";

describe("olderEngineNotes' walk of a value", () => {
  it("passes over nulls and numbers, and finds the character at any depth", () => {
    const request = { messages: [{ role: "assistant", content: null, n: 3, tool_calls: [] }] };
    expect(olderEngineNotes(request, false)).toEqual([]);
    const deep = {
      messages: [{ role: "user", content: [{ type: "text", text: ["x", { y: `a${UNASSIGNED}` }] }] }],
    };
    expect(olderEngineNotes(deep, false)).toHaveLength(1);
    expect(olderEngineNotes(null, false)).toEqual([]);
  });

  it("visits each object once: a cycle ends, and a shared object is read once", () => {
    const shared: Record<string, unknown> = { text: "plain" };
    const cyclic: Record<string, unknown> = { a: shared, b: shared };
    cyclic.self = cyclic;
    expect(olderEngineNotes(cyclic, false)).toEqual([]);
    shared.text = UNASSIGNED;
    expect(olderEngineNotes(cyclic, false)).toHaveLength(1);
  });
});
