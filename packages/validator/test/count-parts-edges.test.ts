// The request's parts counted at their edges: the cookbook's estimate of tools over definitions
// that are not plain strings, calls that cannot be priced as calls, and the functions adjustment
// of a system message whose content is parts.
import { describe, expect, it } from "vitest";
import { type ChatCount, countChatTokens } from "../src/index.js";

const partsOf = (count: ChatCount, method: string) => count.parts.filter((p) => p.method === method);
const messages = [{ role: "user", content: "Hi" }];

/** The tools estimate of one function definition. */
const toolsTokens = async (fn: Record<string, unknown>) => {
  const count = await countChatTokens(
    { messages, tools: [{ type: "function", function: fn }] },
    { model: "gpt-4o" },
  );
  const [part] = partsOf(count, "tools-cookbook");
  return part?.tokens;
};

describe("the cookbook estimate of tools", () => {
  it("drops a description's final dot, as the cookbook does", async () => {
    expect(await toolsTokens({ name: "f", description: "Find an order." })).toBe(
      await toolsTokens({ name: "f", description: "Find an order" }),
    );
  });

  it("reads a property schema that is no object as an empty one, and values that are no strings as JSON", async () => {
    const withProperties = (properties: Record<string, unknown>) =>
      toolsTokens({ name: "f", parameters: { type: "object", properties } });
    expect(await withProperties({ a: true })).toBe(await withProperties({ a: {} }));
    expect(await withProperties({ a: { enum: [1, true, null] } })).toBe(
      await withProperties({ a: { enum: ["1", "true", ""] } }),
    );
    expect(await withProperties({ a: { type: ["string", "null"] } })).toBe(
      await withProperties({ a: { type: '["string","null"]' } }),
    );
    // A JS caller's NaN and Infinity go out as null in the JSON body: counted as null is, as nothing.
    expect(await withProperties({ a: { enum: [Number.NaN, Number.POSITIVE_INFINITY, -0] } })).toBe(
      await withProperties({ a: { enum: ["", "", "0"] } }),
    );
    // A property adds to the estimate.
    expect(await withProperties({ a: {} })).toBeGreaterThan((await withProperties({})) ?? 0);
  });

  it("never throws on a value JSON cannot write: it is counted as nothing", async () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(await toolsTokens({ name: "f", description: cyclic })).toBe(await toolsTokens({ name: "f" }));
  });
});

describe("calls that cannot be priced as calls", () => {
  it("a function_call whose arguments are no string is counted as its value", async () => {
    const count = await countChatTokens(
      [{ role: "assistant", content: null, function_call: { name: "f", arguments: { a: 1 } } }],
      { model: "gpt-4o" },
    );
    expect(partsOf(count, "function-call")).toEqual([]);
    expect(count.parts.map((p) => p.path)).toContain("$[0].function_call");
  });

  it("a function_call without arguments is its name + 3", async () => {
    const count = await countChatTokens(
      [{ role: "assistant", content: null, function_call: { name: "now" } }],
      {
        model: "gpt-4o",
      },
    );
    const named = await countChatTokens(
      [{ role: "assistant", content: null, function_call: { name: "now", arguments: "" } }],
      { model: "gpt-4o" },
    );
    expect(partsOf(count, "function-call").map((p) => p.tokens)).toEqual(
      partsOf(named, "function-call").map((p) => p.tokens),
    );
  });
});

describe("the functions adjustment of the first system message", () => {
  it("adds no newline's worth when its content is parts, not a string", async () => {
    const fn = { name: "now", parameters: { type: "object", properties: {} } };
    const count = await countChatTokens(
      {
        messages: [{ role: "system", content: [{ type: "text", text: "Rules" }] }, ...messages],
        functions: [fn],
      },
      { model: "gpt-4o" },
    );
    expect(partsOf(count, "functions-system")).toMatchObject([
      { path: "$.messages[0]", tokens: -4, messageIndex: 0 },
    ]);
  });
});
