import type { Message, MessageToolCall } from "./document.js";
import { parseHeader } from "./header.js";
import { resultsIn } from "./profiles/read-document.js";
import {
  type CallCounter,
  type OutputProblem,
  OutputReader,
  type OutputSink,
} from "./profiles/read-output.js";
import { PROFILE_NAMES, profileFor } from "./profiles/registry.js";
import type { Profile, ProfileName } from "./profiles/types.js";
import { IM_END, IM_SEP, IM_START } from "./special-tokens.js";

/** What the stream parser reports, in order. */
export type StreamEvent =
  | {
      readonly type: "message-start";
      readonly index: number;
      readonly role: string;
      readonly name?: string;
      readonly attributes?: Record<string, string>;
      /** With a profile, a tool result's: the call it answers (the assistant's turn before it), as parse links it. */
      readonly tool_call_id?: string;
    }
  | { readonly type: "content"; readonly index: number; readonly delta: string }
  /** With a profile that writes reasoning: a part of the assistant's `<think>` block. */
  | { readonly type: "reasoning"; readonly index: number; readonly delta: string }
  /**
   * With a profile that writes tools: a part of the message's `call`-th `<tool_call>` block. Its
   * first delta has the call's `id`, and its `name` once the model wrote it; `arguments` are
   * fragments of the arguments' JSON text, which concatenate to the call's `arguments`.
   * Provisional: the call is made only when its `tool-call-end` has a `toolCall`.
   */
  | {
      readonly type: "tool-call-delta";
      readonly index: number;
      readonly call: number;
      readonly id?: string;
      readonly name?: string;
      readonly arguments: string;
    }
  /**
   * The block closed: `toolCall` is the call, as in `parse`'s `tool_calls`; or `problem` says
   * why it is none (not JSON, no name, no `</tool_call>`), and its text came as content.
   */
  | {
      readonly type: "tool-call-end";
      readonly index: number;
      readonly call: number;
      readonly toolCall?: MessageToolCall;
      readonly problem?: { readonly code: OutputProblem["code"]; readonly message: string };
    }
  | {
      readonly type: "message-end";
      readonly index: number;
      readonly message: Message;
      /** False when the message ended without `<|im_end|>` (cut off, or followed by `<|im_start|>`). */
      readonly closed: boolean;
    }
  /** A stop token (`<|im_end|>`, or a profile's) was seen and `stopAtEnd` is set: the stream is finished. */
  | { readonly type: "stop" };

/** Options of `createStreamParser`. */
export interface StreamParserOptions {
  /**
   * Begin inside an open message with this role, as a completion does after a
   * prompt that ended with `<|im_start|>assistant\n`. Default: begin between
   * messages; with a profile, inside the assistant's message (`null`: between messages).
   */
  openRole?: string | null;
  /**
   * Stop at the first `<|im_end|>` (with a profile, at the first of its stop tokens), as a
   * completion request with `stop: ["<|im_end|>"]` does. Default true.
   */
  stopAtEnd?: boolean;
  /**
   * Read assistants' messages as this model writes them: `reasoning` deltas for Qwen3's
   * `<think>` block, `tool-call-delta` and `tool-call-end` events for `<tool_call>` blocks,
   * and content without them, as `parse` with the same profile reads the text. An unknown
   * name throws a TypeError (a mistake in the caller's code, not in the model's output).
   */
  profile?: ProfileName;
}

/** An incremental ChatML reader for model output arriving in chunks. */
export interface StreamParser {
  /** Feeds a chunk (split anywhere, even inside a special token); returns the events it completes. */
  write(chunk: string): StreamEvent[];
  /** Ends the input: flushes held-back text and closes an open message. */
  end(): StreamEvent[];
  /** True once `<|im_end|>` stopped the stream, or after `end()`. */
  readonly finished: boolean;
  /** Everything that was read, up to and including the stopping `<|im_end|>`. */
  readonly text: string;
}

type State = "outside" | "header" | "content" | "finished";

/** Longest a header stop can start before the end of the text and still be incomplete: the longest, less one. */
const CARRY = IM_START.length - 1;

/**
 * Length of the longest suffix of `text.slice(from)` that is a proper prefix of one of `tokens`
 * (only the last characters, one fewer than the longest token, are looked at).
 */
function heldBack(text: string, from: number, tokens: readonly string[]): number {
  let carry = 0;
  for (const token of tokens) carry = Math.max(carry, token.length - 1);
  const lt = text.indexOf("<", Math.max(from, text.length - carry));
  if (lt === -1) return 0;
  for (let start = lt; start < text.length; start++) {
    const tail = text.slice(start);
    if (tokens.some((t) => t.length > tail.length && t.startsWith(tail))) return text.length - start;
  }
  return 0;
}

/**
 * Finds needles in one text, remembering each needle's last answer: the first occurrence at or after
 * `from` is `at` (-1: none to the end). A later search from a position not past `at` reuses it, so
 * every needle scans each part of the text about once, however often it is asked.
 */
class Finder {
  private readonly seen = new Map<string, { from: number; at: number }>();

  constructor(readonly text: string) {}

  /** Earliest occurrence at or after `from` of any of `needles` (none starts at the same place as another). */
  earliest(needles: readonly string[], from: number): { at: number; needle: string } | undefined {
    let best: { at: number; needle: string } | undefined;
    for (const needle of needles) {
      const at = this.indexOf(needle, from);
      if (at !== -1 && (best === undefined || at < best.at)) best = { at, needle };
    }
    return best;
  }

  private indexOf(needle: string, from: number): number {
    const last = this.seen.get(needle);
    if (last !== undefined && last.from <= from && (last.at === -1 || last.at >= from)) return last.at;
    const at = this.text.indexOf(needle, from);
    this.seen.set(needle, { from, at });
    return at;
  }
}

const HEADER_STOPS = ["\n", IM_SEP, IM_END, IM_START] as const;
const CONTENT_STOPS = [IM_END, IM_START] as const;
const OUTSIDE_STOPS = [IM_START] as const;

function profileOf(name: ProfileName | undefined): Profile | undefined {
  if (name === undefined) return undefined;
  const profile = profileFor(name);
  if (profile === undefined) {
    throw new TypeError(
      `unknown profile ${JSON.stringify(name)}; expected one of ${PROFILE_NAMES.join(", ")}`,
    );
  }
  return profile;
}

/**
 * Creates a stream parser. It reads headers exactly as `parse` does, and the
 * content deltas of each message concatenate to that message's `content` in
 * `parse` of the whole text. A message is announced when its first content
 * arrives (or it closes), so an open header at the very end stays a
 * generation prompt, as in `parse`.
 *
 * @example
 * const stream = createStreamParser({ openRole: "assistant" });
 * for await (const chunk of completion) for (const e of stream.write(chunk)) if (e.type === "content") show(e.delta);
 * stream.end();
 */
export function createStreamParser(options: StreamParserOptions = {}): StreamParser {
  const stopAtEnd = options.stopAtEnd ?? true;
  const profile = profileOf(options.profile);
  // Content ends at <|im_start|>, and at a stop token when they stop the stream.
  const contentStops: readonly string[] =
    stopAtEnd && profile !== undefined ? [...profile.stopTokens, IM_START] : CONTENT_STOPS;
  const reads = profile !== undefined && (profile.tools || profile.reasoning);
  const counter: CallCounter = { next: 0 };
  let state: State = "outside";
  // Undecided input is `buffer` from `pos` on: a cursor, not a slice per stop. Between writes at most
  // CARRY characters of it are left (a token's possible start); a header still open keeps the rest of
  // what it has read, already searched, in `pendingHeader`, so a small chunk costs its own length only.
  let buffer = "";
  let finder = new Finder(buffer);
  let pos = 0;
  let pendingHeader = "";
  let read = "";
  let index = -1;
  let message: Message | undefined;
  let announced = false;
  // An assistant's content, read with the profile; `fed`: it was given some (maybe all held back).
  let reader: OutputReader | undefined;
  let fed = false;
  // A turn of the role the profile writes tool results in (Qwen's user, Hermes' tool) is held
  // until it ends: only then is it known to be results, which parse reads as `tool` messages.
  const resultsRole = profile?.read?.toolResults;
  let holding = false;
  // The calls the last assistant made, which the tool results after it answer in order (as parse links them).
  let calls: readonly MessageToolCall[] = [];
  let nextCall = 0;

  /** A new buffer needs a new finder: what it remembered were positions in the old one. */
  function setBuffer(text: string): void {
    buffer = text;
    finder = new Finder(text);
    pos = 0;
  }

  function openMessage(header: string): void {
    const parsed = parseHeader(header);
    index++;
    message = { role: parsed.role, content: "" };
    if (parsed.name !== undefined) message.name = parsed.name;
    if (parsed.attributes !== undefined) message.attributes = parsed.attributes;
    announced = false;
    reader = reads && parsed.role === "assistant" ? new OutputReader(profile, counter, sink) : undefined;
    fed = false;
    // Tool results are held too: their call id is known once the turn is read.
    holding = resultsRole !== undefined && (parsed.role === resultsRole || parsed.role === "tool");
    state = "content";
  }

  function announce(events: StreamEvent[]): void {
    if (announced || message === undefined) return;
    announced = true;
    const { role, name, attributes, tool_call_id } = message;
    events.push({
      type: "message-start",
      index,
      role,
      ...(name !== undefined && { name }),
      ...(attributes !== undefined && { attributes }),
      ...(tool_call_id !== undefined && { tool_call_id }),
    });
  }

  function addContent(delta: string, events: StreamEvent[]): void {
    if (delta === "" || message === undefined) return;
    if (holding) {
      message.content += delta;
      return;
    }
    if (reader !== undefined) {
      fed = true;
      out = events;
      reader.write(delta);
      return;
    }
    announce(events);
    message.content += delta;
    events.push({ type: "content", index, delta });
  }

  // What the reader finds goes into the message, and out as events to `out`, the events of the
  // write (or end) being read.
  let out: StreamEvent[] = [];
  const sink: OutputSink = {
    content(delta) {
      announce(out);
      (message as Message).content += delta;
      out.push({ type: "content", index, delta });
    },
    reasoning(delta) {
      announce(out);
      const m = message as Message;
      m.reasoning_content = (m.reasoning_content ?? "") + delta;
      out.push({ type: "reasoning", index, delta });
    },
    toolCallDelta(call, id, name, args) {
      announce(out);
      out.push({
        type: "tool-call-delta",
        index,
        call,
        ...(id !== undefined && { id }),
        ...(name !== undefined && { name }),
        arguments: args,
      });
    },
    toolCallEnd(call, toolCall, problem) {
      announce(out);
      const m = message as Message;
      if (toolCall !== undefined) m.tool_calls = [...(m.tool_calls ?? []), toolCall];
      out.push({
        type: "tool-call-end",
        index,
        call,
        ...(toolCall !== undefined && { toolCall }),
        ...(problem !== undefined && { problem: { code: problem.code, message: problem.message } }),
      });
    },
    problem() {},
  };

  function closeMessage(closed: boolean, events: StreamEvent[]): void {
    if (message === undefined) return;
    if (reader !== undefined) {
      out = events;
      reader.end(closed);
      reader = undefined;
    }
    if (holding) {
      holding = false;
      // A turn of results is one `tool` message per result, as parse reads it; anything else stays one message.
      const held = message;
      const results = resultsIn(held.content, resultsRole === "tool");
      const list = results?.map((content): Message => ({ role: "tool", content })) ?? [held];
      list.forEach((m, i) => {
        if (i > 0) index++;
        message = m;
        announced = false;
        link(m);
        announce(events);
        if (m.content !== "") events.push({ type: "content", index, delta: m.content });
        events.push({ type: "message-end", index, message: m, closed: i < list.length - 1 || closed });
      });
      message = undefined;
      return;
    }
    link(message);
    announce(events);
    events.push({ type: "message-end", index, message, closed });
    message = undefined;
  }

  /** As parse links them (with a profile): a tool result answers the next call of the assistant turn before it. */
  function link(m: Message): void {
    if (profile === undefined) return;
    if (m.role === "tool") {
      const call = calls[nextCall++];
      if (call !== undefined) m.tool_call_id = call.id;
      return;
    }
    calls = m.role === "assistant" ? (m.tool_calls ?? []) : [];
    nextCall = 0;
  }

  function step(events: StreamEvent[], final: boolean): void {
    for (;;) {
      if (state === "outside") {
        // Between messages only <|im_start|> matters, and <|im_end|> when it stops
        // the stream: a completion's stop sequence fires wherever it appears.
        const stops = stopAtEnd ? contentStops : OUTSIDE_STOPS;
        const stop = finder.earliest(stops, pos);
        if (stop === undefined) {
          pos = final ? buffer.length : buffer.length - heldBack(buffer, pos, stops);
          return;
        }
        pos = stop.at + stop.needle.length;
        if (stop.needle !== IM_START) {
          if (finishMessage(events)) return;
          continue;
        }
        state = "header";
      } else if (state === "header") {
        const stop = finder.earliest(HEADER_STOPS, pos);
        if (stop === undefined) {
          // At the very end an open header is a generation prompt: no message.
          // Otherwise what was searched moves to pendingHeader, but for the last CARRY
          // characters, where a stop may begin: the next search starts there.
          const keep = final ? buffer.length : Math.max(pos, buffer.length - CARRY);
          if (final) pendingHeader = "";
          else pendingHeader += buffer.slice(pos, keep);
          pos = keep;
          return;
        }
        const header = pendingHeader + buffer.slice(pos, stop.at);
        pendingHeader = "";
        pos = stop.at + stop.needle.length;
        if (stop.needle === "\n" || stop.needle === IM_SEP) {
          openMessage(stop.needle === "\n" && header.endsWith("\r") ? header.slice(0, -1) : header);
          continue;
        }
        // No header end before <|im_end|> / <|im_start|>: as parse does, the
        // first word is the role and the rest of the header is the content.
        const role = /^[ \t]*[^ \t]*/.exec(header)?.[0] ?? "";
        openMessage(role);
        addContent(header.slice(role.length).replace(/^[ \t]+/, ""), events);
        if (stop.needle === IM_END) {
          if (finishMessage(events)) return;
        } else {
          closeMessage(false, events);
          state = "header";
        }
      } else if (state === "content") {
        const stop = finder.earliest(contentStops, pos);
        if (stop === undefined) {
          const keep = final ? 0 : heldBack(buffer, pos, contentStops);
          addContent(buffer.slice(pos, buffer.length - keep), events);
          pos = buffer.length - keep;
          if (final && message !== undefined && (announced || message.content !== "" || fed))
            closeMessage(false, events);
          return;
        }
        addContent(buffer.slice(pos, stop.at), events);
        pos = stop.at + stop.needle.length;
        if (stop.needle !== IM_START) {
          if (finishMessage(events)) return;
        } else {
          closeMessage(false, events);
          state = "header";
        }
      } else {
        return;
      }
    }
  }

  /** After `<|im_end|>`: close the message; true when the stream stops here. */
  function finishMessage(events: StreamEvent[]): boolean {
    closeMessage(true, events);
    if (stopAtEnd) {
      // Keep only what was read up to the stopping token.
      read = read.slice(0, read.length - (buffer.length - pos));
      setBuffer("");
      state = "finished";
      events.push({ type: "stop" });
      return true;
    }
    state = "outside";
    return false;
  }

  // With a profile the stream reads a model's output: the assistant's message, already open.
  const openRole = options.openRole === undefined && profile !== undefined ? "assistant" : options.openRole;
  if (openRole !== undefined && openRole !== null) openMessage(openRole);

  return {
    write(chunk: string): StreamEvent[] {
      const events: StreamEvent[] = [];
      if (state === "finished") return events;
      read += chunk;
      setBuffer(buffer.slice(pos) + chunk);
      step(events, false);
      return events;
    },
    end(): StreamEvent[] {
      const events: StreamEvent[] = [];
      if (state !== "finished") {
        step(events, true);
        state = "finished";
      }
      return events;
    },
    get finished() {
      return state === "finished";
    },
    get text() {
      return read;
    },
  };
}
