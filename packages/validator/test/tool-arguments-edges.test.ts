// tool-arguments at its edges: arguments of only whitespace, a list holding an object's JSON (no
// double encoding), and a custom tool's call, whose free text is no function's arguments.
import { describe, expect, it } from "vitest";
import { validate } from "../src/index.js";

const argumentsFindings = async (call: Record<string, unknown>) =>
  (
    await validate({
      messages: [
        { role: "user", content: "Hi" },
        { role: "assistant", content: null, tool_calls: [{ id: "c1", ...call }] },
        { role: "tool", tool_call_id: "c1", content: "ok" },
      ],
    })
  ).diagnostics
    .filter((d) => d.code === "tool-arguments")
    .map((d) => d.message);
const fn = (args: string) => ({ type: "function", function: { name: "f", arguments: args } });

describe("tool-arguments", () => {
  it("calls arguments of only whitespace empty", async () => {
    expect(await argumentsFindings(fn(" \n "))).toEqual([
      'arguments is empty; give "{}" for a call without any',
    ]);
  });

  it("calls a list holding an object's JSON a list, not JSON encoded twice", async () => {
    expect(await argumentsFindings(fn(JSON.stringify(['{"a":1}'])))).toEqual([
      "arguments must hold a JSON object of the arguments by name, got an array",
    ]);
    expect(await argumentsFindings(fn(JSON.stringify('{"a":1}')))).toEqual([
      "arguments is JSON encoded twice: its JSON is a string holding the object; JSON.parse it once and give that string",
    ]);
  });

  it("leaves a custom tool's call alone, whatever else it carries", async () => {
    expect(
      await argumentsFindings({
        type: "custom",
        custom: { name: "grammar", input: "free text" },
        function: { name: "f", arguments: "not json" },
      }),
    ).toEqual([]);
  });
});
