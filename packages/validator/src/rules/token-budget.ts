// token-budget: the prompt (and each message) stays within the caller's budget.
// The check: checkFits (limits.ts), with maxPromptTokens and maxMessageTokens.
import { defineRule, json } from "./define.js";

export const rule = defineRule("token-budget", "error", "validator", {
  category: "budget",
  summary: "The prompt (or one message) exceeds the token budget the caller set.",
  rationale:
    "A budget keeps cost and latency in bounds and leaves room that the context window alone does not: a retrieved document or a pasted log that grows past it is caught before it is sent.",
  fails: json('[{ "role": "user", "content": "Summarise the report below in one line." }]', {
    model: "gpt-4o",
    maxPromptTokens: 10,
  }),
  passes: json('[{ "role": "user", "content": "Summarise the report below in one line." }]', {
    model: "gpt-4o",
    maxPromptTokens: 100,
  }),
});
