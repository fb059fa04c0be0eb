import type { Field, InputMessage } from "../input.js";

/** What a message rule found: the field it is in, the characters, and what to say. */
export interface MessageFinding {
  readonly rule:
    | "unknown-role"
    | "invalid-name"
    | "system-not-first"
    | "empty-content"
    | "tool-arguments"
    | "tool-call-reference"
    | "tool-schema"
    | "unknown-field"
    | "unknown-model";
  readonly message: string;
  /** Undefined when the message has no such field to point at. */
  readonly field: Field | undefined;
  readonly start: number;
  readonly end: number;
  /** The message it is about, when not the one checked (an earlier call that went unanswered); none for the request body. */
  readonly messageIndex?: number;
}

/** What the message rules know besides the message: the allowed roles and the messages before it. */
export interface MessageContext {
  readonly roles: ReadonlySet<string>;
  /** A message other than a system message came before this one. */
  readonly seenNonSystem: boolean;
}

/** A check of one message (see validate): undefined when the rule has nothing to report. */
export type MessageCheck = (message: InputMessage, context: MessageContext) => MessageFinding | undefined;

/** The message's first field of a kind. Fields are looked up only to place a finding: most messages have none. */
export function fieldOf(message: InputMessage, kind: Field["kind"]): Field | undefined {
  for (const field of message.fields) if (field.kind === kind) return field;
  return undefined;
}

/**
 * A finding's place in JSON input: the string (or key) at `path`, or, with no
 * text, the value there (an object, a number; a missing member locates at its
 * object). Offsets of a finding are inside `text`.
 */
export function jsonField(path: string, text = "", key = false): Field {
  return { text, label: path, kind: "value", base: 0, path, ...(key && { key: true }) };
}

/** A finding spanning the whole of `field`'s text. */
export function whole(
  rule: MessageFinding["rule"],
  message: string,
  field: Field,
  messageIndex?: number,
): MessageFinding {
  return {
    rule,
    message,
    field,
    start: 0,
    end: field.text.length,
    ...(messageIndex !== undefined && { messageIndex }),
  };
}
