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

  describe("following the conversation", () => {
    const call = (id: string) => ({ id, type: "function", function: { name: "f", arguments: "{}" } });
    const tools = [{ type: "function", function: { name: "f" } }];
    const found = async (messages: unknown[]) =>
      (await validate({ messages, tools }, { model: "gpt-4o" })).diagnostics
        .filter((d) => d.code === "tool-call-reference")
        .map((d) => [d.path, d.message]);
    const user = { role: "user", content: "Hi" };

    it("a legacy function result between the calls and their results closes nothing", async () => {
      expect(
        await found([
          user,
          { role: "assistant", content: null, tool_calls: [call("c1")] },
          { role: "function", name: "g", content: "r" },
          { role: "tool", tool_call_id: "c1", content: "ok" },
        ]),
      ).toEqual([]);
    });

    it("names the message that ends the calls, by its role, or without one when it has none", async () => {
      const ends = async (next: Record<string, unknown>) =>
        (await found([user, { role: "assistant", content: null, tool_calls: [call("c1")] }, next]))[0]?.[1];
      expect(await ends({ role: "user", content: "more" })).toBe(
        'tool call "c1" is never answered: no tool message with this tool_call_id follows it before the user message at $.messages[2]',
      );
      expect(await ends({ content: "more" })).toBe(
        'tool call "c1" is never answered: no tool message with this tool_call_id follows it before the message at $.messages[2]',
      );
    });

    it("at the end of the messages, names the calls left unanswered beside answered ones", async () => {
      expect(
        await found([
          user,
          { role: "assistant", content: null, tool_calls: [call("c1"), call("c2")] },
          { role: "tool", tool_call_id: "c1", content: "ok" },
        ]),
      ).toEqual([
        [
          "$.messages[1].tool_calls[1].id",
          'tool call "c2" is never answered: no tool message with this tool_call_id follows it before the end of the messages',
        ],
      ]);
    });

    it("an empty tool_calls opens no calls: a tool message after it follows no calls", async () => {
      const [finding] = await found([
        user,
        { role: "assistant", content: "", tool_calls: [] },
        { role: "tool", tool_call_id: "c1", content: "ok" },
      ]);
      expect(finding?.[1]).toContain("no assistant message with tool_calls comes right before it");
    });

    it("suggests only a call still waiting for its result", async () => {
      const finding = (
        await found([
          user,
          { role: "assistant", content: null, tool_calls: [call("get_1"), call("zzzzzz")] },
          { role: "tool", tool_call_id: "get_1", content: "ok" },
          { role: "tool", tool_call_id: "get_2", content: "ok" },
        ])
      ).find(([path]) => path === "$.messages[3].tool_call_id");
      expect(finding?.[1]).toMatch(
        /^tool_call_id "get_2" answers no open call: the assistant message before it/,
      );
      expect(finding?.[1]).not.toContain("get_1");
    });
  });
});
