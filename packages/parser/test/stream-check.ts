// What "the stream reads what parse reads" means, checked with node:assert so that both the
// property tests (profile-stream.test.ts) and the coverage-guided fuzz target (fuzz-target.ts,
// run outside vitest by `pnpm fuzz:coverage`) use the same checks.
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import {
  createStreamParser,
  type Message,
  type ProfileName,
  parse,
  profileInfo,
  type StreamEvent,
  type StreamParserOptions,
} from "../src/index.js";

/** The generation prompt's header a profile's output follows. */
export function promptOf(profile: ProfileName): string {
  return profileInfo(profile)?.dialect === "chatml-sep"
    ? "<|im_start|>assistant<|im_sep|>"
    : "<|im_start|>assistant\n";
}

/** The fields a reader of messages compares: no spans (the stream links results to calls too). */
export function plainMessages(messages: readonly Message[]): Message[] {
  return messages.map(({ span: _span, ...rest }) => rest);
}

/** Feeds `text` cut at `cuts` (any numbers: taken modulo the length, sorted); the events, and what the stream read. */
export function feed(text: string, cuts: readonly number[], options: StreamParserOptions) {
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
export function rebuild(events: readonly StreamEvent[]): Message[] {
  const messages: Message[] = [];
  const deltas = new Map<string, { id?: string; name?: string; arguments: string }>();
  for (const e of events) {
    if (e.type === "message-start") {
      strictEqual(e.index, messages.length, "messages start in order");
      messages.push({
        role: e.role,
        content: "",
        ...(e.name !== undefined && { name: e.name }),
        ...(e.attributes !== undefined && { attributes: e.attributes }),
        ...(e.tool_call_id !== undefined && { tool_call_id: e.tool_call_id }),
      });
      continue;
    }
    if (e.type === "stop" || e.type === "message-end") continue;
    const m = messages[e.index] as Message;
    ok(m !== undefined, `an event of message ${e.index} after its start`);
    if (e.type === "content") m.content += e.delta;
    else if (e.type === "reasoning") m.reasoning_content = (m.reasoning_content ?? "") + e.delta;
    else if (e.type === "tool-call-delta") {
      const key = `${e.index}/${e.call}`;
      const seen = deltas.get(key);
      if (seen === undefined) {
        ok(e.id !== undefined && /^call_\d+$/.test(e.id), "a call's first delta has its id");
        deltas.set(key, {
          ...(e.id !== undefined && { id: e.id }),
          ...(e.name !== undefined && { name: e.name }),
          arguments: e.arguments,
        });
      } else {
        strictEqual(e.id, undefined, "only the first delta has the id");
        if (e.name !== undefined) seen.name = e.name;
        seen.arguments += e.arguments;
      }
    } else if (e.type === "tool-call-end") {
      const seen = deltas.get(`${e.index}/${e.call}`);
      if (e.toolCall !== undefined) {
        ok(seen !== undefined, "a call is streamed before its end");
        strictEqual(seen.id, e.toolCall.id);
        strictEqual(seen.name, e.toolCall.function.name);
        strictEqual(
          seen.arguments,
          e.toolCall.function.arguments,
          "the argument deltas concatenate to the call's arguments",
        );
        m.tool_calls = [...(m.tool_calls ?? []), e.toolCall];
      } else {
        ok(/tool-call/.test(e.problem?.code ?? ""), "a call that is not made says why");
      }
    }
  }
  return messages;
}

/**
 * Streams `text` cut at `cuts` and checks that the events rebuild, and the message-end events
 * hold, what `parse` reads of the text the stream read (after the generation prompt, with a
 * profile), and that the stream read a prefix of `text`. `stopAtEnd: false`: the stream reads
 * on past the model's turn, as through a transcript.
 */
export function checkStream(
  text: string,
  cuts: readonly number[],
  profile?: ProfileName,
  stopAtEnd = true,
): void {
  const { events, read } = feed(text, cuts, { ...(profile !== undefined && { profile }), stopAtEnd });
  ok(text.startsWith(read), "the stream reads a prefix of its input");
  const whole = parse(
    profile === undefined ? read : promptOf(profile) + read,
    profile === undefined ? {} : { profile },
  );
  const expected = plainMessages(whole.messages);
  deepStrictEqual(rebuild(events), expected, "the events rebuild parse's messages");
  const ends = events.flatMap((e) => (e.type === "message-end" ? [e.message] : []));
  deepStrictEqual(ends, expected, "message-end events hold parse's messages");
}

/**
 * checkStream at every cut: `text` cut once at each place, then fed a character at a time. Random
 * cuts seldom land on the one place where what a chunk's end holds back matters.
 */
export function checkEveryCut(text: string, profile?: ProfileName): void {
  for (let cut = 0; cut <= text.length; cut++) checkStream(text, [cut], profile);
  checkStream(
    text,
    Array.from({ length: text.length }, (_, i) => i),
    profile,
  );
}
