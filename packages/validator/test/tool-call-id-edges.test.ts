// tool-call-reference when a call's id is of the wrong kind: said as such, not as a missing id.
import { describe, expect, it } from "vitest";
import { validate } from "../src/index.js";

describe("tool-call-reference", () => {
  it("names an id that is no string by its kind, and a missing one as missing", async () => {
    const call = (id: unknown) => ({
      ...(id !== undefined && { id }),
      type: "function",
      function: { name: "f", arguments: "{}" },
    });
    const body = {
      messages: [
        { role: "user", content: "Hi" },
        { role: "assistant", content: null, tool_calls: [call(5), call(undefined)] },
      ],
      tools: [{ type: "function", function: { name: "f" } }],
    };
    const found = (await validate(body, { model: "gpt-4o" })).diagnostics
      .filter((d) => d.code === "tool-call-reference")
      .map((d) => [d.path, d.message]);
    expect(found).toEqual([
      ["$.messages[1].tool_calls[0].id", "a tool call's id must be a string, got number 5"],
      [
        "$.messages[1].tool_calls[1].id",
        "the tool call has no id; its tool message answers it by tool_call_id",
      ],
    ]);
  });
});
