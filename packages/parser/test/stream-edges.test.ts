// Edges of the stream parser that the other stream tests leave open: the exact shape of its
// events (no member holds undefined: the event types are exact optional properties), the
// `finished` flag before the end, a mistaken profile name, headers with odd layout, and turns of
// tool results that are empty, cut off, or follow no call.
import { describe, expect, it } from "vitest";
import {
  createStreamParser,
  type Message,
  PROFILE_NAMES,
  type ProfileName,
  parse,
  type StreamEvent,
  type StreamParserOptions,
} from "../src/index.js";
import { plainMessages } from "./stream-check.js";

function feed(chunks: readonly string[], options: StreamParserOptions = {}) {
  const stream = createStreamParser(options);
  const events: StreamEvent[] = [];
  for (const chunk of chunks) events.push(...stream.write(chunk));
  events.push(...stream.end());
  return events;
}

const ends = (events: readonly StreamEvent[]): Message[] =>
  events.flatMap((e) => (e.type === "message-end" ? [e.message] : []));

const call = (name: string, args: string) =>
  `<tool_call>\n{"name": "${name}", "arguments": ${args}}\n</tool_call>`;
const response = (text: string) => `<tool_response>\n${text}\n</tool_response>`;

describe("stream: the finished flag", () => {
  it("is false until a stop token or end()", () => {
    const stream = createStreamParser({ openRole: "assistant" });
    expect(stream.finished).toBe(false);
    stream.write("Hello");
    expect(stream.finished).toBe(false);
    stream.end();
    expect(stream.finished).toBe(true);
  });
});

describe("stream: an unknown profile name", () => {
  it("throws a TypeError naming it and every known profile", () => {
    expect(() => createStreamParser({ profile: "gpt-9" as ProfileName })).toThrow(
      new TypeError(`unknown profile "gpt-9"; expected one of ${PROFILE_NAMES.join(", ")}`),
    );
    expect(() => createStreamParser({ profile: "gpt-9" as ProfileName })).toThrow(
      /; expected one of chatml, qwen1\.5, qwen2, /,
    );
  });
});

describe("stream: events hold no member that is undefined", () => {
  it("a message-start without name, attributes or call id has only its type, index and role", () => {
    const events = feed(["<|im_start|>user\nHi<|im_end|>"], { stopAtEnd: false });
    expect(events).toStrictEqual([
      { type: "message-start", index: 0, role: "user" },
      { type: "content", index: 0, delta: "Hi" },
      { type: "message-end", index: 0, message: { role: "user", content: "Hi" }, closed: true },
    ]);
  });

  it("a tool call's later deltas carry no id, and a call that is not made carries no toolCall", () => {
    const events = feed(
      [
        '<tool_call>\n{"name": "f", "arguments": {"a": ',
        "1}}\n</tool_call>\n<tool_call>\nnot json\n</tool_call>",
      ],
      {
        profile: "hermes",
      },
    );
    const calls = events.filter((e) => e.type === "tool-call-delta" || e.type === "tool-call-end");
    const made = { id: "call_0", type: "function", function: { name: "f", arguments: '{"a": 1}' } };
    expect(calls).toStrictEqual([
      { type: "tool-call-delta", index: 0, call: 0, id: "call_0", name: "f", arguments: "" },
      { type: "tool-call-delta", index: 0, call: 0, arguments: '{"a": ' },
      { type: "tool-call-delta", index: 0, call: 0, arguments: "1}" },
      { type: "tool-call-end", index: 0, call: 0, toolCall: made },
      {
        type: "tool-call-end",
        index: 0,
        call: 1,
        problem: {
          code: "invalid-tool-call-json",
          message: 'the <tool_call> block is not JSON: an unexpected character, found "n"',
        },
      },
    ]);
  });
});

describe("stream with a profile: turns of tool results", () => {
  const options: StreamParserOptions = { profile: "hermes", openRole: null, stopAtEnd: false };

  it("a result before any call answers none: it has no tool_call_id at all", () => {
    const text = `<|im_start|>tool\n${response("sun")}\n<|im_end|>\n`;
    const events = feed([text], options);
    expect(ends(events)).toStrictEqual([{ role: "tool", content: "sun" }]);
    expect(ends(events)).toStrictEqual(plainMessages(parse(text, { profile: "hermes" }).messages));
  });

  it("a result after a user's turn answers none either", () => {
    const text = `<|im_start|>user\nHi<|im_end|>\n<|im_start|>tool\n${response("sun")}\n<|im_end|>\n`;
    const events = feed([text], options);
    expect(ends(events)).toStrictEqual([
      { role: "user", content: "Hi" },
      { role: "tool", content: "sun" },
    ]);
    expect(ends(events)).toStrictEqual(plainMessages(parse(text, { profile: "hermes" }).messages));
  });

  it("an empty turn of results is one empty tool message, with no content event", () => {
    const events = feed(["<|im_start|>tool\n<|im_end|>"], options);
    expect(events).toStrictEqual([
      { type: "message-start", index: 0, role: "tool" },
      { type: "message-end", index: 0, message: { role: "tool", content: "" }, closed: true },
    ]);
  });

  it("each result but the last of a cut-off turn is closed by the next; the last is not", () => {
    const turn = `<|im_start|>tool\n${response("a")}\n${response("b")}`;
    const closed = (text: string) =>
      feed([text], options).flatMap((e) => (e.type === "message-end" ? [[e.message.content, e.closed]] : []));
    expect(closed(turn)).toEqual([
      ["a", true],
      ["b", false],
    ]);
    expect(closed(`${turn}\n<|im_end|>`)).toEqual([
      ["a", true],
      ["b", true],
    ]);
    expect(closed(`<|im_start|>tool\n${response("a")}`)).toEqual([["a", false]]);
  });

  it("a cut-off turn of results is still read at the end, as parse reads it", () => {
    const text = `<|im_start|>tool\n${response("a")}\n${response("b")}`;
    const events = feed([text], options);
    expect(ends(events)).toStrictEqual([
      { role: "tool", content: "a" },
      { role: "tool", content: "b" },
    ]);
    expect(ends(events)).toStrictEqual(plainMessages(parse(text, { profile: "hermes" }).messages));
    const partial = feed(["<|im_start|>tool\nsome text"], options);
    expect(partial).toStrictEqual([
      { type: "message-start", index: 0, role: "tool" },
      { type: "content", index: 0, delta: "some text" },
      { type: "message-end", index: 0, message: { role: "tool", content: "some text" }, closed: false },
    ]);
  });

  it("with Qwen (results in the user's turn) a tool-role message is held too, to carry its call id", () => {
    const stream = createStreamParser({ profile: "qwen2.5", stopAtEnd: false });
    const first = stream.write(`${call("w", "{}")}<|im_end|>\n<|im_start|>tool\nsun`);
    expect(first.filter((e) => e.type !== "stop" && e.index === 1)).toStrictEqual([]);
    expect(first.at(-1)).toMatchObject({ type: "message-end", index: 0, closed: true });
    expect(stream.write("ny<|im_end|>\n")).toStrictEqual([
      { type: "message-start", index: 1, role: "tool", tool_call_id: "call_0" },
      { type: "content", index: 1, delta: "sunny" },
      {
        type: "message-end",
        index: 1,
        message: { role: "tool", content: "sunny", tool_call_id: "call_0" },
        closed: true,
      },
    ]);
  });

  it("with Qwen a user's last result may not end with a newline: such a turn stays the user's text", () => {
    const text = `<|im_start|>user\n${response("sun")}\n<|im_end|>\n`;
    const events = feed([text], { profile: "qwen2.5", openRole: null, stopAtEnd: false });
    expect(ends(events)).toStrictEqual([{ role: "user", content: `${response("sun")}\n` }]);
    expect(ends(events)).toStrictEqual(plainMessages(parse(text, { profile: "qwen2.5" }).messages));
  });
});

describe("stream with a profile: only the assistant's turn is read as the model writes it", () => {
  it("a system message's <think> and <tool_call> are its text", () => {
    const content = `<think>x</think>y\n${call("f", "{}")}`;
    const text = `<|im_start|>system\n${content}<|im_end|>\n`;
    const events = feed([text], { profile: "qwen3", openRole: null, stopAtEnd: false });
    expect(events).toStrictEqual([
      { type: "message-start", index: 0, role: "system" },
      { type: "content", index: 0, delta: content },
      { type: "message-end", index: 0, message: { role: "system", content }, closed: true },
    ]);
    expect(ends(events)).toStrictEqual(plainMessages(parse(text, { profile: "qwen3" }).messages));
  });
});

describe("stream: header layout", () => {
  it("a carriage return before the role is no part of it", () => {
    const text = "<|im_start|>\ruser\nHi<|im_end|>";
    const events = feed([text], { stopAtEnd: false });
    expect(ends(events)).toStrictEqual([{ role: "user", content: "Hi" }]);
    expect(ends(events)).toStrictEqual(plainMessages(parse(text).messages));
  });

  it("a header cut off by <|im_end|> drops all the spaces between the role and the content", () => {
    const text = "<|im_start|>user \t hi<|im_end|>";
    const events = feed([text], { stopAtEnd: false });
    expect(ends(events)).toStrictEqual([{ role: "user", content: "hi" }]);
    expect(ends(events)).toStrictEqual(plainMessages(parse(text).messages));
  });
});
