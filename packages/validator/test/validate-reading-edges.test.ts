// Two things validate keeps across messages, at their edges: the list's path in a request body
// (tool results are matched to calls, and named, by it) and whether a non-system message came
// before (a message with no role does not count as one).
import { describe, expect, it } from "vitest";
import { validate } from "../src/index.js";

const found = async (input: unknown) =>
  (await validate(input)).diagnostics.map((d) => [d.code, d.path, d.messageIndex, d.message]);

describe("validate across messages", () => {
  it("names a request body's messages by the body's own path", async () => {
    const call = { id: "a", type: "function", function: { name: "f", arguments: "{}" } };
    const body = {
      model: "gpt-4o",
      messages: [
        { role: "user", content: "hi" },
        { role: "assistant", content: null, tool_calls: [call] },
        { role: "tool", tool_call_id: "b", content: "x" },
      ],
    };
    const [first] = await found(body);
    expect(first?.slice(0, 3)).toEqual(["tool-call-reference", "$.messages[2].tool_call_id", 2]);
    expect(first?.[3]).toContain(
      'tool_call_id "b" answers no open call: the assistant message before it ($.messages[1])',
    );
  });

  it("a message with no role (reported) does not make a later system message late", async () => {
    expect(await found([{ content: "x" }, { role: "system", content: "s" }])).toEqual([
      ["invalid-message", "$[0].role", 0, "$[0].role: the message has no role"],
    ]);
  });
});
