import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { validateSync } from "../src/index.js";
import { readInput } from "../src/input.js";
import { jsonSyntaxError } from "../src/json-syntax.js";
import { checkRead } from "../src/validate-checks.js";

type Diagnostics = ReturnType<typeof validateSync>["diagnostics"];

/** The diagnostics of `code`, as code, path and message. */
function found(input: unknown, code: string) {
  return pick(validateSync(input).diagnostics, code);
}

function pick(diagnostics: Diagnostics, code: string) {
  return diagnostics
    .filter((d) => d.code === code)
    .map((d) => ({
      path: d.path,
      message: d.message,
      start: d.start,
      end: d.end,
      ...(d.key && { key: true }),
    }));
}

const call = (id: string, args: unknown, name = "get_weather") => ({
  id,
  type: "function",
  function: { name, arguments: args },
});

const asking = (...calls: unknown[]) => ({ role: "assistant", content: null, tool_calls: calls });

const weather = {
  type: "function",
  function: {
    name: "get_weather",
    description: "Current weather",
    strict: true,
    parameters: {
      type: "object",
      properties: {
        city: { type: "string" },
        unit: { type: ["string", "null"], enum: ["c", "f", null] },
        where: {
          type: "object",
          properties: { lat: { type: "number" }, lon: { type: "number" } },
          required: ["lat", "lon"],
          additionalProperties: false,
        },
      },
      required: ["city", "unit", "where"],
      additionalProperties: false,
    },
  },
};

/** A request with tools, parallel calls, their results and a final answer: nothing to report. */
const WELL_FORMED = {
  model: "gpt-4o",
  max_completion_tokens: 200,
  parallel_tool_calls: true,
  tool_choice: "auto",
  tools: [weather, { type: "function", function: { name: "now" } }],
  messages: [
    { role: "system", content: "Be brief." },
    { role: "user", content: "Weather in Paris and the time?" },
    asking(
      call("call_1", '{"city": "Paris", "unit": null, "where": {"lat": 48.8, "lon": 2.3}}'),
      call("call_2", "{}", "now"),
    ),
    { role: "tool", tool_call_id: "call_2", content: "12:00" },
    { role: "tool", tool_call_id: "call_1", content: "18°C" },
    { role: "assistant", content: "18°C at noon." },
    { role: "user", content: "Thanks" },
  ],
};

describe("a well-formed request with tools, tool calls and tool results", () => {
  it("has no diagnostic", () => {
    expect(validateSync(WELL_FORMED).diagnostics).toEqual([]);
  });

  it("nor has a fine-tuning example ending with the call it teaches, or a legacy function call", () => {
    const example = {
      messages: [
        { role: "user", content: "Weather?" },
        { role: "assistant", content: null, tool_calls: [call("call_1", '{"city": "Paris"}')], weight: 1 },
      ],
      tools: [weather],
    };
    expect(validateSync(example).diagnostics).toEqual([]);
    const legacy = {
      functions: [{ name: "get_weather", parameters: { type: "object", properties: {} } }],
      messages: [
        { role: "user", content: "Weather?" },
        { role: "assistant", content: null, function_call: { name: "get_weather", arguments: "{}" } },
        { role: "function", name: "get_weather", content: "18°C" },
      ],
    };
    expect(validateSync(legacy).diagnostics).toEqual([]);
  });
});

describe("tool-arguments", () => {
  const at = "$[0].tool_calls[0].function.arguments";
  const one = (args: unknown) => found([asking(call("c", args))], "tool-arguments");

  it("an object given instead of a string: say to JSON.stringify it, at the object", () => {
    expect(one({ city: "Paris" })).toEqual([
      { path: at, start: 0, end: 0, message: expect.stringContaining("got an object: JSON.stringify it") },
    ]);
  });

  it("other types, and no arguments at all", () => {
    expect(one(5)[0]?.message).toBe("arguments must be a string holding a JSON object, got number 5");
    expect(one(null)[0]?.message).toBe("arguments must be a string holding a JSON object, got null");
    expect(one(undefined)[0]?.message).toBe('the call has no arguments; give "{}" for a call without any');
    expect(one("")[0]?.message).toBe('arguments is empty; give "{}" for a call without any');
  });

  it("invalid JSON: at the character where it stops being JSON, with its offset", () => {
    expect(one('{"city": Paris}')).toEqual([
      {
        path: at,
        start: 9,
        end: 10,
        message: "arguments is not valid JSON: expected a value at offset 9 of the string",
      },
    ]);
    expect(one('{"city": "Paris",}')[0]).toMatchObject({
      start: 17,
      message: expect.stringContaining("a property name"),
    });
    expect(one('{"city": "Paris"')[0]).toMatchObject({
      start: 16,
      end: 16,
      message: expect.stringContaining("a comma or }"),
    });
  });

  it("valid JSON that is not an object", () => {
    expect(one("[1, 2]")[0]).toMatchObject({
      start: 0,
      end: 6,
      message: expect.stringContaining("got an array"),
    });
    expect(one("42")[0]?.message).toContain("got the number 42");
    expect(one('"Paris"')[0]?.message).toContain("got a string");
  });

  it("JSON encoded twice: a string holding an object's JSON", () => {
    expect(one(JSON.stringify(JSON.stringify({ city: "Paris" })))[0]?.message).toContain(
      "JSON encoded twice",
    );
  });

  it("legacy function_call.arguments too", () => {
    const input = [{ role: "assistant", content: null, function_call: { name: "f", arguments: { a: 1 } } }];
    expect(found(input, "tool-arguments")[0]?.path).toBe("$[0].function_call.arguments");
  });

  it("leaves custom tool calls alone (their input is free text)", () => {
    const custom = { id: "c", type: "custom", custom: { name: "grep", input: "not json" } };
    expect(found([asking(custom)], "tool-arguments")).toEqual([]);
  });
});

describe("tool-call-reference", () => {
  const user = { role: "user", content: "Hi" };

  it("a tool_call_id that answers no earlier call, with the waiting ids suggested", () => {
    const input = [
      user,
      asking(call("call_abc", "{}")),
      { role: "tool", tool_call_id: "call_abd", content: "x" },
    ];
    expect(found(input, "tool-call-reference")).toEqual([
      {
        path: "$[2].tool_call_id",
        start: 0,
        end: 8,
        message:
          'tool_call_id "call_abd" answers no open call: the assistant message before it ($[1]) has no call with that id; did you mean "call_abc"?',
      },
    ]);
  });

  it("a tool message with no call before it", () => {
    const input = [user, { role: "tool", tool_call_id: "call_1", content: "x" }];
    expect(found(input, "tool-call-reference")[0]?.message).toContain(
      "no assistant message with tool_calls comes right before it",
    );
  });

  it("a call never answered before the next user turn (or any other message), at the call's id", () => {
    const input = [
      user,
      asking(call("call_1", "{}"), call("call_2", "{}")),
      { role: "tool", tool_call_id: "call_1", content: "x" },
      user,
    ];
    expect(found(input, "tool-call-reference")).toEqual([
      {
        path: "$[1].tool_calls[1].id",
        start: 0,
        end: 6,
        message:
          'tool call "call_2" is never answered: no tool message with this tool_call_id follows it before the user message at $[3]',
      },
    ]);
    const result = validateSync(input).diagnostics.find((d) => d.code === "tool-call-reference");
    expect(result?.messageIndex).toBe(1);
  });

  it("results after another message do not answer the calls", () => {
    const input = [
      user,
      asking(call("call_1", "{}")),
      { role: "system", content: "Note." },
      { role: "tool", tool_call_id: "call_1", content: "x" },
    ];
    expect(found(input, "tool-call-reference").map((d) => d.path)).toEqual([
      "$[1].tool_calls[0].id",
      "$[3].tool_call_id",
    ]);
  });

  it("the last calls: not reported when no result follows, reported when only some are answered", () => {
    expect(found([user, asking(call("call_1", "{}"))], "tool-call-reference")).toEqual([]);
    const partial = [
      user,
      asking(call("a", "{}"), call("b", "{}")),
      { role: "tool", tool_call_id: "a", content: "x" },
    ];
    expect(found(partial, "tool-call-reference").map((d) => d.path)).toEqual(["$[1].tool_calls[1].id"]);
  });

  it("a tool message without tool_call_id, or with one that is not a string", () => {
    const input = [
      user,
      asking(call("a", "{}")),
      { role: "tool", content: "x" },
      { role: "tool", tool_call_id: 7, content: "y" },
    ];
    expect(found(input, "tool-call-reference").map((d) => [d.path, d.message])).toEqual([
      ["$[2].tool_call_id", "the tool message has no tool_call_id: it must name the call it answers"],
      ["$[3].tool_call_id", "tool_call_id must be a string, got number 7"],
    ]);
  });

  it("a duplicate call id among one message's calls, and a call without an id", () => {
    const input = [
      user,
      asking(call("a", "{}"), call("a", "{}"), {
        type: "function",
        function: { name: "f", arguments: "{}" },
      }),
    ];
    expect(found(input, "tool-call-reference").map((d) => [d.path, d.message])).toEqual([
      [
        "$[1].tool_calls[1].id",
        'duplicate tool call id "a" (also at $[1].tool_calls[0]): a tool message could answer either',
      ],
      ["$[1].tool_calls[2].id", "the tool call has no id; its tool message answers it by tool_call_id"],
    ]);
  });

  it("does not check legacy function messages by id", () => {
    const input = [user, { role: "function", name: "f", content: "x" }];
    expect(found(input, "tool-call-reference")).toEqual([]);
  });
});

describe("tool-schema", () => {
  const body = (tools: unknown[], key = "tools") => ({
    messages: [{ role: "user", content: "Hi" }],
    [key]: tools,
  });
  const schema = (tools: unknown[], key?: string) => found(body(tools, key), "tool-schema");

  it("a tool whose type is not function, or which has no function object", () => {
    expect(schema([{ type: "fn", function: { name: "f" } }, { type: "function" }, 5])).toEqual([
      {
        path: "$.tools[0].type",
        start: 0,
        end: 2,
        message: 'tool type must be "function" (or "custom"), got string "fn"',
      },
      {
        path: "$.tools[1].function",
        start: 0,
        end: 0,
        message: 'a function tool needs a "function" object with its name and parameters, got nothing',
      },
      {
        path: "$.tools[2]",
        start: 0,
        end: 0,
        message: 'a tool must be an object { "type": "function", "function": {...} }, got number 5',
      },
    ]);
    expect(schema([{ type: "custom", custom: { name: "grep" } }])).toEqual([]);
  });

  it("a function name the API refuses, in tools and legacy functions", () => {
    expect(schema([{ type: "function", function: { name: "get weather" } }])[0]).toMatchObject({
      path: "$.tools[0].function.name",
      end: 11,
    });
    expect(schema([{ name: "a".repeat(65) }], "functions")[0]?.path).toBe("$.functions[0].name");
    expect(schema([{ parameters: {} }], "functions")[0]?.message).toBe("the function has no name");
    expect(schema([{ name: "get-weather_2" }], "functions")).toEqual([]);
  });

  it("parameters that are not a JSON Schema object", () => {
    const bad = (parameters: unknown) => schema([{ type: "function", function: { name: "f", parameters } }]);
    expect(bad("object")[0]?.message).toBe('parameters must be a JSON Schema object, got string "object"');
    expect(bad([])[0]?.message).toBe("parameters must be a JSON Schema object, got an array");
    expect(bad({ type: "string" })[0]).toMatchObject({ path: "$.tools[0].function.parameters.type" });
    expect(bad({})).toEqual([]);
  });

  it("strict: additionalProperties false and every property required, in nested schemas too", () => {
    const parameters = {
      type: "object",
      properties: {
        city: { type: "string" },
        stops: {
          type: "array",
          items: { type: "object", properties: { at: { type: "string" } }, required: ["at"] },
        },
        pick: {
          anyOf: [{ type: "object", properties: {}, additionalProperties: false }, { $ref: "#/$defs/place" }],
        },
      },
      required: ["stops", "pick"],
      additionalProperties: false,
      $defs: {
        place: { type: "object", properties: { name: { type: "string" } }, additionalProperties: false },
      },
    };
    const paths = schema([{ type: "function", function: { name: "f", strict: true, parameters } }]).map(
      (d) => d.path,
    );
    expect(paths).toEqual([
      "$.tools[0].function.parameters.properties.city",
      "$.tools[0].function.parameters.properties.stops.items.additionalProperties",
      "$.tools[0].function.parameters.$defs.place.properties.name",
    ]);
    // Not strict: the same schema is accepted.
    expect(schema([{ type: "function", function: { name: "f", parameters } }])).toEqual([]);
  });

  it("points at the property's name when it is missing from required", () => {
    const parameters = { type: "object", properties: { city: {} }, additionalProperties: false };
    const d = validateSync(body([{ type: "function", function: { name: "f", strict: true, parameters } }]))
      .diagnostics[0];
    expect(d).toMatchObject({
      code: "tool-schema",
      key: true,
      path: "$.tools[0].function.parameters.properties.city",
    });
  });
});

describe("unknown-field", () => {
  it("a misspelt message key, naming the closest known key", () => {
    expect(found([{ role: "user", contnet: "Hi", content: "Hi" }], "unknown-field")).toEqual([
      {
        path: "$[0].contnet",
        start: 0,
        end: 7,
        key: true,
        message: 'unknown message field "contnet": the API does not take it; did you mean "content"?',
      },
    ]);
  });

  it("a misspelt body key, as a warning", () => {
    const d = validateSync({ model: "gpt-4o", max_token: 5, messages: [] }).diagnostics;
    expect(d).toMatchObject([
      {
        code: "unknown-field",
        severity: "warning",
        path: "$.max_token",
        message: expect.stringContaining('did you mean "max_tokens"?'),
      },
    ]);
  });

  it("knows chatmlkit's own keys: weight, a parsed document's span, attributes and flags, reasoning_content", () => {
    const document = {
      messages: [
        { role: "user", content: "Hi", span: { start: 0 }, attributes: { lang: "en" } },
        { role: "assistant", content: "Hello", reasoning_content: "greet", weight: 1 },
      ],
      addGenerationPrompt: false,
      continueFinalMessage: false,
      generationRole: "assistant",
      dialect: "chatml-sep",
      documents: [],
      chat_template_kwargs: {},
    };
    expect(found(document, "unknown-field")).toEqual([]);
  });

  it("does not check records without messages (a preference pair)", () => {
    expect(found({ input: { messages: [] }, preferred_output: [] }, "unknown-field")).toEqual([]);
  });
});

describe("jsonSyntaxError", () => {
  it("accepts exactly what JSON.parse accepts, on JSON-ish fragments", () => {
    const piece = fc.constantFrom(
      "{",
      "}",
      "[",
      "]",
      ",",
      ":",
      '"a"',
      '"\\u00e9"',
      '"\\x"',
      "1",
      "-0.5e+3",
      "01",
      "1.",
      "true",
      "nul",
      " ",
      "\n",
      '"\u0001"',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const text = pieces.join("");
        let ok = true;
        try {
          JSON.parse(text);
        } catch {
          ok = false;
        }
        expect(jsonSyntaxError(text) === undefined).toBe(ok);
      }),
      { numRuns: 5000 },
    );
  });

  it("does not recurse: deep nesting is scanned", () => {
    expect(jsonSyntaxError(`${"[".repeat(100000)}1${"]".repeat(100000)}`)).toBeUndefined();
  });
});

describe("the plain-message path with tool calls", () => {
  it("gives the diagnostics the full reader gives", () => {
    const id = fc.constantFrom("a", "b");
    const entry = fc.oneof(
      fc.record({
        role: fc.constantFrom("user", "assistant", "system", "tool", "function"),
        content: fc.constantFrom("hi", "ok"),
      }),
      fc.record({
        role: fc.constant("assistant"),
        content: fc.constant(null),
        tool_calls: fc.array(
          fc.record({
            id,
            type: fc.constant("function"),
            function: fc.record({ name: fc.constant("f"), arguments: fc.constantFrom("{}", "x", {}) }),
          }),
          { maxLength: 3 },
        ),
      }),
      fc.record({ role: fc.constant("tool"), tool_call_id: id, content: fc.constant("r") }),
    );
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 8 }), (messages) => {
        expect(validateSync(messages)).toEqual(checkRead(readInput(messages, "auto"), {}, undefined, false));
      }),
      { numRuns: 1000 },
    );
  });
});
