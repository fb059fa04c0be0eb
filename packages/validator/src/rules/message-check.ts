import type { Field, InputMessage } from "../input.js";

/** What a message rule found: the field it is in, the characters, and what to say. */
export interface MessageFinding {
  readonly rule: "unknown-role" | "invalid-name" | "system-not-first" | "empty-content";
  readonly message: string;
  /** Undefined when the message has no such field to point at. */
  readonly field: Field | undefined;
  readonly start: number;
  readonly end: number;
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
