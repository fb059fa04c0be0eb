// Reading model output with a profile, chunk by chunk: the stream parser's
// events rebuild what `parse` with the same profile reads from the whole text,
// however the text is split (inside tags, special tokens and JSON too).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  createStreamParser,
  type Message,
  PROFILE_NAMES,
  type ProfileName,
  parse,
  profileInfo,
  type StreamEvent,
} from "../src/index.js";
import { fuzzRuns, output } from "./arbitraries.js";

/** The generation prompt's header a profile's output follows. */
function promptOf(profile: ProfileName): string {
  return profileInfo(profile)?.dialect === "chatml-sep"
    ? "<|im_start|>assistant<|im_sep|>"
    : "<|im_start|>assistant\n";
}

/** The fields a reader of messages compares: no spans, no result links (parse's own). */
function plain(messages: readonly Message[]): Message[] {
  return messages.map(({ span: _span, tool_call_id: _id, ...rest }) => rest);
}

/** Feeds `text` cut at `cuts`; the events, and what the stream read. */
function feed(text: string, cuts: number[], options: Parameters<typeof createStreamParser>[0]) {
  const stream = createStreamParser(options);
  const events: StreamEvent[] = [];
  let from = 0;
  for (const cut of cuts.map((c) => c % (text.length + 1)).sort((a, b) => a - b)) {
    events.push(...stream.write(text.slice(from, cut)));
    from = Math.max(from, cut);
  }
  events.push(...stream.write(text.slice(from)));
  events.push(...stream.end());
  return { events, read: stream.text };
}

/** Messages rebuilt from the events alone; each call's deltas checked against the call made. */
function rebuild(events: readonly StreamEvent[]): Message[] {
  const messages: Message[] = [];
  const deltas = new Map<string, { id?: string; name?: string; arguments: string }>();
  for (const e of events) {
    if (e.type === "message-start") {
      expect(e.index).toBe(messages.length);
      messages.push({
        role: e.role,
        content: "",
        ...(e.name !== undefined && { name: e.name }),
        ...(e.attributes !== undefined && { attributes: e.attributes }),
      });
      continue;
    }
    if (e.type === "stop" || e.type === "message-end") continue;
    const m = messages[e.index] as Message;
    expect(m).toBeDefined();
    if (e.type === "content") m.content += e.delta;
    else if (e.type === "reasoning") m.reasoning_content = (m.reasoning_content ?? "") + e.delta;
    else if (e.type === "tool-call-delta") {
      const key = `${e.index}/${e.call}`;
      const seen = deltas.get(key);
      if (seen === undefined) {
        expect(e.id, "a call's first delta has its id").toMatch(/^call_\d+$/);
        deltas.set(key, {
          ...(e.id !== undefined && { id: e.id }),
          ...(e.name !== undefined && { name: e.name }),
          arguments: e.arguments,
        });
      } else {
        expect(e.id, "only the first delta has the id").toBeUndefined();
        if (e.name !== undefined) seen.name = e.name;
        seen.arguments += e.arguments;
      }
    } else if (e.type === "tool-call-end") {
      const seen = deltas.get(`${e.index}/${e.call}`);
      if (e.toolCall !== undefined) {
        expect(seen, "a call is streamed before its end").toBeDefined();
        expect(seen?.id).toBe(e.toolCall.id);
        expect(seen?.name).toBe(e.toolCall.function.name);
        expect(seen?.arguments, "the argument deltas concatenate to the call's arguments").toBe(
          e.toolCall.function.arguments,
        );
        m.tool_calls = [...(m.tool_calls ?? []), e.toolCall];
      } else {
        expect(e.problem?.code).toMatch(/tool-call/);
      }
    }
  }
  return messages;
}

describe("createStreamParser with a profile", () => {
  it("streaming with random chunk splits matches parse of the whole text, for every profile", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...PROFILE_NAMES),
        output,
        fc.array(fc.nat(), { maxLength: 10 }),
        (profile, text, cuts) => {
          const { events, read } = feed(text, cuts, { profile });
          expect(text.startsWith(read)).toBe(true);
          const whole = parse(promptOf(profile) + read, { profile });
          expect(rebuild(events)).toEqual(plain(whole.messages));
          const ends = events.filter((e) => e.type === "message-end");
          expect(ends.map((e) => e.message)).toEqual(plain(whole.messages));
        },
      ),
      fuzzRuns(3000),
    );
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
