// parse(text, { profile }): a model's own format read back. What compile
// writes with a profile, parse with it gives back (the golden profile
// fixtures, rendered by each model's template, and random conversations), and
// a model's raw output reads as the message the Chat Completions API returns.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ROOT } from "../../../scripts/fixtures.js";
import {
  type CompileOptions,
  compile,
  type Message,
  PROFILE_NAMES,
  type ProfileName,
  parse,
  profileInfo,
  source,
  tryCompile,
} from "../src/index.js";
import { readToolCallBlock } from "../src/profiles/tool-call-block.js";
import { content as anyContent } from "./arbitraries.js";

const BASE = join(ROOT, "fixtures/compile/profiles");
const read = (...path: string[]) => readFileSync(join(BASE, ...path), "utf8");

interface InputCall {
  function: { name: string; arguments: string | Record<string, unknown> };
}
interface InputMessage {
  role: string;
  content: string;
  reasoning_content?: string;
  tool_calls?: InputCall[];
}

const argsOf = (call: InputCall | NonNullable<Message["tool_calls"]>[number]) => {
  const a = call.function.arguments;
  return typeof a === "string" ? JSON.parse(a) : a;
};

/** Every call of a conversation, in order: name and arguments as values. */
const callsOf = (messages: readonly (InputMessage | Message)[]) =>
  messages.flatMap((m) =>
    (m.tool_calls ?? []).map((c) => ({ name: c.function.name, arguments: argsOf(c as InputCall) })),
  );

/** The tool results' texts, in order. */
const resultsOf = (messages: readonly { role: string; content: unknown }[]) =>
  messages.filter((m) => m.role === "tool").map((m) => m.content);

describe("parse with a profile reads back the profile fixtures (fixtures/compile/profiles)", () => {
  for (const profile of readdirSync(BASE).sort() as ProfileName[]) {
    for (const name of readdirSync(join(BASE, profile)).sort()) {
      const fixture = `compile/profiles/${profile}/${name}`;
      it(`${fixture}: the tool calls, tool results, reasoning and tools come back, and compile writes the same bytes`, () => {
        const text = read(profile, name, "expected.chatml");
        const input = JSON.parse(read(profile, name, "messages.json")) as
          | InputMessage[]
          | { messages: InputMessage[]; tools?: unknown[] };
        const options = JSON.parse(read(profile, name, "options.json")) as CompileOptions;
        const messages = Array.isArray(input) ? input : input.messages;
        const doc = parse(text, { profile });
        expect(doc.diagnostics, `fixture ${fixture}`).toEqual([]);
        expect(source(doc)).toBe(text);
        expect(callsOf(doc.messages), `fixture ${fixture}: tool calls`).toEqual(callsOf(messages));
        expect(resultsOf(doc.messages), `fixture ${fixture}: tool results`).toEqual(resultsOf(messages));
        if (!Array.isArray(input) && input.tools !== undefined) expect(doc.tools).toEqual(input.tools);
        // Every result names the call it answers (the templates write them in order).
        const ids = doc.messages.flatMap((m) => (m.tool_calls ?? []).map((c) => c.id));
        for (const m of doc.messages.filter((m) => m.role === "tool")) expect(ids).toContain(m.tool_call_id);
        // Reasoning that the template kept is read back as given (in reasoning_content, or inline in the content).
        for (const m of doc.messages.filter((m) => m.reasoning_content !== undefined)) {
          expect(JSON.stringify(messages)).toContain(JSON.stringify(m.reasoning_content).slice(1, -1));
        }
        expect(compile(doc, options), `fixture ${fixture}: compile of the parsed document`).toBe(text);
      });
    }
  }
});

const WORDS = ["get_weather", "get_time", "search"] as const;
const TOOLS = WORDS.map((name) => ({
  type: "function",
  function: {
    name,
    description: `The ${name.replace("_", " ")}.`,
    parameters: {
      type: "object",
      properties: { q: { type: "string", description: "What to ask." } },
      required: ["q"],
    },
  },
}));

/** Text a model writes in a turn: anything but the profile's own tags and special tokens. */
const text = anyContent.filter((s) => !/<\/?(think|tool_call|tool_response|tools)>|# Tools/.test(s));
const notNewlines = text.filter((s) => !/^\n+$/.test(s));
const json = fc.dictionary(
  fc.string({ maxLength: 6 }),
  fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.boolean(), fc.constant(null)),
  { maxKeys: 3 },
);
const call = fc.record({
  name: fc.constantFrom(...WORDS),
  args: json,
  asString: fc.boolean(),
});
const turn = fc.oneof(
  fc.record({ kind: fc.constant("user" as const), content: text }),
  fc.record({
    kind: fc.constant("assistant" as const),
    // Qwen3's template trims the newlines of reasoning and of the answer after it: text of newlines
    // only is written as none, yet still written (an empty block, a newline before a call).
    content: notNewlines,
    reasoning: fc.option(notNewlines, { nil: undefined }),
    calls: fc.array(call, { maxLength: 2 }),
    results: fc.array(text, { maxLength: 2 }),
  }),
);

/** A conversation a profile can write: calls answered by results, and the request's tools. */
function conversationFor(profile: ProfileName) {
  return fc
    .record({
      system: fc.option(text, { nil: undefined }),
      turns: fc.array(turn, { minLength: 1, maxLength: 5 }),
    })
    .map(({ system, turns }) => {
      const info = profileInfo(profile);
      const messages: Record<string, unknown>[] = [];
      if (system !== undefined) messages.push({ role: "system", content: system });
      let n = 0;
      for (const t of turns) {
        if (t.kind === "user") {
          messages.push({ role: "user", content: t.content });
          continue;
        }
        const calls = info?.tools ? t.calls : [];
        const message: Record<string, unknown> = {
          role: "assistant",
          // Hermes' tool_use template writes a calling turn's calls only.
          content: profile === "hermes" && calls.length > 0 ? "" : t.content,
        };
        if (info?.reasoning && t.reasoning !== undefined) message.reasoning_content = t.reasoning;
        if (calls.length > 0) {
          message.tool_calls = calls.map((c) => ({
            id: `c${n++}`,
            type: "function",
            function: { name: c.name, arguments: c.asString ? JSON.stringify(c.args) : c.args },
          }));
        }
        messages.push(message);
        for (const [i] of calls.entries()) {
          messages.push({
            role: "tool",
            tool_call_id: `c${n - calls.length + i}`,
            content: t.results[i] ?? "",
          });
        }
      }
      return info?.tools ? { messages, tools: TOOLS } : { messages };
    });
}

describe("parse(compile(x, { profile }), { profile })", () => {
  for (const profile of PROFILE_NAMES) {
    it(`${profile}: gives back the tool calls, results and kept reasoning, and compiles to the same bytes`, () => {
      fc.assert(
        fc.property(conversationFor(profile), fc.boolean(), (input, generation) => {
          const options = { profile, addGenerationPrompt: generation };
          const written = tryCompile(input as never, options);
          fc.pre(written.ok);
          const text = (written as { text: string }).text;
          const doc = parse(text, { profile });
          expect(doc.diagnostics).toEqual([]);
          expect(source(doc)).toBe(text);
          const messages = input.messages as unknown as InputMessage[];
          expect(callsOf(doc.messages)).toEqual(callsOf(messages));
          expect(resultsOf(doc.messages)).toEqual(resultsOf(messages));
          if (profileInfo(profile)?.tools) expect(doc.tools).toEqual(TOOLS);
          expect(compile(doc, options)).toBe(text);
        }),
        { numRuns: 300 },
      );
    });
  }
});

describe("a <tool_call> block's JSON", () => {
  // The reader reads the common block without a tree when it can (tool-call-block.ts' readScanned):
  // it must say exactly what readJsonSource's reading says, repeated keys and depth included.
  const key = fc.constantFrom("a", "b", "c", "é", "\\u0061", "");
  const leaf = fc.constantFrom(
    "1",
    '"x"',
    '"}"',
    '"\\""',
    "null",
    "[]",
    "{}",
    '"a\\\\"',
    "1.5e3",
    "01",
    "-",
    "tru",
  );
  const value: fc.Arbitrary<string> = fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: "small" }, leaf, tie("object"), tie("array")),
    object: fc
      .array(fc.tuple(key, tie("value")), { maxLength: 3 })
      .map((members) => `{${members.map(([k, v]) => `"${k}": ${v}`).join(", ")}}`),
    array: fc.array(tie("value"), { maxLength: 3 }).map((items) => `[${items.join(",")}]`),
  })).value as fc.Arbitrary<string>;
  const tail = fc.constantFrom("}", " }\n", "}}", ', "name": "g"}', "} x", "");

  it("reads the same with and without following the arguments", () => {
    // Names the fast path must refuse too (empty, not a string), and arguments nested about as
    // deep as the reader reads (found by mutation testing: both paths agreed only on good ones).
    const names = fc.constantFrom('"f"', '"get_weather"', '""', "1", "null");
    const deep = fc.integer({ min: 250, max: 260 }).map((n) => `${'{"a": '.repeat(n)}1${"}".repeat(n)}`);
    fc.assert(
      fc.property(fc.oneof(value, deep), tail, names, (args, end, name) => {
        const inner = `\n{"name": ${name}, "arguments": ${args}${end}\n`;
        const whole = readToolCallBlock(inner);
        const doc = parse(`<tool_call>${inner}</tool_call>`, { profile: "qwen2.5" });
        const [call] = doc.messages[0]?.tool_calls ?? [];
        if (whole.ok) {
          expect(doc.diagnostics).toEqual([]);
          expect(call?.function).toEqual({ name: whole.name, arguments: whole.arguments });
        } else {
          expect(call).toBeUndefined();
          expect(doc.diagnostics.map((d) => [d.code, d.start - 11, d.end - 11])).toEqual([
            [whole.problem.code, whole.problem.start, whole.problem.end],
          ]);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it("refuses a repeated key inside the arguments, as readJsonSource does", () => {
    const doc = parse('<tool_call>\n{"name": "f", "arguments": {"a": 1, "a": 2}}\n</tool_call>', {
      profile: "qwen3",
    });
    expect(doc.diagnostics.map((d) => d.code)).toEqual(["invalid-tool-call-json"]);
  });
});

describe("parse with a profile: model output", () => {
  it("reads Qwen3's reasoning, content and calls as the API returns them", () => {
    const out =
      '<think>\nThe user wants the weather.\n</think>\n\nLet me check.\n<tool_call>\n{"name": "get_weather", "arguments": {"city": "Zürich"}}\n</tool_call>';
    const doc = parse(out, { profile: "qwen3" });
    expect(doc.modelOutput).toBe(true);
    expect(doc.diagnostics).toEqual([]);
    const { span, ...message } = doc.messages[0] as Message;
    expect(message).toEqual({
      role: "assistant",
      content: "Let me check.",
      reasoning_content: "The user wants the weather.",
      tool_calls: [
        {
          id: "call_0",
          type: "function",
          function: { name: "get_weather", arguments: '{"city": "Zürich"}' },
        },
      ],
    });
    expect(span).toMatchObject({ start: 0, contentStart: 0, contentEnd: out.length });
    expect(source(doc)).toBe(out);
  });

  it("ends at a stop token: <|im_end|>, and <|endoftext|> for the profiles whose models end with it", () => {
    expect(parse("Hi<|endoftext|>", { profile: "qwen2.5" }).messages[0]?.content).toBe("Hi");
    expect(parse("Hi<|endoftext|>", { profile: "qwen2.5" }).continueFinalMessage).toBe(false);
    expect(parse("Hi<|im_end|>", { profile: "hermes" })).toMatchObject({
      continueFinalMessage: false,
      diagnostics: [],
    });
    // Hermes' models do not end with <|endoftext|>: it is text there.
    expect(parse("Hi<|endoftext|>", { profile: "hermes" }).messages[0]?.content).toBe("Hi<|endoftext|>");
    expect(parse("Hi", { profile: "qwen3" }).continueFinalMessage).toBe(true);
  });

  it("a call written with its arguments as a JSON string, or with none, is the API's JSON string", () => {
    const calls = (out: string) => parse(out, { profile: "hermes" }).messages[0]?.tool_calls;
    expect(
      calls('<tool_call>\n{"name": "f", "arguments": "{\\"a\\": 1}"}\n</tool_call>')?.[0]?.function,
    ).toEqual({
      name: "f",
      arguments: '{"a": 1}',
    });
    expect(calls('<tool_call>\n{"name": "f"}\n</tool_call>')?.[0]?.function.arguments).toBe("{}");
  });

  it("reports a malformed block at its exact place and keeps its text as content", () => {
    const cases: Array<[string, string, string]> = [
      // [output, code, the text the diagnostic covers]
      ['<tool_call>\n{"name": "f", "arguments": {"a": 1,}}\n</tool_call>', "invalid-tool-call-json", "}"],
      ["<tool_call>\n{'name': 'f'}\n</tool_call>", "invalid-tool-call-json", "'"],
      ['<tool_call>\n{"arguments": {}}\n</tool_call>', "invalid-tool-call", '{"arguments": {}}'],
      ['<tool_call>\n{"name": 42}\n</tool_call>', "invalid-tool-call", "42"],
      ['<tool_call>\n{"name": "f", "arguments": [1]}\n</tool_call>', "invalid-tool-call", "[1]"],
      ['<tool_call>\n["f"]\n</tool_call>', "invalid-tool-call", '["f"]'],
      ['Hi\n<tool_call>\n{"name": "f", "arguments": {"a"', "unterminated-tool-call", "<tool_call>"],
    ];
    for (const [out, code, covered] of cases) {
      const doc = parse(out, { profile: "qwen2.5" });
      expect(
        doc.diagnostics.map((d) => d.code),
        out,
      ).toEqual([code]);
      const d = doc.diagnostics[0] as (typeof doc.diagnostics)[number];
      expect(out.slice(d.start, d.end), out).toBe(covered);
      expect(d.line, out).toBe(out.slice(0, d.start).split("\n").length);
      expect(doc.messages[0]?.content, out).toBe(out);
      expect(doc.messages[0]?.tool_calls).toBeUndefined();
    }
  });

  it("positions are the transcript's: line and column of the character in error", () => {
    const text =
      '<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n<tool_call>\n{"name": "f", "arguments": {"a": 1}\n</tool_call><|im_end|>\n';
    const [d] = parse(text, { profile: "qwen3" }).diagnostics;
    expect(d).toMatchObject({ code: "invalid-tool-call-json", line: 6, column: 1 });
    expect(d?.message).toBe(
      "the <tool_call> block is not JSON: expected a closing brace }, found the end of the block",
    );
  });

  it("an assistant turn closed inside <think> is a warning; one left open is not", () => {
    const closed = parse("<think>\nHmm<|im_end|>", { profile: "qwen3" });
    expect(closed.diagnostics.map((d) => [d.code, d.severity, d.start, d.end])).toEqual([
      ["unterminated-reasoning", "warning", 0, 7],
    ]);
    expect(closed.messages[0]).toMatchObject({ content: "", reasoning_content: "Hmm" });
    expect(parse("<think>\nHmm", { profile: "qwen3" }).diagnostics).toEqual([]);
  });

  it("only Qwen3 reads <think>, only the tools profiles read <tool_call>, and only at their places", () => {
    const out = '<think>\nx\n</think>\n\n<tool_call>\n{"name": "f"}\n</tool_call>';
    expect(parse(out, { profile: "qwen2.5" }).messages[0]).toMatchObject({
      content: "<think>\nx\n</think>\n",
      tool_calls: [{ function: { name: "f" } }],
    });
    expect(parse(out, { profile: "qwen2" }).messages[0]?.content).toBe(out);
    // <think> opens reasoning only at the start of the turn.
    expect(parse("Hi <think>x</think>", { profile: "qwen3" }).messages[0]?.content).toBe(
      "Hi <think>x</think>",
    );
    // A user's text is never read for calls.
    const user = parse('<|im_start|>user\n<tool_call>\n{"name": "f"}\n</tool_call><|im_end|>\n', {
      profile: "qwen3",
    });
    expect(user.messages[0]?.tool_calls).toBeUndefined();
  });

  it("tool results: Qwen's user turns of <tool_response> blocks and Hermes' tool turns become tool messages", () => {
    const qwen = parse(
      '<|im_start|>assistant\n<tool_call>\n{"name": "a"}\n</tool_call>\n<tool_call>\n{"name": "b"}\n</tool_call><|im_end|>\n<|im_start|>user\n<tool_response>\n1\n</tool_response>\n<tool_response>\n2\n</tool_response><|im_end|>\n<|im_start|>user\nThanks<|im_end|>\n',
      { profile: "qwen2.5" },
    );
    expect(qwen.messages.map(({ role, content, tool_call_id }) => ({ role, content, tool_call_id }))).toEqual(
      [
        { role: "assistant", content: "", tool_call_id: undefined },
        { role: "tool", content: "1", tool_call_id: "call_0" },
        { role: "tool", content: "2", tool_call_id: "call_1" },
        { role: "user", content: "Thanks", tool_call_id: undefined },
      ],
    );
    const [, first] = qwen.messages;
    expect(
      qwen.tokens
        .map((t) => t.image)
        .join("")
        .slice(first?.span.contentStart, first?.span.contentEnd),
    ).toBe("1");
    // A user turn that is not only result blocks stays the user's.
    const mixed = parse("<|im_start|>user\n<tool_response>\n1\n</tool_response> and more<|im_end|>\n", {
      profile: "qwen3",
    });
    expect(mixed.messages.map((m) => m.role)).toEqual(["user"]);
    const hermes = parse(
      "<|im_start|>tool\n<tool_response>\n1\n</tool_response>\n<tool_response>\n2\n</tool_response>\n<|im_end|>",
      { profile: "hermes" },
    );
    expect(hermes.messages.map((m) => [m.role, m.content])).toEqual([
      ["tool", "1"],
      ["tool", "2"],
    ]);
  });

  it("refuses an unknown profile and a dialect the profile does not write, as parse refuses bad options", () => {
    expect(parse("x", { profile: "qwen9" as never }).diagnostics[0]).toMatchObject({
      code: "internal-error",
      message: expect.stringContaining('unknown profile "qwen9"'),
    });
    expect(parse("x", { profile: "phi-4", dialect: "chatml" }).diagnostics[0]?.message).toBe(
      "the phi-4 profile reads the chatml-sep dialect, not chatml",
    );
    expect(parse("<|im_start|>user<|im_sep|>Hi<|im_end|>", { profile: "phi-4" }).messages[0]?.content).toBe(
      "Hi",
    );
  });
});
