// tool-arguments: a call's arguments are a string holding a JSON object, as the API sends and takes them.
import { describeValue as describe, isRecord } from "@chatmlkit/parser";
import type { InputMessage } from "../input.js";
import { jsonSyntaxError } from "../json-syntax.js";
import { defineRule, json } from "./define.js";
import { jsonField, type MessageFinding, whole } from "./message-check.js";

export const rule = defineRule("tool-arguments", "error", "validator", {
  category: "structure",
  summary:
    "A tool call's (or legacy function call's) `arguments` that is not a string holding a JSON object: an object given as is, invalid JSON, JSON of another type, or JSON encoded twice.",
  rationale:
    "The API gives and takes `arguments` as JSON text. An object in its place (the double-encoding bug turned around) is refused by the API and breaks serving stacks and chat templates that parse the string; invalid JSON or JSON encoded twice teaches a fine-tuned model to write calls no tool can read.",
  details:
    "Checked: `tool_calls[i].function.arguments` and legacy `function_call.arguments` of every message. Invalid JSON is reported at the character where it stops being JSON. Data written for Hugging Face chat templates, which take `arguments` as an object, is reported too: turn the rule off for such data.",
  fails: json(
    '[\n  { "role": "user", "content": "Weather in Paris?" },\n  {\n    "role": "assistant",\n    "content": null,\n    "tool_calls": [\n      { "id": "call_1", "type": "function", "function": { "name": "get_weather", "arguments": { "city": "Paris" } } }\n    ]\n  }\n]',
  ),
  passes: json(
    '[\n  { "role": "user", "content": "Weather in Paris?" },\n  {\n    "role": "assistant",\n    "content": null,\n    "tool_calls": [\n      { "id": "call_1", "type": "function", "function": { "name": "get_weather", "arguments": "{\\"city\\": \\"Paris\\"}" } }\n    ]\n  }\n]',
  ),
});

/** Reports each call of the message whose arguments are not a JSON object's text. */
export function checkToolArguments(message: InputMessage): MessageFinding[] {
  const read = message.json;
  if (read === undefined) return [];
  const out: MessageFinding[] = [];
  for (const call of read.toolCalls ?? []) {
    // A custom tool's call carries free text as `custom.input`: only function calls have arguments.
    if (call.function === undefined || call.type === "custom") continue;
    const found = checkArguments(call.function.arguments, `${call.function.path}.arguments`);
    if (found !== undefined) out.push(found);
  }
  const legacy = read.functionCall;
  if (legacy !== undefined) {
    const found = checkArguments(legacy.arguments, `${legacy.path}.arguments`);
    if (found !== undefined) out.push(found);
  }
  return out;
}

/** The finding for one `arguments` value at `path`, or undefined when it is a JSON object's text. */
export function checkArguments(value: unknown, path: string): MessageFinding | undefined {
  if (typeof value !== "string") {
    const message =
      value === undefined
        ? 'the call has no arguments; give "{}" for a call without any'
        : isRecord(value)
          ? "arguments must be a string holding JSON, got an object: JSON.stringify it (the API, serving stacks and chat templates read a string)"
          : `arguments must be a string holding a JSON object, got ${describe(value)}`;
    return whole("tool-arguments", message, jsonField(path));
  }
  const field = jsonField(path, value);
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (error) {
    if (value.trim() === "") {
      return whole("tool-arguments", 'arguments is empty; give "{}" for a call without any', field);
    }
    const at = jsonSyntaxError(value) ?? { offset: 0, expected: String((error as Error).message) };
    return {
      rule: "tool-arguments",
      message: `arguments is not valid JSON: expected ${at.expected} at offset ${at.offset} of the string`,
      field,
      start: at.offset,
      end: Math.min(at.offset + 1, value.length),
    };
  }
  if (isRecord(parsed)) return undefined;
  if (typeof parsed === "string" && holdsObject(parsed)) {
    return whole(
      "tool-arguments",
      "arguments is JSON encoded twice: its JSON is a string holding the object; JSON.parse it once and give that string",
      field,
    );
  }
  return whole(
    "tool-arguments",
    `arguments must hold a JSON object of the arguments by name, got ${describeJson(parsed)}`,
    field,
  );
}

function holdsObject(text: string): boolean {
  try {
    return isRecord(JSON.parse(text));
  } catch {
    return false;
  }
}

/** A parsed JSON value, briefly: `an array`, `the number 5`, `a string`. */
function describeJson(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return "a string";
  return `the ${typeof value} ${JSON.stringify(value)}`;
}
