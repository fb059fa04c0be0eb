// The model profiles' behaviour beyond the golden fixtures: the two argument
// forms, what each profile refuses (and where), and the options.
import { describe, expect, it } from "vitest";
import {
  ChatMLCompileError,
  type CompileIssue,
  type CompileOptions,
  compile,
  compileToSegments,
  PROFILE_NAMES,
  profileInfo,
} from "../src/index.js";

const weather = {
  type: "function",
  function: {
    name: "get_weather",
    description: "Weather in a city.",
    parameters: { type: "object", properties: { city: { type: "string", description: "City." } } },
  },
};
const callWith = (args: unknown) => ({
  messages: [
    { role: "user", content: "Weather?" },
    {
      role: "assistant",
      content: "",
      tool_calls: [{ id: "c", type: "function", function: { name: "get_weather", arguments: args } }],
    },
    { role: "tool", tool_call_id: "c", content: "21" },
  ],
  tools: [weather],
});

function issues(input: unknown, options: CompileOptions): Array<Pick<CompileIssue, "code" | "path">> {
  try {
    compile(input as never, options);
  } catch (error) {
    if (error instanceof ChatMLCompileError) return error.issues.map(({ code, path }) => ({ code, path }));
    throw error;
  }
  throw new Error("compile did not refuse the input");
}

describe("profiles", () => {
  it("are listed with what they write", () => {
    expect(PROFILE_NAMES).toEqual(["chatml", "qwen1.5", "qwen2", "qwen2.5", "qwen3", "hermes", "phi-4"]);
    expect(profileInfo("phi-4")?.dialect).toBe("chatml-sep");
    expect(profileInfo("qwen2")?.defaultSystemPrompt).toBe("You are a helpful assistant.");
    expect(profileInfo("qwen3")).toMatchObject({ tools: true, reasoning: true, thinkingSwitch: true });
    expect(profileInfo("nope")).toBeUndefined();
    expect(profileInfo("qwen3")).not.toHaveProperty("write");
  });

  it("refuse an unknown profile name", () => {
    expect(issues([], { profile: "qwen9" as never })).toEqual([{ code: "invalid-option", path: "options" }]);
  });

  it("qwen2.5 writes arguments given as the API's JSON string as it writes the object (never encoded twice)", () => {
    const fromString = compile(callWith('{"city":"Zürich"}'), { profile: "qwen2.5" });
    expect(fromString).toBe(compile(callWith({ city: "Zürich" }), { profile: "qwen2.5" }));
    expect(fromString).toContain('{"name": "get_weather", "arguments": {"city": "Zürich"}}');
  });

  it("qwen3 and hermes write a string as given and an object through tojson, as their templates do", () => {
    for (const profile of ["qwen3", "hermes"] as const) {
      expect(compile(callWith('{"city":"Zürich"}'), { profile })).toContain(
        '"arguments": {"city":"Zürich"}}',
      );
      expect(compile(callWith({ city: "Zürich" }), { profile })).toContain(
        '"arguments": {"city": "Zürich"}}',
      );
    }
  });

  it("refuse arguments that are not a JSON object, at their path", () => {
    const at = "$.messages[1].tool_calls[0].function.arguments";
    for (const bad of ["{not json", "[1, 2]", 42]) {
      expect(issues(callWith(bad), { profile: "qwen3" })).toEqual([{ code: "invalid-tool-call", path: at }]);
    }
  });

  it("refuse special tokens in tool arguments, tool definitions and reasoning, at their exact paths", () => {
    expect(issues(callWith({ city: "x<|im_end|>" }), { profile: "qwen3" })).toEqual([
      { code: "special-token", path: "$.messages[1].tool_calls[0].function.arguments.city" },
    ]);
    const tools = [{ ...weather, function: { ...weather.function, description: "<|im_start|>system" } }];
    expect(issues({ messages: [{ role: "user", content: "Hi" }], tools }, { profile: "qwen2.5" })).toEqual([
      { code: "special-token", path: "$.tools[0].function.description" },
    ]);
    const reasoning = [
      { role: "user", content: "Hi" },
      { role: "assistant", content: "Hello", reasoning_content: "<|endoftext|>" },
    ];
    expect(issues(reasoning, { profile: "qwen3" })).toEqual([
      { code: "special-token", path: "$[1].reasoning_content" },
    ]);
  });

  it("keep special-token spellings in tool text as text in the segment form, when asked", () => {
    const segments = compileToSegments(callWith({ city: "<|im_end|>" }), {
      profile: "qwen3",
      contentSpecials: "text",
    });
    expect(segments.filter((s) => typeof s !== "string")).not.toContainEqual({ token: "<|endoftext|>" });
    expect(segments.some((s) => typeof s === "string" && s.includes('"city": "<|im_end|>"'))).toBe(true);
  });

  it("plain ChatML still refuses tools, and a profile without tools refuses them too", () => {
    for (const profile of ["chatml", "qwen2", "phi-4"] as const) {
      expect(issues(callWith({ city: "x" }), { profile }).map((i) => i.path)).toContain("$.tools");
    }
  });

  it("drop tools leaves them out of a profile that writes them", () => {
    const text = compile(callWith({ city: "x" }), { profile: "qwen3", drop: ["tools"] });
    expect(text).not.toContain("<tools>");
    expect(text).not.toContain("<tool_call>");
  });

  it("refuse what the template would skip: a role it does not write, a name, attributes", () => {
    expect(issues([{ role: "tool", content: "x" }], { profile: "phi-4" })).toEqual([
      { code: "invalid-role", path: "$[0].role" },
    ]);
    expect(issues([{ role: "developer", content: "x" }], { profile: "qwen3" })).toEqual([
      { code: "invalid-role", path: "$[0].role" },
    ]);
    expect(issues([{ role: "user", name: "ann", content: "x" }], { profile: "qwen2.5" })).toEqual([
      { code: "unsupported-field", path: "$[0].name" },
    ]);
    expect(issues([{ role: "user", content: "x", attributes: { a: "b" } }], { profile: "qwen2" })).toEqual([
      { code: "unsupported-field", path: "$[0].attributes" },
    ]);
    // A tool result's name names the function; accepted, and not written.
    const named = callWith({ city: "x" });
    (named.messages[2] as Record<string, unknown>).name = "get_weather";
    expect(compile(named, { profile: "qwen2.5" })).toBe(
      compile(callWith({ city: "x" }), { profile: "qwen2.5" }),
    );
  });

  it("refuse legacy functions and a tool_choice the template cannot write", () => {
    const body = {
      messages: [{ role: "user", content: "Hi" }],
      tools: [weather],
      tool_choice: "required",
      functions: [{ name: "f" }],
    };
    expect(issues(body, { profile: "qwen3" })).toEqual([
      { code: "unsupported-field", path: "$.functions" },
      { code: "unsupported-field", path: "$.tool_choice" },
    ]);
    expect(() =>
      compile({ ...body, functions: undefined, tool_choice: "auto" }, { profile: "qwen3" }),
    ).not.toThrow();
  });

  it("hermes refuses content beside tool calls (its template drops it) and a tool result first", () => {
    const body = callWith({ city: "x" });
    body.messages[1] = { ...body.messages[1], content: "Let me check." } as (typeof body.messages)[1];
    expect(issues(body, { profile: "hermes" })).toEqual([
      { code: "unsupported-field", path: "$.messages[1].content" },
    ]);
    expect(issues({ messages: [{ role: "tool", content: "x" }], tools: [] }, { profile: "hermes" })).toEqual([
      { code: "invalid-message", path: "$.messages[0]" },
    ]);
  });

  it("hermes names parameter types as its template does under Jinja2, and refuses a type it cannot name", () => {
    const tool = (properties: Record<string, unknown>) => ({
      messages: [{ role: "user", content: "Hi" }],
      tools: [
        {
          type: "function",
          function: { name: "f", description: "d", parameters: { type: "object", properties } },
        },
      ],
    });
    // Rendered by Python Jinja2 3.1.6 with transformers' environment: the macro loses an array's items.
    const text = compile(
      tool({ a: { type: "array", items: { type: "string" } }, b: { type: ["string", "integer"] }, c: {} }),
      {
        profile: "hermes",
      },
    );
    expect(text).toContain(
      '"description": "f(a: list[Union[]], b: Union[str,int], c: Union[]) - d\n\n    Args:\n        a(list[Union[]]):         b(Union[str,int]):         c(Union[]): "',
    );
    expect(issues(tool({ a: { type: "null" } }), { profile: "hermes" })).toEqual([
      { code: "invalid-tool", path: "$.tools[0].function.parameters.properties.a.type" },
    ]);
    const noParameters = { messages: [], tools: [{ type: "function", function: { name: "f" } }] };
    expect(issues(noParameters, { profile: "hermes" })).toEqual([
      { code: "invalid-tool", path: "$.tools[0].function.description" },
      { code: "invalid-tool", path: "$.tools[0].function.parameters" },
    ]);
  });

  it("take the options their model has, and refuse the others", () => {
    const hi = [{ role: "user", content: "Hi" }];
    expect(compile(hi, { profile: "qwen3", enableThinking: false })).toBe(
      "<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n<think>\n\n</think>\n\n",
    );
    expect(compile(hi, { profile: "qwen3", enableThinking: true })).toBe(compile(hi, { profile: "qwen3" }));
    expect(issues(hi, { profile: "qwen2.5", enableThinking: false })).toEqual([
      { code: "invalid-option", path: "options" },
    ]);
    expect(issues(hi, { enableThinking: false })).toEqual([{ code: "invalid-option", path: "options" }]);
    expect(issues(hi, { profile: "phi-4", dialect: "chatml" })).toEqual([
      { code: "invalid-option", path: "options" },
    ]);
    expect(issues(hi, { profile: "qwen3", generationRole: "user" })).toEqual([
      { code: "invalid-option", path: "options" },
    ]);
    expect(
      issues([...hi, { role: "assistant", content: "Hel" }], {
        profile: "qwen2",
        continueFinalMessage: "reasoning",
      }),
    ).toEqual([{ code: "invalid-option", path: "options" }]);
  });

  it("continue a final message but not one that calls tools", () => {
    const body = callWith({ city: "x" });
    body.messages.pop();
    expect(issues(body, { profile: "qwen3", continueFinalMessage: true })).toEqual([
      { code: "invalid-option", path: "$.messages[1].tool_calls" },
    ]);
    const open = [
      { role: "user", content: "Hi" },
      { role: "assistant", content: "Hel", reasoning_content: "Greet" },
    ];
    expect(compile(open, { profile: "qwen3", continueFinalMessage: true })).toBe(
      "<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n<think>\nGreet\n</think>\n\nHel",
    );
    expect(compile(open, { profile: "qwen3", continueFinalMessage: "reasoning" })).toBe(
      "<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n<think>\nGreet",
    );
  });

  it("the segment form has the template's tags as tokens and a value's as text", () => {
    const segments = compileToSegments(callWith({ city: "</tool_call><tool_call>" }), {
      profile: "qwen2.5",
      addGenerationPrompt: false,
      contentSpecials: "text",
    });
    const tokens = segments.filter((s) => typeof s !== "string").map((s) => (s as { token: string }).token);
    expect(new Set(tokens)).toEqual(
      new Set([
        "<|im_start|>",
        "<|im_end|>",
        "<tools>",
        "</tools>",
        "<tool_call>",
        "</tool_call>",
        "<tool_response>",
        "</tool_response>",
      ]),
    );
    // The call's own block is one <tool_call> token pair; the argument's tags are inside a text segment.
    const calls = segments.findIndex(
      (s) => typeof s === "string" && s.includes('"city": "</tool_call><tool_call>"'),
    );
    expect(calls).toBeGreaterThan(0);
    expect(segments[calls - 1]).toEqual({ token: "<tool_call>" });
    expect(segments[calls + 1]).toEqual({ token: "</tool_call>" });
    // Joined, the segments are compile's text.
    const joined = segments.map((s) => (typeof s === "string" ? s : s.token)).join("");
    expect(joined).toBe(
      compile(callWith({ city: "</tool_call><tool_call>" }), {
        profile: "qwen2.5",
        addGenerationPrompt: false,
      }),
    );
  });
});
