// Reads what only a profile writes: the assistants' tool calls and reasoning,
// and the request's tool declarations, each checked at its JSON path.
import type { ChatMessage } from "../chat-input.js";
import type { CompileIssue } from "../compile-errors.js";
import { describeValue as describe, isRecord, memberPath } from "../json-path.js";
import { findSpecialTokens } from "../special-tokens.js";
import type { ProfileTool, ProfileToolCall } from "./types.js";

/** Whether special-token spellings in text are refused (`error`) or kept as text. */
type Specials = "error" | "text";

/** An assistant's `tool_calls`, each with a name and object arguments. */
export function readToolCalls(
  message: ChatMessage,
  messagePath: string,
  issues: CompileIssue[],
  specials: Specials,
): ProfileToolCall[] {
  const out: ProfileToolCall[] = [];
  const messageIndex = message.index;
  const raw = message.raw.tool_calls;
  if (raw === undefined || raw === null) return out;
  if (!Array.isArray(raw) || message.toolCalls === undefined) {
    issues.push({
      code: "invalid-tool-call",
      message: `tool_calls must be an array of calls, got ${describe(raw)}`,
      path: `${messagePath}.tool_calls`,
      messageIndex,
    });
    return out;
  }
  for (const call of message.toolCalls) {
    const fn = call.function;
    if (fn === undefined) {
      issues.push({
        code: "invalid-tool-call",
        message: "a tool call must have a function object with a name and arguments",
        path: call.path,
        messageIndex,
      });
      continue;
    }
    if (fn.name === undefined || fn.name === "") {
      issues.push({
        code: "invalid-tool-call",
        message: "a tool call's function must have a non-empty string name",
        path: `${fn.path}.name`,
        messageIndex,
      });
      continue;
    }
    checkSpecials(fn.name, `${fn.path}.name`, messageIndex, issues, "error");
    const argsPath = `${fn.path}.arguments`;
    const parsed = readArguments(fn.arguments, argsPath, messageIndex, issues);
    if (parsed === undefined) continue;
    if (typeof fn.arguments === "string")
      checkSpecials(fn.arguments, argsPath, messageIndex, issues, specials);
    else checkJsonSpecials(fn.arguments, argsPath, messageIndex, issues, specials);
    out.push({
      path: fn.path,
      name: fn.name,
      arguments: fn.arguments as ProfileToolCall["arguments"],
      parsed,
    });
  }
  return out;
}

function readArguments(
  value: unknown,
  path: string,
  messageIndex: number,
  issues: CompileIssue[],
): Record<string, unknown> | undefined {
  if (isRecord(value)) return value;
  if (typeof value === "string") {
    try {
      const parsed: unknown = JSON.parse(value);
      if (isRecord(parsed)) return parsed;
      issues.push({
        code: "invalid-tool-call",
        message: `arguments must be a JSON object, got ${describe(parsed)} in the string`,
        path,
        messageIndex,
      });
    } catch (error) {
      issues.push({
        code: "invalid-tool-call",
        message: `arguments is not valid JSON (${(error as Error).message}); the API sends a JSON object as a string`,
        path,
        messageIndex,
      });
    }
    return undefined;
  }
  issues.push({
    code: "invalid-tool-call",
    message: `arguments must be a JSON string or an object, got ${describe(value)}`,
    path,
    messageIndex,
  });
  return undefined;
}

/** The request's `tools`: function tools with a name; undefined when there is no `tools` member. */
export function readTools(
  body: Readonly<Record<string, unknown>> | undefined,
  issues: CompileIssue[],
  specials: Specials,
): ProfileTool[] | undefined {
  const raw = body?.tools;
  if (raw === undefined || raw === null) return undefined;
  if (!Array.isArray(raw)) {
    issues.push({
      code: "invalid-tool",
      message: `tools must be an array, got ${describe(raw)}`,
      path: "$.tools",
    });
    return [];
  }
  const out: ProfileTool[] = [];
  raw.forEach((tool, index) => {
    const path = `$.tools[${index}]`;
    if (!isRecord(tool) || tool.type !== "function" || !isRecord(tool.function)) {
      issues.push({
        code: "invalid-tool",
        message: `a tool must be { type: "function", function: { name, ... } }, got ${describe(tool)}`,
        path,
      });
      return;
    }
    const name = tool.function.name;
    if (typeof name !== "string" || name === "") {
      issues.push({
        code: "invalid-tool",
        message: "a tool's function must have a non-empty string name",
        path: `${path}.function.name`,
      });
      return;
    }
    checkJsonSpecials(tool, path, undefined, issues, specials);
    out.push({ path, raw: tool, function: tool.function, name });
  });
  return out;
}

/** Special tokens in a text field, refused at their offset (or kept, in the segment form). */
export function checkSpecials(
  text: string,
  path: string,
  messageIndex: number | undefined,
  issues: CompileIssue[],
  specials: Specials,
): void {
  if (specials === "text" || !text.includes("<|")) return;
  for (const { token, offset } of findSpecialTokens(text)) {
    issues.push({
      code: "special-token",
      message: `the text contains the special token ${token} at offset ${offset}; it would forge message structure`,
      path,
      ...(messageIndex !== undefined && { messageIndex }),
      token,
      offset,
    });
  }
}

/** Every string (keys included) of a JSON value, checked at its own path. */
function checkJsonSpecials(
  value: unknown,
  path: string,
  messageIndex: number | undefined,
  issues: CompileIssue[],
  specials: Specials,
): void {
  if (specials === "text") return;
  if (typeof value === "string") checkSpecials(value, path, messageIndex, issues, specials);
  else if (Array.isArray(value)) {
    for (const [i, item] of value.entries())
      checkJsonSpecials(item, `${path}[${i}]`, messageIndex, issues, specials);
  } else if (isRecord(value)) {
    for (const [key, member] of Object.entries(value)) {
      const at = `${path}${memberPath(key)}`;
      checkSpecials(key, at, messageIndex, issues, specials);
      checkJsonSpecials(member, at, messageIndex, issues, specials);
    }
  }
}
