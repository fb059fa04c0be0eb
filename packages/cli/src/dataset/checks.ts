import { readChatInput } from "@chatmlkit/parser/chat-input";
import { isRecord, memberPath } from "@chatmlkit/parser/json-path";
import type { RuleId } from "@chatmlkit/validator";
import { FINE_TUNING_ROLES } from "@chatmlkit/validator/rules";

// The checks of OpenAI's fine-tuning data-prep notebook, as lint rules. The rules (ids, levels,
// docs) are declared in the validator's registry, with every other rule: rules/dataset.ts.

const ALLOWED_KEYS = new Set([
  "role",
  "content",
  "name",
  "function_call",
  "weight",
  "tool_calls",
  "tool_call_id",
  "refusal",
]);
const ROLES = new Set(FINE_TUNING_ROLES);

/** A finding of a dataset check: its rule, message and the JSON path it concerns. */
export interface ExampleProblem {
  readonly rule: Extract<RuleId, `dataset-${string}`>;
  readonly message: string;
  readonly path: string;
}

/** The data-prep format checks for one example (one parsed line). */
export function checkExample(example: unknown): ExampleProblem[] {
  const problems: ExampleProblem[] = [];
  const add = (rule: ExampleProblem["rule"], message: string, path: string) =>
    problems.push({ rule, message, path });
  if (!isRecord(example)) {
    add(
      "dataset-not-object",
      `an example must be a JSON object, got ${Array.isArray(example) ? "an array" : typeof example}`,
      "$",
    );
    return problems;
  }
  // Read as the one reader reads any body; data-prep's checks are the policy on top.
  const input = readChatInput(example);
  if (input.shape !== "body") {
    add("dataset-missing-messages", 'the example has no "messages" list', "$");
    return problems;
  }
  const roles = new Set<string>();
  input.list.forEach((message, i) => {
    const path = `${input.listPath}[${i}]`;
    if (!isRecord(message)) {
      add("dataset-message-missing-key", "a message must be an object with role and content", path);
      return;
    }
    // At the missing member's path (located at its message): the validator's invalid-message
    // for the same fact has that path, and is then not reported twice (see structurePaths).
    if (typeof message.role !== "string")
      add("dataset-message-missing-key", 'the message has no "role"', `${path}.role`);
    else {
      roles.add(message.role);
      if (!ROLES.has(message.role))
        add(
          "dataset-unrecognized-role",
          `role "${message.role}" is not one fine-tuning accepts`,
          `${path}.role`,
        );
    }
    const hasCall = message.function_call !== undefined || message.tool_calls !== undefined;
    if (!("content" in message) && !hasCall)
      add("dataset-message-missing-key", 'the message has no "content"', `${path}.content`);
    else if ((message.content === null || message.content === "") && !hasCall) {
      add(
        "dataset-message-missing-key",
        "the message's content is empty and it makes no function or tool call",
        `${path}.content`,
      );
    }
    for (const key of Object.keys(message)) {
      if (!ALLOWED_KEYS.has(key))
        add(
          "dataset-unrecognized-key",
          `"${key}" is not a key fine-tuning accepts in a message`,
          `${path}${memberPath(key)}`,
        );
    }
    if ("weight" in message && message.weight !== 0 && message.weight !== 1) {
      add(
        "dataset-invalid-weight",
        `weight must be 0 or 1, got ${JSON.stringify(message.weight)}`,
        `${path}.weight`,
      );
    }
  });
  if (!roles.has("assistant"))
    add("dataset-no-assistant", "the example has no assistant message", "$.messages");
  if (!roles.has("system")) add("dataset-no-system", "the example has no system message", "$.messages");
  if (!roles.has("user")) add("dataset-no-user", "the example has no user message", "$.messages");
  return problems;
}

/** Rules whose problems say what the validator's invalid-message says at the same path. */
const STRUCTURE_RULES = new Set<ExampleProblem["rule"]>([
  "dataset-not-object",
  "dataset-missing-messages",
  "dataset-message-missing-key",
]);

/**
 * The JSON paths where the data-prep checks reported the example's structure
 * (no messages list, a message without role or content). The validator's
 * invalid-message at one of them says the same thing and is left out; any
 * other (content of another type, a part without a type, a name that is not
 * a string) is reported.
 */
export function structurePaths(problems: readonly ExampleProblem[]): Set<string> {
  const paths = new Set<string>();
  for (const problem of problems) if (STRUCTURE_RULES.has(problem.rule)) paths.add(problem.path);
  return paths;
}
