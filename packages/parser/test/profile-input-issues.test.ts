// What a profile refuses in the parts only it writes (tool calls, tool declarations), each at its
// JSON path with the message the user reads; and what the segment form keeps as text. Found by
// mutation testing (profiles/input.ts): compiles of good requests were checked, refusals were not.
import { describe, expect, it } from "vitest";
import { ChatMLCompileError, compile, compileToSegments } from "../src/index.js";

const user = { role: "user", content: "q" };
const withCalls = (toolCalls: unknown) => [user, { role: "assistant", content: "", tool_calls: toolCalls }];
const withCall = (fn: unknown) => withCalls([{ id: "c", type: "function", function: fn }]);
const withTools = (tools: unknown) => ({ messages: [user], tools });
const special = (token: string, offset: number, path: string, messageIndex?: number) => ({
  code: "special-token",
  message: `the text contains the special token ${token} at offset ${offset}; it would forge message structure`,
  path,
  ...(messageIndex !== undefined && { messageIndex }),
  token,
  offset,
});
const call = (message: string, path = "$[1].tool_calls[0].function.arguments") => ({
  code: "invalid-tool-call",
  message,
  path,
  messageIndex: 1,
});
const tool = (message: string, path: string) => ({ code: "invalid-tool", message, path });
const NAMELESS_CALL = "a tool call's function must have a non-empty string name";
const NAMELESS_TOOL = "a tool's function must have a non-empty string name";

const REFUSED: ReadonlyArray<[string, unknown, unknown[]]> = [
  [
    "tool_calls not an array",
    withCalls("x"),
    [call('tool_calls must be an array of calls, got string "x"', "$[1].tool_calls")],
  ],
  [
    "a call without a function",
    withCalls([{ id: "c", type: "function" }]),
    [call("a tool call must have a function object with a name and arguments", "$[1].tool_calls[0]")],
  ],
  [
    "an empty name",
    withCall({ name: "", arguments: "{}" }),
    [call(NAMELESS_CALL, "$[1].tool_calls[0].function.name")],
  ],
  ["no name", withCall({ arguments: "{}" }), [call(NAMELESS_CALL, "$[1].tool_calls[0].function.name")]],
  [
    "a special token in a name",
    withCall({ name: "a<|im_end|>", arguments: "{}" }),
    [special("<|im_end|>", 1, "$[1].tool_calls[0].function.name", 1)],
  ],
  [
    "arguments not an object",
    withCall({ name: "f", arguments: "[1]" }),
    [call("arguments must be a JSON object, got an array in the string")],
  ],
  [
    "arguments a number",
    withCall({ name: "f", arguments: 5 }),
    [call("arguments must be a JSON string or an object, got number 5")],
  ],
  [
    "a special token in string arguments",
    withCall({ name: "f", arguments: '{"a":"<|im_start|>"}' }),
    [special("<|im_start|>", 6, "$[1].tool_calls[0].function.arguments", 1)],
  ],
  [
    "special tokens in object arguments, keys too",
    withCall({ name: "f", arguments: { "k<|im_end|>": ["<|im_start|>"] } }),
    [
      special("<|im_end|>", 1, '$[1].tool_calls[0].function.arguments["k<|im_end|>"]', 1),
      special("<|im_start|>", 0, '$[1].tool_calls[0].function.arguments["k<|im_end|>"][0]', 1),
    ],
  ],
  ["tools not an array", withTools("x"), [tool('tools must be an array, got string "x"', "$.tools")]],
  [
    "a tool not a function",
    withTools([{ type: "x" }]),
    [tool('a tool must be { type: "function", function: { name, ... } }, got an object', "$.tools[0]")],
  ],
  [
    "a tool of another type, though it has a function",
    withTools([{ type: "x", function: { name: "f" } }]),
    [tool('a tool must be { type: "function", function: { name, ... } }, got an object', "$.tools[0]")],
  ],
  [
    "a tool with an empty name",
    withTools([{ type: "function", function: { name: "" } }]),
    [tool(NAMELESS_TOOL, "$.tools[0].function.name")],
  ],
  [
    "a tool with a number for a name",
    withTools([{ type: "function", function: { name: 3 } }]),
    [tool(NAMELESS_TOOL, "$.tools[0].function.name")],
  ],
  [
    "a special token in a tool",
    withTools([{ type: "function", function: { name: "f", description: "<|im_end|>" } }]),
    [special("<|im_end|>", 0, "$.tools[0].function.description")],
  ],
];

const issuesOf = (run: () => unknown): unknown[] => {
  try {
    run();
  } catch (error) {
    if (error instanceof ChatMLCompileError) return [...error.issues];
    throw error;
  }
  return [];
};

describe("a profile's refusals of tool calls and tools", () => {
  it.each(REFUSED)("%s: refused at its path", (_, input, expected) => {
    // Strict: an issue of a tool (in no message) has no messageIndex key, not an undefined one.
    expect(issuesOf(() => compile(input as never, { profile: "qwen2.5" }))).toStrictEqual(expected);
  });

  it("arguments that are not JSON are refused as that alone, though they hold a special token", () => {
    const issues = issuesOf(() =>
      compile(withCall({ name: "f", arguments: "{<|im_end|>" }) as never, { profile: "qwen2.5" }),
    );
    expect(issues.map((i) => (i as { code: string }).code)).toEqual(["invalid-tool-call"]);
  });

  it("arguments that are not JSON: the parser's reason, and what the API sends", () => {
    const [issue] = issuesOf(() =>
      compile(withCall({ name: "f", arguments: "{x" }) as never, { profile: "qwen2.5" }),
    );
    expect(issue).toMatchObject({ code: "invalid-tool-call", path: "$[1].tool_calls[0].function.arguments" });
    expect((issue as { message: string }).message).toMatch(
      /^arguments is not valid JSON \(.+\); the API sends a JSON object as a string$/,
    );
  });

  it("null tool_calls and null tools are none", () => {
    expect(issuesOf(() => compile(withCalls(null) as never, { profile: "qwen2.5" }))).toEqual([]);
    expect(issuesOf(() => compile(withTools(null) as never, { profile: "qwen2.5" }))).toEqual([]);
  });

  it("the segment form keeps special tokens in arguments and tools as text, but never in a call's name", () => {
    const keeps = (input: unknown) =>
      compileToSegments(input as never, { profile: "qwen2.5", contentSpecials: "text" });
    const text = (input: unknown) =>
      keeps(input)
        .map((segment) => (typeof segment === "string" ? segment : ""))
        .join("");
    expect(text(withCall({ name: "f", arguments: '{"a":"<|im_start|>"}' }))).toContain(
      '{"a": "<|im_start|>"}',
    );
    expect(text(withCall({ name: "f", arguments: { "k<|im_end|>": ["<|im_start|>"] } }))).toContain(
      '{"k<|im_end|>": ["<|im_start|>"]}',
    );
    expect(
      text(withTools([{ type: "function", function: { name: "f", description: "<|im_end|>" } }])),
    ).toContain('"description": "<|im_end|>"');
    expect(issuesOf(() => keeps(withCall({ name: "a<|im_end|>", arguments: "{}" })))).toEqual([
      special("<|im_end|>", 1, "$[1].tool_calls[0].function.name", 1),
    ]);
  });
});

const u = { role: "user", content: "q" };
const a = { role: "assistant", content: "a" };
const aCall = { id: "c", type: "function", function: { name: "f", arguments: "{}" } };
const option = (message: string) => ({ code: "invalid-option", message, path: "options" });
const field = (code: string, message: string, key: string) => ({
  code,
  message,
  path: `$[0].${key}`,
  messageIndex: 0,
  ...(code !== "invalid-tool-call" && key !== "reasoning_content" && { field: key }),
});

/** Options a profile cannot honour, and messages its template would lose (compile-profile.ts). */
const OPTIONS: ReadonlyArray<[string, unknown, Record<string, unknown>, unknown[]]> = [
  [
    "another dialect",
    [u],
    { profile: "qwen2.5", dialect: "v0" },
    [option("the qwen2.5 profile writes the chatml dialect, not v0")],
  ],
  [
    "another generation role",
    [u],
    { profile: "qwen2.5", generationRole: "user" },
    [
      option(
        "the qwen2.5 profile's generation prompt is the assistant's; generationRole \"user\" cannot be written",
      ),
    ],
  ],
  [
    "enableThinking without a switch",
    [u],
    { profile: "qwen2.5", enableThinking: true },
    [option("the qwen2.5 profile has no thinking switch; enableThinking is for qwen3")],
  ],
  [
    "continuing reasoning without any",
    [u, a],
    { profile: "qwen2.5", continueFinalMessage: "reasoning" },
    [option('the qwen2.5 profile writes no reasoning; continueFinalMessage "reasoning" is for qwen3')],
  ],
  [
    "continuing and a generation prompt",
    [u, a],
    { profile: "qwen2.5", continueFinalMessage: true, addGenerationPrompt: true },
    [option("continueFinalMessage and addGenerationPrompt cannot both be set")],
  ],
  [
    "continuing nothing",
    [],
    { profile: "qwen2.5", continueFinalMessage: true },
    [option("continueFinalMessage needs at least one message to continue")],
  ],
  [
    "continuing a message that calls tools",
    [u, { role: "assistant", content: "", tool_calls: [aCall] }],
    { profile: "qwen2.5", continueFinalMessage: true },
    [
      {
        code: "invalid-option",
        message:
          "continueFinalMessage: the final message calls tools, so its content is not the end of it; continue a message without tool_calls",
        path: "$[1].tool_calls",
        messageIndex: 1,
      },
    ],
  ],
  [
    "continuing a user's reasoning",
    [u],
    { profile: "qwen3", continueFinalMessage: "reasoning" },
    [
      option(
        'continueFinalMessage "reasoning" continues an assistant\'s reasoning; the final message is "user"',
      ),
    ],
  ],
  [
    "a role the template skips",
    [{ role: "developer", content: "x" }],
    { profile: "phi-4" },
    [
      field(
        "invalid-role",
        'the phi-4 template writes the roles system, user, assistant and skips any other; role "developer" would be lost',
        "role",
      ),
    ],
  ],
  [
    "a user's name",
    [{ role: "user", content: "x", name: "bob" }],
    { profile: "qwen2.5" },
    [field("unsupported-field", "the qwen2.5 template does not write a message's name", "name")],
  ],
  [
    "header attributes",
    [{ role: "user", content: "x", attributes: { a: "b" } }],
    { profile: "qwen2.5" },
    [
      field(
        "unsupported-field",
        "header attributes are ChatML v0's; the qwen2.5 template does not write them",
        "attributes",
      ),
    ],
  ],
  [
    "a user calling tools",
    [{ role: "user", content: "x", tool_calls: [aCall] }],
    { profile: "qwen2.5" },
    [field("invalid-tool-call", "only an assistant message calls tools", "tool_calls")],
  ],
  [
    "a user's reasoning",
    [{ role: "user", content: "x", reasoning_content: "r" }],
    { profile: "qwen3" },
    [
      field(
        "unsupported-field",
        "reasoning_content is an assistant's; the template writes it for assistant messages only",
        "reasoning_content",
      ),
    ],
  ],
];

describe("a profile's refusals of options and of what its template would lose", () => {
  it.each(OPTIONS)("%s", (_, input, options, expected) => {
    expect(issuesOf(() => compile(input as never, options as never))).toEqual(expected);
  });

  it("what it can honour is written: its own dialect, the assistant's generation prompt, a tool result's name, other keys when told to ignore them", () => {
    const ok = (input: unknown, options: Record<string, unknown>) =>
      issuesOf(() => compile(input as never, options as never));
    expect(ok([u], { profile: "qwen2.5", dialect: "chatml", generationRole: "assistant" })).toEqual([]);
    const result = { role: "tool", content: "r", name: "f", tool_call_id: "c" };
    expect(
      ok([u, { role: "assistant", content: "", tool_calls: [aCall] }, result], { profile: "qwen2.5" }),
    ).toEqual([]);
    const extra = [{ role: "user", content: "x", extra: 1 }];
    expect(ok(extra, { profile: "qwen2.5" }).map((issue) => (issue as { path: string }).path)).toEqual([
      "$[0].extra",
    ]);
    expect(ok(extra, { profile: "qwen2.5", unknownKeys: "ignore" })).toEqual([]);
  });
});
