// A transcript read as a profile's model wrote it: the messages ChatML gives,
// then each assistant turn's reasoning and tool calls, tool results back as
// `tool` messages, and the tools the system message declares.
import type { BuiltDocument } from "../build-document.js";
import type { Message, MessageSpan, MessageToolCall, Range } from "../document.js";
import { IM_END } from "../special-tokens.js";
import { type CallCounter, type OutputProblem, OutputReader, type OutputSink } from "./read-output.js";
import { CALL_OPEN, RESPONSE_CLOSE_TAG, RESPONSE_OPEN_TAG, THINK_OPEN, tagsIn } from "./tags.js";
import type { Profile } from "./types.js";

type SpannedMessage = Message & { span: MessageSpan };

const RESPONSE_OPEN = `${RESPONSE_OPEN_TAG}\n`;
const RESPONSE_CLOSE = `\n${RESPONSE_CLOSE_TAG}`;

/**
 * Reads `doc` (parsed from `text`) with `profile`, in place; returns the problems found, at
 * offsets into `text`. `doc.structuralTags` gets where the profile's tags were read as structure.
 */
export function readWithProfile(doc: BuiltDocument, text: string, profile: Profile): OutputProblem[] {
  const problems: OutputProblem[] = [];
  const tags: Range[] = [];
  const stopped = endAtStopToken(doc, profile);
  const counter: CallCounter = { next: 0 };
  const reads = profile.tools || profile.reasoning;
  const messages: SpannedMessage[] = [];
  doc.messages.forEach((message, index) => {
    if (index === 0 && message.role === "system" && profile.read?.readTools !== undefined) {
      const read = profile.read.readTools(message.content);
      if (read !== undefined) {
        doc.tools = read.tools;
        // The tags in the template's fixed text around the tools are its own; the tools' text may not hold any.
        const { content, span } = message;
        const lead = read.system === undefined ? 0 : read.system.length;
        for (const [from, to] of [
          [lead, read.declared[0]],
          [read.declared[1], content.length],
        ] as const) {
          for (const r of tagsIn(content, profile.structuralTags, from, to)) {
            tags.push({ start: span.contentStart + r.start, end: span.contentStart + r.end });
          }
        }
        if (read.system === undefined) return;
        const { contentStart } = message.span;
        messages.push({
          ...message,
          content: read.system,
          span: { ...message.span, contentEnd: contentStart + read.system.length },
        });
        return;
      }
    }
    if (message.role === "assistant" && reads) {
      const last = index === doc.messages.length - 1;
      const closed = (last && stopped) || text.startsWith(IM_END, message.span.contentEnd);
      messages.push(readAssistant(message, profile, counter, closed, problems, tags));
      return;
    }
    if (message.role === profile.read?.toolResults) {
      const results = splitResults(message, profile.read.toolResults === "tool", tags);
      if (results !== undefined) {
        messages.push(...results);
        return;
      }
    }
    messages.push(message);
  });
  linkResults(messages);
  doc.messages = messages;
  if (profile.structuralTags.length > 0) doc.structuralTags = tags.sort((a, b) => a.start - b.start);
  return problems;
}

/**
 * The stream parser stops at the profile's first stop token: a final message cut off by one
 * that is not `<|im_end|>` (`<|endoftext|>`) ended there, and the token is no content.
 */
function endAtStopToken(doc: BuiltDocument, profile: Profile): boolean {
  const final = doc.messages[doc.messages.length - 1];
  if (final === undefined || !doc.continueFinalMessage) return false;
  const token = profile.stopTokens.find((t) => t !== IM_END && final.content.endsWith(t));
  if (token === undefined) return false;
  final.content = final.content.slice(0, -token.length);
  final.span = { ...final.span, contentEnd: final.span.contentEnd - token.length };
  doc.continueFinalMessage = false;
  return true;
}

function readAssistant(
  message: SpannedMessage,
  profile: Profile,
  counter: CallCounter,
  closed: boolean,
  problems: OutputProblem[],
  tags: Range[],
): SpannedMessage {
  // A turn with neither tag reads as it is (what the reader would find, without reading it).
  const text = message.content;
  if (!(profile.reasoning && text.startsWith(THINK_OPEN)) && !(profile.tools && text.includes(CALL_OPEN))) {
    return message;
  }
  const found = new Found(message.span.contentStart, problems, tags);
  const reader = new OutputReader(profile, counter, found);
  reader.write(text);
  reader.end(closed);
  const { text: content, reasoningText: reasoning, calls } = found;
  const { span, ...rest } = message;
  return {
    ...rest,
    content,
    ...(reasoning !== "" && { reasoning_content: reasoning }),
    ...(calls.length > 0 && { tool_calls: calls }),
    span,
  };
}

/** What the reader finds in one message: its content, reasoning and calls, and the problems, at offsets into the text. */
class Found implements OutputSink {
  text = "";
  reasoningText = "";
  readonly calls: MessageToolCall[] = [];
  constructor(
    private readonly base: number,
    private readonly problems: OutputProblem[],
    private readonly tags: Range[],
  ) {}
  content(delta: string): void {
    this.text += delta;
  }
  reasoning(delta: string): void {
    this.reasoningText += delta;
  }
  toolCallDelta(): void {}
  toolCallEnd(_call: number, toolCall: MessageToolCall | undefined): void {
    if (toolCall !== undefined) this.calls.push(toolCall);
  }
  problem(problem: OutputProblem): void {
    this.problems.push({ ...problem, start: this.base + problem.start, end: this.base + problem.end });
  }
  tag(start: number, end: number): void {
    this.tags.push({ start: this.base + start, end: this.base + end });
  }
}

/**
 * A message made only of `<tool_response>` blocks, one result each, as the templates write a
 * run of tool results: the results as `tool` messages. Undefined when it is anything else.
 */
function splitResults(
  message: SpannedMessage,
  trailingNewline: boolean,
  tags: Range[],
): SpannedMessage[] | undefined {
  const text = message.content;
  const base = message.span.contentStart;
  const out: SpannedMessage[] = [];
  // The blocks' tags, kept only if the whole message reads as results.
  const found: Range[] = [];
  let at = 0;
  for (;;) {
    if (!text.startsWith(RESPONSE_OPEN, at)) return undefined;
    const from = at + RESPONSE_OPEN.length;
    // The first close that the next block, or the end, follows: a result may hold the close's text.
    let close = text.indexOf(RESPONSE_CLOSE, from);
    let next = -1;
    for (; close !== -1; close = text.indexOf(RESPONSE_CLOSE, close + 1)) {
      const after = close + RESPONSE_CLOSE.length;
      if (after === text.length || (trailingNewline && after === text.length - 1 && text[after] === "\n"))
        break;
      if (text.startsWith(`\n${RESPONSE_OPEN}`, after)) {
        next = after + 1;
        break;
      }
    }
    if (close === -1) return undefined;
    found.push(
      { start: base + at, end: base + at + RESPONSE_OPEN_TAG.length },
      { start: base + close + 1, end: base + close + RESPONSE_CLOSE.length },
    );
    out.push({
      role: "tool",
      content: text.slice(from, close),
      span: { ...message.span, contentStart: base + from, contentEnd: base + close },
    });
    if (next === -1) {
      tags.push(...found);
      return out;
    }
    at = next;
  }
}

/**
 * The results of a message made only of `<tool_response>` blocks, as `parse` reads them
 * (`trailingNewline`: a `tool` message's last block may end with a newline); undefined when it
 * is anything else. The stream parser reads a turn of results with this, once it has ended.
 */
export function resultsIn(content: string, trailingNewline: boolean): string[] | undefined {
  const span: MessageSpan = {
    start: 0,
    end: content.length,
    headerStart: 0,
    headerEnd: 0,
    contentStart: 0,
    contentEnd: content.length,
  };
  return splitResults({ role: "", content, span }, trailingNewline, [])?.map((m) => m.content);
}

/** Each tool result answers the next call of the assistant turn before it, in order. */
function linkResults(messages: SpannedMessage[]): void {
  let calls: readonly MessageToolCall[] = [];
  let next = 0;
  messages.forEach((message, index) => {
    if (message.role === "tool") {
      const call = calls[next++];
      if (call !== undefined) {
        const { span, ...rest } = message;
        messages[index] = { ...rest, tool_call_id: call.id, span };
      }
      return;
    }
    calls = message.role === "assistant" ? (message.tool_calls ?? []) : [];
    next = 0;
  });
}
