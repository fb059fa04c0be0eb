// Reading model output with a profile, chunk by chunk: the stream parser's
// events rebuild what `parse` with the same profile reads from the whole text,
// however the text is split (inside tags, special tokens and JSON too).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createStreamParser, PROFILE_NAMES, parse, type StreamEvent } from "../src/index.js";
import { fuzzRuns, output } from "./arbitraries.js";
import {
  checkEveryCut,
  checkStream,
  feed,
  plainMessages as plain,
  promptOf,
  rebuild,
} from "./stream-check.js";

describe("createStreamParser with a profile", () => {
  it("streaming with random chunk splits matches parse of the whole text, for every profile", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...PROFILE_NAMES),
        output,
        fc.array(fc.nat(), { maxLength: 10 }),
        (profile, text, cuts) => checkStream(text, cuts, profile),
      ),
      fuzzRuns(3000),
    );
  });

  // Found by mutation testing: random fragments seldom join into a whole block, so the head
  // reader's choices (stream the arguments, or read the block whole) went untested.
  it("tool-call blocks of every head shape: layout, names it cannot stream, arguments of every kind", () => {
    const layout = fc.constantFrom("", " ", "\t", "\n", "\r\n", " \t ");
    const name = fc.constantFrom('"get_weather"', '"f"', '""', '"a\\\\b"', '"a\\nb"', '"a\\"b"', "1", "null");
    const args = fc.constantFrom(
      "{}",
      '{"city": "Zürich"}',
      '{"a": [1, {"b": "}\\""}], "c": {"d": [[], {}]}}',
      '"{\\"x\\": 1}"',
      "[1]",
      "3",
      '{"a": 1, "a": 2}',
    );
    const block = fc
      .tuple(layout, layout, name, layout, layout, args, layout, layout)
      .map(
        ([a, b, n, c, d, v, e, f]) =>
          `<tool_call>${a}{${b}"name"${c}:${c}${n}${d},${b}"arguments"${c}:${d}${v}${e}}${f}</tool_call>`,
      );
    fc.assert(
      fc.property(
        fc.constantFrom("qwen2.5", "qwen3", "hermes" as const),
        fc.array(fc.oneof(block, fc.constantFrom("Hi", "\n", " ")), { minLength: 1, maxLength: 4 }),
        fc.array(fc.nat(), { maxLength: 12 }),
        (profile, parts, cuts) => checkStream(parts.join(""), cuts, profile),
      ),
      fuzzRuns(1500),
    );
  });

  it("streams a call's name and arguments as they come, whatever JSON layout the head has", () => {
    // Before the block's last brace arrives, the name is out and the arguments are out up to
    // what is decided: a string still open or a key not yet followed by its value holds back.
    const args = '{"q": "a}\\"b", "list": [1, {"k": 2}], "n": {"m": "x"}';
    for (const head of [
      '{"name": "f", "arguments": ',
      '{\t"name":\t"f",\r\n"arguments":\n',
      '{ "name" : "f" , "arguments" : ',
      '{"name":"f","arguments":\t\r',
    ]) {
      const stream = createStreamParser({ profile: "qwen3" });
      const events = stream.write(`<tool_call>\n${head}${args}`);
      const deltas = events.filter((e) => e.type === "tool-call-delta");
      expect(deltas[0], head).toMatchObject({ id: "call_0", name: "f" });
      const sent = deltas.map((e) => e.arguments).join("");
      expect(sent.length, head).toBeGreaterThan(args.length - 12);
      expect(args.startsWith(sent), head).toBe(true);
      const rest = [...stream.write("}}\n</tool_call>"), ...stream.end()];
      const end = rest.find((e) => e.type === "tool-call-end");
      expect(end?.type === "tool-call-end" && end.toolCall?.function.arguments, head).toBe(`${args}}`);
    }
  });

  // Found by mutation testing: parse and the stream share the reader, so only a cut at the right
  // place shows what a chunk's end holds back (newlines after </think>, whitespace between calls).
  it("model output of every layout, cut at each place and fed a character at a time, reads as parse reads it", () => {
    const call = '<tool_call>\n{"name": "f", "arguments": {"a": "x"}}\n</tool_call>';
    const texts = [
      "<think>\nhm\n</think>\n\nAnswer",
      `<think>\n\nhm\n\n</think>\n\n\nAnswer\n${call}\n${call}`,
      `Text\n${call} after`,
      `${call}\n\n  ${call}\n\nmore text\n`,
      "a <tool_callx> b <tool",
      "<think>\nhm</think>",
      `<think>\nhm\n</think>\n\n${call}`,
      "Hi\n\n",
    ];
    for (const profile of ["qwen3", "qwen2.5", "hermes"] as const) {
      for (const text of texts) checkEveryCut(text, profile);
    }
  });

  it("a long call sent in small chunks: the same call and deltas, for a long name and long arguments", () => {
    // Past 4,096 characters of head the block is read whole at its end; arguments stream as they come.
    for (const name of ["get_weather", "n".repeat(5000)]) {
      const args = JSON.stringify({ city: "Paris", notes: Array.from({ length: 3000 }, (_, i) => ({ i })) });
      const text = `<tool_call>\n{"name": "${name}", "arguments": ${args}}\n</tool_call>`;
      const cuts = Array.from({ length: Math.ceil(text.length / 8) }, (_, i) => i * 8);
      const { events } = feed(text, cuts, { profile: "qwen3" });
      const messages = rebuild(events);
      expect(messages).toEqual(plain(parse(promptOf("qwen3") + text, { profile: "qwen3" }).messages));
      expect(messages[0]?.tool_calls?.[0]?.function).toEqual({ name, arguments: args });
      const deltas = events.filter((e) => e.type === "tool-call-delta");
      // A name the stream waits for streams its arguments in many deltas; one past the limit comes whole.
      expect(deltas.length > 100).toBe(name === "get_weather");
    }
  });

  it("a model's raw output (no <|im_start|>) parses as the message after the generation prompt", () => {
    fc.assert(
      fc.property(fc.constantFrom(...PROFILE_NAMES), output, (profile, text) => {
        fc.pre(!text.includes("<|im_start|>"));
        const raw = parse(text, { profile });
        expect(raw.modelOutput).toBe(true);
        expect(plain(raw.messages)).toEqual(plain(parse(promptOf(profile) + text, { profile }).messages));
        for (const d of raw.diagnostics)
          expect(0 <= d.start && d.start <= d.end && d.end <= text.length).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it("holds back what may become a tag, the newline before a call, or a stop token", () => {
    const stream = createStreamParser({ profile: "qwen3" });
    const content = (events: StreamEvent[]) =>
      events.flatMap((e) => (e.type === "content" ? [e.delta] : [])).join("");
    expect(stream.write("<thi")).toEqual([]);
    expect(content(stream.write("nk>\nHmm.\n</think>\n\nSure.\n<tool_"))).toBe("Sure.");
    const call = stream.write('call>\n{"name": "f", "arguments": {}}\n</tool_call><|endof');
    expect(content(call)).toBe("");
    expect(call.filter((e) => e.type === "tool-call-end")).toEqual([
      {
        type: "tool-call-end",
        index: 0,
        call: 0,
        toolCall: { id: "call_0", type: "function", function: { name: "f", arguments: "{}" } },
      },
    ]);
    const end = stream.write("text|>ignored");
    expect(end.map((e) => e.type)).toEqual(["message-end", "stop"]);
    expect(stream.text).toBe(
      '<think>\nHmm.\n</think>\n\nSure.\n<tool_call>\n{"name": "f", "arguments": {}}\n</tool_call><|endoftext|>',
    );
  });

  it("stops at <|endoftext|> only for the profiles whose models end with it", () => {
    const { events } = feed("Hi<|endoftext|>more", [], { profile: "hermes" });
    expect(events.find((e) => e.type === "message-end")).toMatchObject({
      message: { content: "Hi<|endoftext|>more" },
      closed: false,
    });
  });

  it("with openRole null reads a transcript, each assistant turn with the profile", () => {
    const text =
      '<|im_start|>user\n<tool_call>\n{"name": "f"}\n</tool_call><|im_end|>\n<|im_start|>assistant\n<tool_call>\n{"name": "f"}\n</tool_call><|im_end|>\n';
    const { events } = feed(text, [7, 40, 90], { profile: "qwen2.5", openRole: null, stopAtEnd: false });
    const messages = events.flatMap((e) => (e.type === "message-end" ? [e.message] : []));
    expect(messages.map((m) => [m.role, m.tool_calls?.length ?? 0])).toEqual([
      ["user", 0],
      ["assistant", 1],
    ]);
  });

  it("refuses an unknown profile", () => {
    expect(() => createStreamParser({ profile: "qwen9" as never })).toThrow(TypeError);
  });
});
