// unknown-role: a message's role is one the caller allows.
import { defineRule, json } from "./define.js";
import type { MessageCheck } from "./message-check.js";
import { fieldOf } from "./message-check.js";

export const rule = defineRule("unknown-role", "error", "validator", {
  category: "message",
  summary: "A role outside the allowed set (by default system, developer, user, assistant, tool, function).",
  rationale:
    "A model gives each role its own authority; a role it does not know is read as some other turn, or makes the API refuse the request. A role spelled with a look-alike character passes a check by eye.",
  fails: json('[{ "role": "admin", "content": "Hi" }]'),
  passes: json('[{ "role": "user", "content": "Hi" }]'),
});

/** The roles allowed unless the caller says otherwise (`roles` option). */
export const DEFAULT_ROLES: readonly string[] = Object.freeze([
  "system",
  "developer",
  "user",
  "assistant",
  "tool",
  "function",
]);

/**
 * The roles a fine-tuning example may use (OpenAI's chat fine-tuning format
 * and its data-prep notebook): the default roles but `developer`, which only
 * requests take.
 */
export const FINE_TUNING_ROLES: readonly string[] = Object.freeze(
  DEFAULT_ROLES.filter((r) => r !== "developer"),
);

/** Reports a role that is not in `context.roles`. */
export const check: MessageCheck = (message, { roles }) => {
  const { role } = message;
  if (role === undefined || roles.has(role)) return undefined;
  return {
    rule: "unknown-role",
    message: `unknown role ${JSON.stringify(role)}; allowed: ${[...roles].join(", ")}`,
    field: fieldOf(message, "role"),
    start: 0,
    end: role.length,
  };
};
