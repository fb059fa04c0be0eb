// The dataset rules: OpenAI's fine-tuning data-prep checks, which `chatml lint` runs on each
// line of a JSONL dataset (the checks: packages/cli/src/dataset/checks.ts). Declared here, with
// every other rule, so that one registry lists every id; validate never reports them.
import { defineRule, jsonl } from "./define.js";

const GOOD_LINE =
  '{"messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello!"}]}';

export const DATASET_RULES = [
  defineRule("dataset-invalid-json", "error", "lint", {
    category: "dataset",
    summary: "A line of the dataset is not valid JSON.",
    rationale: "Fine-tuning rejects the whole file over one broken line.",
    fails: jsonl('{"messages": [{"role": "user", "content": "Hi"}'),
    passes: jsonl(GOOD_LINE),
  }),
  defineRule("dataset-not-object", "error", "lint", {
    category: "dataset",
    summary: "An example is not a JSON object.",
    rationale: "Each line must be one example object; anything else is rejected or skipped by the trainer.",
    fails: jsonl('[{"role": "user", "content": "Hi"}]'),
    passes: jsonl(GOOD_LINE),
  }),
  defineRule("dataset-missing-messages", "error", "lint", {
    category: "dataset",
    summary: 'An example has no "messages" list.',
    rationale:
      "Chat fine-tuning reads only `messages`: an example in another format (prompt and completion) teaches nothing.",
    fails: jsonl('{"prompt": "Hi", "completion": "Hello!"}'),
    passes: jsonl(GOOD_LINE),
  }),
  defineRule("dataset-message-missing-key", "error", "lint", {
    category: "dataset",
    summary: "A message has no role, or no content (and no function or tool call).",
    rationale: "The trainer rejects the example: a message must say who speaks and what.",
    fails: jsonl('{"messages": [{"role": "user"}, {"role": "assistant", "content": "Hello!"}]}'),
    passes: jsonl(GOOD_LINE),
  }),
  defineRule("dataset-unrecognized-key", "error", "lint", {
    category: "dataset",
    summary: "A message has a key fine-tuning does not accept.",
    rationale: "An unknown key makes the upload fail, or is a misspelt key (`contents`) whose value is lost.",
    fails: jsonl(
      '{"messages": [{"role": "user", "content": "Hi", "mood": "happy"}, {"role": "assistant", "content": "Hello!"}]}',
    ),
    passes: jsonl(GOOD_LINE),
  }),
  defineRule("dataset-unrecognized-role", "error", "lint", {
    category: "dataset",
    summary: "A message's role is not system, user, assistant, tool or function.",
    rationale: "Fine-tuning accepts only these roles; any other makes the example fail validation.",
    fails: jsonl(
      '{"messages": [{"role": "narrator", "content": "Once"}, {"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello!"}]}',
    ),
    passes: jsonl(GOOD_LINE),
  }),
  defineRule("dataset-invalid-weight", "error", "lint", {
    category: "dataset",
    summary: "An assistant message's weight is not 0 or 1.",
    rationale: "Weights only switch learning from a message off or on; any other value is rejected.",
    fails: jsonl(
      '{"messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello!", "weight": 0.5}]}',
    ),
    passes: jsonl(
      '{"messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello!", "weight": 1}]}',
    ),
  }),
  defineRule("dataset-no-assistant", "error", "lint", {
    category: "dataset",
    summary: "An example has no assistant message to learn from.",
    rationale:
      "The model learns only from assistant messages: an example without one costs tokens and teaches nothing.",
    fails: jsonl(
      '{"messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hi"}]}',
    ),
    passes: jsonl(GOOD_LINE),
  }),
  defineRule("dataset-no-system", "warn", "lint", {
    category: "dataset",
    summary: "An example has no system message.",
    rationale:
      "A fine-tuned model is used with the system message it was trained with; examples without one train a different behaviour.",
    fails: jsonl(
      '{"messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello!"}]}',
    ),
    passes: jsonl(GOOD_LINE),
  }),
  defineRule("dataset-no-user", "warn", "lint", {
    category: "dataset",
    summary: "An example has no user message.",
    rationale: "An example with no user turn trains the model to answer nobody; usually a line was cut.",
    fails: jsonl(
      '{"messages": [{"role": "system", "content": "Be brief."}, {"role": "assistant", "content": "Hello!"}]}',
    ),
    passes: jsonl(GOOD_LINE),
  }),
  defineRule("dataset-too-long", "warn", "lint", {
    category: "dataset",
    summary:
      "An example is over the token limit per example (`maxExampleTokens`, default 16,385) and will be truncated; counted only when a model is given.",
    rationale: "The trainer cuts long examples: what the model was meant to learn at the end is lost.",
    fails: jsonl(GOOD_LINE, { model: "gpt-4o-mini", maxExampleTokens: 10 }),
    passes: jsonl(GOOD_LINE, { model: "gpt-4o-mini", maxExampleTokens: 100 }),
  }),
] as const;
