// validate-checks, at its edges: which checks run for which input, when a problem stops the
// count, where a repeated finding's other places are, and what the result says word for word.
import { describe, expect, it } from "vitest";
import { type ValidateOptions, validate } from "../src/index.js";

const messages = [{ role: "user", content: "hi" }];
const IM_END = "<|im_end|>";

async function found(input: unknown, options: ValidateOptions = {}) {
  const result = await validate(input, options);
  return result.diagnostics.map((d) => [d.code, d.path, d.start, d.end]);
}

describe("which checks run", () => {
  it("reads placeholders only as a template: without the option, {{ is text", async () => {
    const input = [{ role: "user", content: "a {{ b" }];
    expect(await found(input)).toEqual([]);
    expect((await found(input, { template: true })).map(([code]) => code)).toEqual(["invalid-placeholder"]);
  });

  it("scans a role the caller allows like any other: an allowed role with a special token is reported", async () => {
    const role = `x${IM_END}`;
    expect(await found([{ role, content: "hi" }], { roles: [role] })).toEqual([
      ["special-token", "$[0].role", 1, 11],
    ]);
  });

  it("lets the parser's diagnostic of a token in a header stand only for special-token's finding", async () => {
    // Llama's <|eot_id|> in a header: the parser reports where it is, foreign-special-token what it is.
    expect(await found("<|im_start|>user <|eot_id|>\nhi<|im_end|>\n")).toEqual([
      ["special-token-in-header", undefined, 17, 27],
      ["foreign-special-token", undefined, 17, 27],
    ]);
  });

  it("follows tool calls only in JSON: a transcript's tool turn answers nothing it could name", async () => {
    expect(await found("<|im_start|>tool\nresult<|im_end|>\n")).toEqual([]);
    expect(await found({ messages: [{ role: "tool", tool_call_id: "x", content: "r" }] })).toEqual([
      ["tool-call-reference", "$.messages[0].tool_call_id", 0, 1],
    ]);
  });

  it("an entry with no role is not the first non-system message: a system message after it is not late", async () => {
    expect((await found([{}, { role: "system", content: "s" }])).map(([code, path]) => [code, path])).toEqual(
      [
        ["invalid-message", "$[0].role"],
        ["invalid-message", "$[0].content"],
      ],
    );
  });
});

describe("a problem of the body stops the count", () => {
  it.each([
    ["a max_tokens the API refuses", { model: "gpt-4o", max_tokens: -1, messages }, "$.max_tokens"],
    ["tools that are no list", { model: "gpt-4o", messages, tools: 5 }, "$.tools"],
  ])("%s", async (_, input, path) => {
    const result = await validate(input);
    expect(result.diagnostics.map((d) => [d.code, d.path])).toEqual([["invalid-message", path]]);
    expect(result.count).toBeUndefined();
    const clean = await validate({ model: "gpt-4o", messages });
    expect(clean.count?.promptTokens).toBeGreaterThan(0);
  });
});

describe("a repeated finding", () => {
  it("in content given as parts, gives its other places from the start of its part, as its own", async () => {
    const parts = [
      { type: "text", text: "a" },
      { type: "text", text: `${IM_END} ${IM_END}` },
    ];
    const [d] = (await validate([{ role: "user", content: parts }])).diagnostics;
    expect([d?.path, d?.start, d?.end, d?.count, d?.more]).toEqual([
      "$[0].content[1].text",
      0,
      10,
      2,
      [{ start: 11, end: 21 }],
    ]);
  });
});

describe("a transcript's diagnostics, in the order of the text", () => {
  it("by where they start: one inside another comes after it", async () => {
    // A look-alike with an invisible character inside: the scan finds both, the outer first.
    expect(await found("<|im_start|>user\nhi <|im_\u200bend|><|im_end|>\n")).toEqual([
      ["special-token-lookalike", undefined, 20, 31],
      ["invisible-character", undefined, 25, 26],
    ]);
  });

  it("at one start, the shorter first: a budget breach of a text with no message is at its start", async () => {
    expect(await found("junk text", { model: "gpt-4o", maxPromptTokens: 1 })).toEqual([
      ["token-budget", undefined, 0, 0],
      ["text-outside-message", undefined, 0, 9],
    ]);
  });
});

describe("the result, as plain data", () => {
  it("counts errors and warnings apart", async () => {
    const result = await validate([
      { role: "user", content: IM_END },
      { role: "system", content: "late" },
    ]);
    expect(result.diagnostics.map((d) => d.severity).sort()).toEqual(["error", "warning"]);
    expect([result.errorCount, result.warningCount]).toEqual([1, 1]);
  });

  it("has no messageIndex member on a diagnostic that belongs to no message", async () => {
    const tools = [{ type: "function", function: { name: "f", description: IM_END } }];
    const [d] = (await validate({ messages, tools })).diagnostics;
    expect(d?.path).toBe("$.tools[0].function.description");
    expect(Object.hasOwn(d ?? {}, "messageIndex")).toBe(false);
    const [t] = (await validate(`${IM_END}`)).diagnostics;
    expect(Object.hasOwn(t ?? {}, "messageIndex")).toBe(false);
  });

  it("names no model when counting with an encoding alone", async () => {
    const result = await validate(messages, { encoding: "cl100k_base" });
    expect(result.count?.encoding).toBe("cl100k_base");
    expect(result.count && Object.hasOwn(result.count, "model")).toBe(false);
    expect((await validate(messages, { model: "gpt-4o" })).count?.model).toBe("gpt-4o");
  });
});
