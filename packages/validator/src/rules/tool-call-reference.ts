// tool-call-reference: tool results answer the calls right before them, each call once answered.
import { describeValue as describe, isRecord, messageMemberPath } from "@chatmlkit/parser";
import type { InputMessage } from "../input.js";
import { closest, didYouMean } from "../suggest.js";
import { defineRule, json } from "./define.js";
import { jsonField, type MessageFinding, whole } from "./message-check.js";

export const rule = defineRule("tool-call-reference", "error", "validator", {
  category: "structure",
  summary:
    "A `tool` message whose `tool_call_id` answers no call of the assistant message before it (or that has none), a call left unanswered, or two calls of one message with the same id.",
  rationale:
    "The Chat Completions API refuses the request (400: an assistant message with `tool_calls` must be followed by tool messages responding to each `tool_call_id`; a tool message must answer a preceding one), and a fine-tuning example that pairs results with the wrong calls teaches the model to misread them.",
  details:
    "The tool messages answering an assistant message's calls must follow it, with no other message between (as the API requires): a call still unanswered when another message comes is reported at the call's id. The calls of the last assistant message are not reported when no tool message follows (a fine-tuning example ends with the call it teaches); when some are answered and others not, the others are. Legacy `function` messages are not checked by id (they answer `function_call` by name).",
  fails: json(
    '[\n  { "role": "user", "content": "Weather in Paris?" },\n  {\n    "role": "assistant",\n    "content": null,\n    "tool_calls": [{ "id": "call_1", "type": "function", "function": { "name": "get_weather", "arguments": "{}" } }]\n  },\n  { "role": "tool", "tool_call_id": "call_2", "content": "18°C" }\n]',
  ),
  passes: json(
    '[\n  { "role": "user", "content": "Weather in Paris?" },\n  {\n    "role": "assistant",\n    "content": null,\n    "tool_calls": [{ "id": "call_1", "type": "function", "function": { "name": "get_weather", "arguments": "{}" } }]\n  },\n  { "role": "tool", "tool_call_id": "call_1", "content": "18°C" }\n]',
  ),
});

/** A call waiting for its tool message. */
interface OpenCall {
  readonly path: string;
  answered: boolean;
}

/**
 * Follows the conversation, one JSON message at a time in order: the calls of
 * the last assistant message with `tool_calls` stay open while tool messages
 * follow it. Only the open calls are kept.
 */
export class ToolCallTracker {
  private open: Map<string, OpenCall> | undefined;
  private openIndex = -1;

  /** `listPath`: the JSON path of the list of messages (`$` or `$.messages`). */
  constructor(private readonly listPath: string) {}

  /** Some calls are open: the next message, whatever it is, changes what is reported. */
  get pending(): boolean {
    return this.open !== undefined;
  }

  /** What message `message` (the next one) breaks or leaves unanswered. */
  message(message: InputMessage): MessageFinding[] {
    const read = message.json;
    if (read === undefined) return [];
    if (message.role === "tool") return this.toolMessage(message, read);
    // A legacy function result answers function_call by name: nothing to match by id.
    if (message.role === "function") return [];
    const role = message.role === undefined ? "" : `${message.role} `;
    const out = this.close(`the ${role}message at ${this.listPath}[${message.index}]`);
    const calls = read.toolCalls;
    if (calls === undefined || calls.length === 0) return out;
    const open = new Map<string, OpenCall>();
    for (const call of calls) {
      const id = call.id;
      if (id === undefined) {
        // An entry that is not an object is a malformed call, not one without an id.
        const raw = (read.raw.tool_calls as unknown[])[call.index];
        if (isRecord(raw)) {
          out.push(
            whole(
              "tool-call-reference",
              raw.id === undefined
                ? "the tool call has no id; its tool message answers it by tool_call_id"
                : `a tool call's id must be a string, got ${describe(raw.id)}`,
              jsonField(`${call.path}.id`),
            ),
          );
        }
        continue;
      }
      const first = open.get(id);
      if (first !== undefined) {
        out.push(
          whole(
            "tool-call-reference",
            `duplicate tool call id ${JSON.stringify(id)} (also at ${first.path}): a tool message could answer either`,
            jsonField(`${call.path}.id`, id),
          ),
        );
        continue;
      }
      open.set(id, { path: call.path, answered: false });
    }
    this.open = open;
    this.openIndex = message.index;
    return out;
  }

  /** At the end of the messages: the last calls, when some are answered and others not. */
  end(): MessageFinding[] {
    const open = this.open;
    if (open === undefined) return [];
    const answered = [...open.values()].some((c) => c.answered);
    return answered ? this.close("the end of the messages") : [];
  }

  private toolMessage(message: InputMessage, read: NonNullable<InputMessage["json"]>): MessageFinding[] {
    const path = messageMemberPath(this.listPath, message.index, "tool_call_id");
    const value = read.raw.tool_call_id;
    if (typeof value !== "string") {
      return [
        whole(
          "tool-call-reference",
          value === undefined
            ? "the tool message has no tool_call_id: it must name the call it answers"
            : `tool_call_id must be a string, got ${describe(value)}`,
          jsonField(path),
        ),
      ];
    }
    const call = this.open?.get(value);
    // A second result for a call already answered is left alone: the call is answered.
    if (call !== undefined) {
      call.answered = true;
      return [];
    }
    let why: string;
    if (this.open === undefined) {
      why = "no assistant message with tool_calls comes right before it (only tool messages may be between)";
    } else {
      const waiting = [...this.open].filter(([, c]) => !c.answered).map(([id]) => id);
      why = `the assistant message before it (${this.openPath()}) has no call with that id${didYouMean(closest(value, waiting))}`;
    }
    return [
      whole(
        "tool-call-reference",
        `tool_call_id ${JSON.stringify(value)} answers no open call: ${why}`,
        jsonField(path, value),
      ),
    ];
  }

  /** Ends the open calls; those unanswered are reported at their id, on their assistant message. */
  private close(before: string): MessageFinding[] {
    const open = this.open;
    if (open === undefined) return [];
    this.open = undefined;
    const out: MessageFinding[] = [];
    for (const [id, call] of open) {
      if (call.answered) continue;
      out.push(
        whole(
          "tool-call-reference",
          `tool call ${JSON.stringify(id)} is never answered: no tool message with this tool_call_id follows it before ${before}`,
          jsonField(`${call.path}.id`, id),
          this.openIndex,
        ),
      );
    }
    return out;
  }

  private openPath(): string {
    return `${this.listPath}[${this.openIndex}]`;
  }
}
