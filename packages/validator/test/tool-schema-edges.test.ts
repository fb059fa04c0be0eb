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

  it("spans a wrong type's text when it is a string, and nothing when it is not", async () => {
    const spans = async (tools: unknown[]) =>
      (await validate({ messages, tools }, { model: "gpt-4o" })).diagnostics
        .filter((d) => d.code === "tool-schema")
        .map((d) => [d.path, d.start, d.end]);
    expect(
      await spans([
        { type: 5, function: { name: "f", parameters: { type: 7 } } },
        { type: "fn", function: { name: "g", parameters: { type: "str" } } },
      ]),
    ).toEqual([
      ["$.tools[0].type", 0, 0],
      ["$.tools[1].type", 0, 2],
      ["$.tools[0].function.parameters.type", 0, 0],
      ["$.tools[1].function.parameters.type", 0, 3],
    ]);
  });

  it("strict mode is the tools': a legacy function's strict flag checks nothing", async () => {
    const parameters = { type: "object", properties: { a: {} } };
    expect(await toolSchema({ functions: [{ name: "f", strict: true, parameters }] })).toEqual([]);
  });

  it("strict: object schemas in lists, in a type list, and untyped with properties; not a typed non-object", async () => {
    const parameters = {
      type: "object",
      properties: {
        either: {
          anyOf: [
            { type: "string" },
            { type: "object", properties: {}, additionalProperties: false },
            { properties: {} },
          ],
        },
        maybe: { type: ["object", "null"], properties: {}, additionalProperties: false },
        loose: { type: ["object", "null"] },
        text: { type: "string", properties: { x: {} } },
      },
      required: ["either", "maybe", "loose", "text"],
      additionalProperties: false,
    };
    expect(
      await toolSchema({ tools: [{ type: "function", function: { name: "f", strict: true, parameters } }] }),
    ).toEqual([
      [
        "$.tools[0].function.parameters.properties.either.anyOf[2].additionalProperties",
        'strict: true needs "additionalProperties": false in every object schema, got nothing',
      ],
      [
        "$.tools[0].function.parameters.properties.loose.additionalProperties",
        'strict: true needs "additionalProperties": false in every object schema, got nothing',
      ],
    ]);
  });

  it("strict: names the property missing from required and how to keep it optional", async () => {
    const parameters = {
      type: "object",
      properties: { city: {} },
      required: "city",
      additionalProperties: false,
    };
    expect(
      await toolSchema({ tools: [{ type: "function", function: { name: "f", strict: true, parameters } }] }),
    ).toEqual([
      [
        "$.tools[0].function.parameters.properties.city",
        'strict: true needs every property in "required": add "city" (to keep it optional, make it nullable: "type": ["string", "null"])',
      ],
    ]);
  });
});
