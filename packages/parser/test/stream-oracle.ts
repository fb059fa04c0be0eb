// The stream parser as it was before issue 9 item 11 made it linear, kept verbatim (only renamed) as the
// oracle the property tests compare the linear one with: same events, same text, for every chunking.
// It slices the buffer after every stop and searches every needle from the buffer's start, so keep the
// inputs small.
import type { Message } from "../src/document.js";
import { parseHeader } from "../src/header.js";
import { IM_END, IM_SEP, IM_START } from "../src/special-tokens.js";
import type { StreamEvent, StreamParser, StreamParserOptions } from "../src/stream.js";

type State = "outside" | "header" | "content" | "finished";

/** Length of the longest suffix of `text` that is a proper prefix of one of `tokens`. */
function heldBack(text: string, tokens: readonly string[]): number {
  const from = Math.max(0, text.length - 11);
  const lt = text.indexOf("<", from);
  if (lt === -1) return 0;
  for (let start = lt; start < text.length; start++) {
    const tail = text.slice(start);
    if (tokens.some((t) => t.length > tail.length && t.startsWith(tail))) return text.length - start;
  }
  return 0;
}

/** Earliest occurrence in `text` of any of `needles`, or undefined. */
function earliest(text: string, needles: readonly string[]): { at: number; needle: string } | undefined {
  let best: { at: number; needle: string } | undefined;
  for (const needle of needles) {
    const at = text.indexOf(needle);
    if (at !== -1 && (best === undefined || at < best.at)) best = { at, needle };
  }
  return best;
}

const HEADER_STOPS = ["\n", IM_SEP, IM_END, IM_START] as const;
const CONTENT_STOPS = [IM_END, IM_START] as const;
const OUTSIDE_STOPS = [IM_START] as const;

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
export function createOracleStreamParser(options: StreamParserOptions = {}): StreamParser {
  const stopAtEnd = options.stopAtEnd ?? true;
  let state: State = "outside";
  let buffer = "";
  let read = "";
  let index = -1;
  let message: Message | undefined;
  let announced = false;

  if (options.openRole !== undefined && options.openRole !== null) openMessage(options.openRole);

  function openMessage(header: string): void {
    const parsed = parseHeader(header);
    index++;
    message = { role: parsed.role, content: "" };
    if (parsed.name !== undefined) message.name = parsed.name;
    if (parsed.attributes !== undefined) message.attributes = parsed.attributes;
    announced = false;
    state = "content";
  }

  function announce(events: StreamEvent[]): void {
    if (announced || message === undefined) return;
    announced = true;
    const { role, name, attributes } = message;
    events.push({
      type: "message-start",
      index,
      role,
      ...(name !== undefined && { name }),
      ...(attributes !== undefined && { attributes }),
    });
  }

  function addContent(delta: string, events: StreamEvent[]): void {
    if (delta === "" || message === undefined) return;
    announce(events);
    message.content += delta;
    events.push({ type: "content", index, delta });
  }

  function closeMessage(closed: boolean, events: StreamEvent[]): void {
    if (message === undefined) return;
    announce(events);
    events.push({ type: "message-end", index, message, closed });
    message = undefined;
  }

  function step(events: StreamEvent[], final: boolean): void {
    for (;;) {
      if (state === "outside") {
        // Between messages only <|im_start|> matters, and <|im_end|> when it stops
        // the stream: a completion's stop sequence fires wherever it appears.
        const stops = stopAtEnd ? CONTENT_STOPS : OUTSIDE_STOPS;
        const stop = earliest(buffer, stops);
        if (stop === undefined) {
          buffer = final ? "" : buffer.slice(buffer.length - heldBack(buffer, stops));
          return;
        }
        buffer = buffer.slice(stop.at + stop.needle.length);
        if (stop.needle === IM_END) {
          if (finishMessage(events)) return;
          continue;
        }
        state = "header";
      } else if (state === "header") {
        const stop = earliest(buffer, HEADER_STOPS);
        if (stop === undefined) {
          // At the very end an open header is a generation prompt: no message.
          if (final) buffer = "";
          return;
        }
        const header = buffer.slice(0, stop.at);
        buffer = buffer.slice(stop.at + stop.needle.length);
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
        const stop = earliest(buffer, CONTENT_STOPS);
        if (stop === undefined) {
          const keep = final ? 0 : heldBack(buffer, CONTENT_STOPS);
          addContent(buffer.slice(0, buffer.length - keep), events);
          buffer = buffer.slice(buffer.length - keep);
          if (final && message !== undefined && (announced || message.content !== ""))
            closeMessage(false, events);
          return;
        }
        addContent(buffer.slice(0, stop.at), events);
        buffer = buffer.slice(stop.at + stop.needle.length);
        if (stop.needle === IM_END) {
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
      read = read.slice(0, read.length - buffer.length);
      buffer = "";
      state = "finished";
      events.push({ type: "stop" });
      return true;
    }
    state = "outside";
    return false;
  }

  return {
    write(chunk: string): StreamEvent[] {
      const events: StreamEvent[] = [];
      if (state === "finished") return events;
      read += chunk;
      buffer += chunk;
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
