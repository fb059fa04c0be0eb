// compile's input checks at their edges: attributes of every wrong shape, options that contradict
// the input, droppedBy over a list with a message that is no message, errors that are not compile's.
import { describe, expect, it } from "vitest";
import { type CompileInput, droppedBy, tryCompile } from "../src/index.js";

const issuesOf = (input: unknown, options = {}) => {
  const result = tryCompile(input as CompileInput, options);
  return result.ok ? [] : result.issues.map((i) => [i.code, i.path, i.message]);
};

describe("compile refuses attributes that cannot be written in a header", () => {
  it("not an object, an empty key, a key with '=', the name key, or a value that is no string", () => {
    expect(issuesOf([{ role: "user", content: "hi", attributes: ["a"] }])).toEqual([
      ["invalid-attribute", "$[0].attributes", "attributes must be an object of strings, got an array"],
    ]);
    const attributes = { "": "x", "a=b": "y", name: "z", n: 5, ok: "fine" };
    expect(issuesOf([{ role: "user", content: "hi", attributes }])).toEqual([
      ["invalid-attribute", '$[0].attributes[""]', 'attribute key "" must be non-empty and contain no "="'],
      [
        "invalid-attribute",
        '$[0].attributes["a=b"]',
        'attribute key "a=b" must be non-empty and contain no "="',
      ],
      [
        "invalid-attribute",
        "$[0].attributes.name",
        'the "name" attribute is written from the message\'s name field; set name instead',
      ],
      ["invalid-attribute", "$[0].attributes.n", "attribute n must be a string, got number 5"],
    ]);
    // The good one alone is written.
    expect(tryCompile([{ role: "user", content: "hi", attributes: { ok: "fine" } }])).toEqual({
      ok: true,
      text: "<|im_start|>user ok=fine\nhi<|im_end|>\n<|im_start|>assistant\n",
    });
  });

  it("issues of a message that is no object come first, then its fields' in field order", () => {
    const issues = issuesOf([5, { content: 7, attributes: [], role: "" }]);
    expect(issues[0]?.[1]).toBe("$[0]");
    expect(issues.slice(1).map((i) => i[1])).toEqual(["$[1].role", "$[1].attributes", "$[1].content"]);
  });
});

describe("compile refuses options the input cannot satisfy", () => {
  it('continueFinalMessage "reasoning" without a profile that writes reasoning', () => {
    expect(
      issuesOf([{ role: "assistant", content: "So" }], {
        continueFinalMessage: "reasoning",
        addGenerationPrompt: false,
      }),
    ).toEqual([
      [
        "invalid-option",
        "options",
        'continueFinalMessage "reasoning" needs a profile that writes reasoning (qwen3)',
      ],
    ]);
  });

  it("continueFinalMessage with no message to continue", () => {
    expect(issuesOf([], { continueFinalMessage: true, addGenerationPrompt: false })).toEqual([
      ["invalid-option", "options", "continueFinalMessage needs at least one message to continue"],
    ]);
  });

  it("tryCompile returns compile's issues but lets any other error through", () => {
    const hostile = [
      {
        get role(): string {
          throw new RangeError("a getter that throws");
        },
        content: "hi",
      },
    ];
    expect(() => tryCompile(hostile as CompileInput)).toThrow(RangeError);
  });
});

describe("droppedBy", () => {
  it("skips what is no message and reports the rest", () => {
    const body = { messages: [null, "text", { role: "assistant", content: "", tool_calls: [] }] };
    expect(droppedBy(body, ["tools"])).toEqual([{ path: "$.messages[2].tool_calls", drop: "tools" }]);
  });
});
