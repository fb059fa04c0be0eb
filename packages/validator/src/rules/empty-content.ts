// empty-content: a message says something.
import { defineRule, json } from "./define.js";
import type { MessageCheck } from "./message-check.js";
import { fieldOf } from "./message-check.js";

export const rule = defineRule("empty-content", "warn", "validator", {
  category: "message",
  summary:
    "A message whose content is empty or only whitespace (not one that only carries tool calls or images).",
  rationale:
    "An empty turn is usually a template slot that was never filled; some APIs refuse it, and a model reads it as a turn that said nothing.",
  details:
    "An assistant message that only carries tool or function calls (`content: null`), or content whose parts are all images or other non-text parts, is not reported.",
  fails: json('[{ "role": "user", "content": "   " }]'),
  passes: json('[{ "role": "user", "content": "Hi" }]'),
});

/** Empty or only whitespace (what `trim` removes), without copying the text. */
export function isBlank(text: string): boolean {
  const first = text.charCodeAt(0);
  if (first > 0x20 && first < 0x7f) return false; // printable ASCII: most content starts so
  return /^\s*$/.test(text);
}

/** Reports text content that is empty or blank, unless the message carries something else. */
export const check: MessageCheck = (message) => {
  const { content } = message;
  if (content === undefined || !isBlank(content) || message.carriesMore) return undefined;
  return {
    rule: "empty-content",
    message: content === "" ? "the message has empty content" : "the message's content is only whitespace",
    field: fieldOf(message, "content") ?? message.at,
    start: 0,
    end: content.length,
  };
};
