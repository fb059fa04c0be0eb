// tool-schema over definitions of every wrong shape: a custom tool with no custom object, legacy
// functions that are no objects or have a name of the wrong kind, a parameters type that is not
// a string, and strict schemas nested past MAX_DEPTH (checked to there, not further).
import { MAX_DEPTH } from "@chatmlkit/parser";
import { describe, expect, it } from "vitest";
import { validate } from "../src/index.js";

const messages = [{ role: "user", content: "Hi" }];
const toolSchema = async (body: Record<string, unknown>) =>
  (await validate({ messages, ...body }, { model: "gpt-4o" })).diagnostics
    .filter((d) => d.code === "tool-schema")
    .map((d) => [d.path, d.message]);

describe("tool-schema", () => {
  it("a custom tool needs its custom object; one that has it is not a function tool's business", async () => {
    expect(
      await toolSchema({ tools: [{ type: "custom" }, { type: "custom", custom: { name: "grammar" } }] }),
    ).toEqual([["$.tools[0].custom", "a custom tool needs a custom object with its name"]]);
  });

  it("a legacy function that is no object, or whose name is no string", async () => {
    expect(await toolSchema({ functions: ["f", { name: 5 }] })).toEqual([
      ["$.functions[0]", 'a function must be an object with its name, got string "f"'],
      ["$.functions[1].name", "a function's name must be a string, got number 5"],
    ]);
  });

  it("a parameters type that is no string is named as JSON", async () => {
    const found = await toolSchema({
      tools: [{ type: "function", function: { name: "f", parameters: { type: ["object", "null"] } } }],
    });
    expect(found).toEqual([
      [
        "$.tools[0].function.parameters.type",
        'parameters must describe an object of the arguments by name ("type": "object"), got type ["object","null"]',
      ],
    ]);
  });

  it("checks a strict schema's objects down to MAX_DEPTH and no further", async () => {
    // An object schema without additionalProperties: false, the strict-mode fault, at each depth.
    const loose = () => ({ type: "object", properties: {} as Record<string, unknown> });
    const root = loose();
    let at = root;
    for (let depth = 1; depth <= MAX_DEPTH + 2; depth++) {
      const child = loose();
      at.properties.a = child;
      at = child;
    }
    const tools = [{ type: "function", function: { name: "f", strict: true, parameters: root } }];
    const found = await toolSchema({ tools });
    // The root and MAX_DEPTH levels below it: the two deeper are not walked.
    expect(found.filter(([, message]) => /additionalProperties/.test(String(message)))).toHaveLength(
      MAX_DEPTH + 1,
    );
  });
});
