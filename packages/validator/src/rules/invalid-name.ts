// invalid-name: a message's name is one the Chat Completions API accepts.
import { defineRule, json } from "./define.js";
import type { MessageCheck } from "./message-check.js";
import { fieldOf } from "./message-check.js";

export const rule = defineRule("invalid-name", "error", "validator", {
  category: "message",
  summary: "A name outside `^[a-zA-Z0-9_-]{1,64}$`, as the Chat Completions API requires.",
  rationale:
    "The API refuses the request; in a transcript a name is a header attribute, where spaces or other characters split it into words a reader sees differently.",
  fails: json('[{ "role": "user", "name": "Alice Smith", "content": "Hi" }]'),
  passes: json('[{ "role": "user", "name": "alice_smith", "content": "Hi" }]'),
});

const NAME = /^[a-zA-Z0-9_-]{1,64}$/;

/** True for a name the Chat Completions API accepts. */
export function isValidName(name: string): boolean {
  return NAME.test(name);
}

/** Reports a name the API would refuse. */
export const check: MessageCheck = (message) => {
  const { name } = message;
  if (name === undefined || isValidName(name)) return undefined;
  return {
    rule: "invalid-name",
    message: `name ${JSON.stringify(name)} must be 1 to 64 letters, digits, "_" or "-"`,
    field: fieldOf(message, "name"),
    start: 0,
    end: name.length,
  };
};
