// Small public helpers at their edges: readToolDefinitions over entries that are no definitions,
// escapeHidden keeping what a caller lays out itself, and ChatMLCompileError with no issue.
import { describe, expect, it } from "vitest";
import { ChatMLCompileError, escapeHidden, readToolDefinitions } from "../src/index.js";

describe("readToolDefinitions", () => {
  it("leaves out what is no definition, and reads a name or description that is no string as none", () => {
    expect(readToolDefinitions(undefined)).toEqual([]);
    // A request without definitions, or with lists that are no lists, defines nothing.
    expect(readToolDefinitions({ messages: [] })).toEqual([]);
    expect(readToolDefinitions({ tools: { type: "function" }, functions: "f" })).toEqual([]);
    const body = {
      tools: [null, { type: "function" }, { type: "function", function: { name: 5, description: "d" } }],
      functions: ["f", { name: "g", description: 7, parameters: {}, strict: true }],
    };
    expect(readToolDefinitions(body).map(({ raw: _raw, ...d }) => d)).toEqual([
      {
        kind: "tool",
        index: 2,
        path: "$.tools[2].function",
        name: undefined,
        description: "d",
        parameters: undefined,
        strict: undefined,
      },
      {
        kind: "function",
        index: 1,
        path: "$.functions[1]",
        name: "g",
        description: undefined,
        parameters: {},
        strict: true,
      },
    ]);
  });
});

describe("escapeHidden", () => {
  it("writes hidden characters as escapes, except those the caller keeps", () => {
    expect(escapeHidden("a\tb\u200bc")).toBe("a\\u{9}b\\u{200B}c");
    expect(escapeHidden("a\tb\u200bc", "\t")).toBe("a\tb\\u{200B}c");
  });
});

describe("ChatMLCompileError", () => {
  it("says the first issue and how many more, or that the input is invalid when there is none", () => {
    const issue = { code: "invalid-message" as const, message: "no role", path: "$[0]" };
    expect(new ChatMLCompileError([issue, issue]).message).toBe("$[0]: no role (and 1 more)");
    expect(new ChatMLCompileError([]).message).toBe("invalid input");
  });
});
