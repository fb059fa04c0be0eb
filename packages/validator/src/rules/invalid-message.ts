// invalid-message: the input is messages.
// The check: readInput (input.ts) reports each structural problem as it reads the input.
import { defineRule, json } from "./define.js";

export const rule = defineRule("invalid-message", "error", "validator", {
  category: "structure",
  summary:
    "Input that is not a list of messages with a string role and text content (or a request body holding one).",
  rationale:
    "What cannot be read as messages cannot be checked or counted as the API will: a message without content, or content of another type, is refused by the API or read in a way no rule saw.",
  fails: json('[{ "role": "user" }]'),
  passes: json('[{ "role": "user", "content": "Hi" }]'),
});
