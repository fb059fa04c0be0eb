// context-window: the prompt and the answer fit the model.
// The check: checkFits (limits.ts), the one answer to "does it fit" that count and fit give too.
import { defineRule, json } from "./define.js";

export const rule = defineRule("context-window", "error", "validator", {
  category: "budget",
  summary: "Prompt tokens plus `max_tokens` exceed the model's context window.",
  rationale:
    "The API refuses the request, or a client truncates the conversation to make room, silently dropping the turns (often the system message) that were meant to hold.",
  fails: json(
    '{\n  "model": "gpt-4",\n  "max_tokens": 8190,\n  "messages": [{ "role": "user", "content": "Hello there" }]\n}',
  ),
  passes: json(
    '{\n  "model": "gpt-4",\n  "max_tokens": 500,\n  "messages": [{ "role": "user", "content": "Hello there" }]\n}',
  ),
});
