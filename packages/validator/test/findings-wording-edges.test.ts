// The wording of findings at their edges: an undeclared variable when none or none close are
// declared, and tool-call arguments whose JSON is null or a string that holds no object.
import { describe, expect, it } from "vitest";
import { validate } from "../src/index.js";

const messagesOf = async (result: ReturnType<typeof validate>, code: string) =>
  (await result).diagnostics.filter((d) => d.code === code).map((d) => d.message);

describe("undeclared-variable", () => {
  it("says when no variable is declared, and lists them when none is close", async () => {
    const template = "<|im_start|>user\n{{ question }}<|im_end|>\n";
    expect(
      await messagesOf(validate(template, { variables: { properties: {} } }), "undeclared-variable"),
    ).toEqual(["{{ question }} is not a declared variable; none are declared"]);
    expect(
      await messagesOf(
        validate(template, { variables: { properties: { lang: {}, user: {} } } }),
        "undeclared-variable",
      ),
    ).toEqual(["{{ question }} is not a declared variable; declared: lang, user"]);
  });
});

describe("tool-arguments", () => {
  it("names JSON that is null, or a string that holds no object, by its kind", async () => {
    const body = (args: string) => ({
      messages: [
        { role: "user", content: "Hi" },
        {
          role: "assistant",
          content: null,
          tool_calls: [{ id: "c1", type: "function", function: { name: "f", arguments: args } }],
        },
        { role: "tool", tool_call_id: "c1", content: "ok" },
      ],
      tools: [{ type: "function", function: { name: "f" } }],
    });
    expect(await messagesOf(validate(body("null"), { model: "gpt-4o" }), "tool-arguments")).toEqual([
      "arguments must hold a JSON object of the arguments by name, got null",
    ]);
    expect(await messagesOf(validate(body('"just text"'), { model: "gpt-4o" }), "tool-arguments")).toEqual([
      "arguments must hold a JSON object of the arguments by name, got a string",
    ]);
  });
});
