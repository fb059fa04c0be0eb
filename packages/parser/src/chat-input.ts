// The one reader of messages JSON: compile, validate, counting, fit and the CLI's
// dataset checks all learn the input's shape, its paths and its structural
// problems here, then apply their own policy (compile refuses what ChatML cannot
// write; validate reports what reaches a model).
import type { CompileIssue } from "./compile-errors.js";
import type { Dialect } from "./document.js";
import { describeValue as describe, isRecord, memberPath } from "./json-path.js";

export { readToolDefinitions, type ToolDefinition } from "./tool-definitions.js";

/** A problem of the input's shape, at its JSON path: one type for every reader's caller. */
export type InputIssue = CompileIssue;

/** Flags a parsed document (or a body) carries beside its messages. */
export interface InputFlags {
  readonly addGenerationPrompt: boolean | undefined;
  readonly continueFinalMessage: boolean | undefined;
  readonly generationRole: string | undefined;
  readonly dialect: Dialect | undefined;
}

/** Messages JSON, read: where the list is, the body around it, and what is wrong with the whole. */
export interface ChatInput {
  /** `array`: a bare list of messages; `body`: an object with a `messages` list; `none`: neither. */
  readonly shape: "array" | "body" | "none";
  /** The entries of the list of messages (empty when `shape` is `none`). */
  readonly list: readonly unknown[];
  /** JSON path of the list: `$` or `$.messages`. */
  readonly listPath: "$" | "$.messages";
  /** The request body or parsed document around the list, when there is one. */
  readonly body: Readonly<Record<string, unknown>> | undefined;
  readonly flags: InputFlags;
  /** Problems of the input as a whole: not messages, a flag of the wrong type. */
  readonly issues: readonly InputIssue[];
}

const NO_FLAGS: InputFlags = {
  addGenerationPrompt: undefined,
  continueFinalMessage: undefined,
  generationRole: undefined,
  dialect: undefined,
};

/**
 * Reads a messages array, a Chat Completions request body or a parsed
 * document (`parse`'s result, as `chatml parse` prints it).
 *
 * @example
 * readChatInput({ model: "gpt-4o", messages: [] }).listPath; // "$.messages"
 */
export function readChatInput(input: unknown): ChatInput {
  if (Array.isArray(input)) {
    return { shape: "array", list: input, listPath: "$", body: undefined, flags: NO_FLAGS, issues: [] };
  }
  if (isRecord(input) && Array.isArray(input.messages)) {
    const issues: InputIssue[] = [];
    const flags: InputFlags = {
      addGenerationPrompt: optionalBoolean(input, "addGenerationPrompt", issues),
      continueFinalMessage: optionalBoolean(input, "continueFinalMessage", issues),
      generationRole: optionalString(input, "generationRole", issues),
      dialect: input.dialect === "chatml" || input.dialect === "chatml-sep" ? input.dialect : undefined,
    };
    return { shape: "body", list: input.messages, listPath: "$.messages", body: input, flags, issues };
  }
  const what = isRecord(input) ? describeMessages(input.messages) : describe(input);
  return {
    shape: "none",
    list: [],
    listPath: "$",
    body: isRecord(input) ? input : undefined,
    flags: NO_FLAGS,
    issues: [
      {
        code: "invalid-input",
        message: `expected an array of messages or an object with a "messages" array, got ${what}`,
        // A missing member is reported at its own path, as a message's missing role is.
        path: isRecord(input) ? "$.messages" : "$",
      },
    ],
  };
}

/** One text part of a message's content, and where it starts in the parts joined. */
export interface TextPart {
  readonly text: string;
  readonly start: number;
  /** The part's index in `content`. */
  readonly index: number;
}

/** An `image_url` part: `{ type: "image_url", image_url: { url, detail } }`. */
export interface ImagePart {
  /** The part's index in `content`. */
  readonly index: number;
  /** JSON path of the part: `$.messages[1].content[2]`. */
  readonly path: string;
  /** Undefined when the part has no string `image_url.url` (or `image_url` as a string). */
  readonly url: string | undefined;
  /** `image_url.detail` as given (`low`, `high`, `auto`, or absent). */
  readonly detail: unknown;
}

/** The call a function or tool call names, as far as its shape goes. */
export interface FunctionCall {
  /** JSON path of the call's function: `$.messages[2].function_call`, `$.messages[2].tool_calls[0].function`. */
  readonly path: string;
  /** Undefined when absent or not a string. */
  readonly name: string | undefined;
  /** As given: the API's JSON string, or an object (Hugging Face's convention), or anything else. */
  readonly arguments: unknown;
}

/** One entry of an assistant's `tool_calls`. */
export interface ToolCall {
  /** The entry's index in `tool_calls`. */
  readonly index: number;
  /** JSON path of the entry: `$.messages[2].tool_calls[0]`. */
  readonly path: string;
  /** Undefined when absent or not a string. */
  readonly id: string | undefined;
  /** `type` as given (the API knows `function`). */
  readonly type: unknown;
  /** Undefined when the entry has no `function` object. */
  readonly function: FunctionCall | undefined;
}

/** A message entry, read for its shape; every string it has is still in `raw`. */
export interface ChatMessage {
  readonly index: number;
  readonly raw: Readonly<Record<string, unknown>>;
  /** Undefined when absent or not a string (an issue says which). */
  readonly role: string | undefined;
  readonly name: string | undefined;
  /** The text the model reads: a string content, or the text parts joined; undefined when absent or not text. */
  readonly content: string | undefined;
  /** For content given as an array: its text parts. */
  readonly textParts: readonly TextPart[] | undefined;
  /** Indexes in `content` of parts that are not text (images, audio, files). */
  readonly otherParts: readonly number[];
  /** The `image_url` parts among `otherParts`. */
  readonly imageParts: readonly ImagePart[];
  /** An assistant's `tool_calls`, each as far as its shape goes (undefined when absent or not an array). */
  readonly toolCalls: readonly ToolCall[] | undefined;
  /** An assistant's legacy `function_call`, when it is an object. */
  readonly functionCall: FunctionCall | undefined;
  /** A `tool` message's `tool_call_id`, when it is a string. */
  readonly toolCallId: string | undefined;
  /** An assistant's `refusal`, when it is a string. */
  readonly refusal: string | undefined;
  /** The message says something besides its text: tool or function calls, or a refusal. */
  readonly callsOrRefusal: boolean;
  /** Keys besides role, name, content and the positional `span` of a parsed document. */
  readonly otherKeys: readonly string[];
}

/** Keys every message reader knows; `span` is a parsed document's and holds only positions. */
const MESSAGE_KEYS = new Set(["role", "name", "content", "span"]);

/**
 * Reads entry `index` of the list at `listPath`; its shape's problems go to
 * `issues`. Undefined for an entry that is not an object.
 */
export function readChatMessage(
  raw: unknown,
  listPath: string,
  index: number,
  issues: InputIssue[],
): ChatMessage | undefined {
  const at = (suffix: string) => `${listPath}[${index}]${suffix}`;
  if (!isRecord(raw)) {
    issues.push({
      code: "invalid-message",
      message: `a message must be an object, got ${describe(raw)}`,
      path: at(""),
      messageIndex: index,
    });
    return undefined;
  }
  let role: string | undefined;
  if (typeof raw.role === "string") role = raw.role;
  else {
    issues.push({
      code: "invalid-role",
      message:
        raw.role === undefined
          ? "the message has no role"
          : `role must be a string, got ${describe(raw.role)}`,
      path: at(".role"),
      messageIndex: index,
      field: "role",
    });
  }
  let name: string | undefined;
  if (typeof raw.name === "string") name = raw.name;
  else if (raw.name !== undefined) {
    issues.push({
      code: "invalid-name",
      message: `name must be a string, got ${describe(raw.name)}`,
      path: at(".name"),
      messageIndex: index,
      field: "name",
    });
  }
  const callsOrRefusal =
    raw.tool_calls !== undefined || raw.function_call !== undefined || raw.refusal !== undefined;
  let content: string | undefined;
  let textParts: TextPart[] | undefined;
  const otherParts: number[] = [];
  if (typeof raw.content === "string") content = raw.content;
  else if (Array.isArray(raw.content)) {
    content = "";
    textParts = [];
    raw.content.forEach((part, j) => {
      if (isRecord(part) && part.type === "text" && typeof part.text === "string") {
        (textParts as TextPart[]).push({ text: part.text, start: (content as string).length, index: j });
        content += part.text;
        return;
      }
      otherParts.push(j);
      if (isRecord(part) && part.type === "text") {
        issues.push({
          code: "invalid-content",
          message: `a text part's text must be a string, got ${describe(part.text)}`,
          path: at(`.content[${j}].text`),
          messageIndex: index,
          field: "content",
        });
      } else if (!(isRecord(part) && typeof part.type === "string")) {
        issues.push({
          code: "invalid-content",
          message: `a content part must be an object with a type, got ${describe(part)}`,
          path: at(`.content[${j}]`),
          messageIndex: index,
          field: "content",
        });
      }
    });
  } else if (!((raw.content === null || raw.content === undefined) && callsOrRefusal)) {
    // Only a message that calls a tool or refuses may go without content.
    issues.push({
      code: "invalid-content",
      message:
        raw.content === undefined || raw.content === null
          ? `the message has no content (got ${describe(raw.content)})`
          : `content must be a string or an array of parts, got ${describe(raw.content)}`,
      path: at(".content"),
      messageIndex: index,
      field: "content",
    });
  }
  const otherKeys: string[] = [];
  for (const key in raw) if (!MESSAGE_KEYS.has(key) && Object.hasOwn(raw, key)) otherKeys.push(key);
  const imageParts = otherParts.flatMap((j) =>
    imagePart((raw.content as unknown[])[j], j, at(`.content[${j}]`)),
  );
  return {
    index,
    raw,
    role,
    name,
    content,
    textParts,
    otherParts,
    imageParts,
    toolCalls: Array.isArray(raw.tool_calls)
      ? raw.tool_calls.map((call, j) => toolCall(call, j, at(`.tool_calls[${j}]`)))
      : undefined,
    functionCall: functionCallAt(raw.function_call, at(".function_call")),
    toolCallId: typeof raw.tool_call_id === "string" ? raw.tool_call_id : undefined,
    refusal: typeof raw.refusal === "string" ? raw.refusal : undefined,
    callsOrRefusal,
    otherKeys,
  };
}

function imagePart(part: unknown, index: number, path: string): ImagePart[] {
  const read = readImagePart(part, index, path);
  return read === undefined ? [] : [read];
}

/**
 * An `image_url` content part's URL and detail; undefined for a part of
 * another type.
 *
 * @example
 * readImagePart({ type: "image_url", image_url: { url: "https://example.com/a.png" } }, 1, "$[0].content[1]")?.url;
 * // "https://example.com/a.png"
 */
export function readImagePart(part: unknown, index: number, path: string): ImagePart | undefined {
  if (!isRecord(part) || part.type !== "image_url") return undefined;
  const image = part.image_url;
  // The API takes `{ url, detail }`; a bare string URL is an older client's form.
  if (typeof image === "string") return { index, path, url: image, detail: undefined };
  const url = isRecord(image) && typeof image.url === "string" ? image.url : undefined;
  return { index, path, url, detail: isRecord(image) ? image.detail : undefined };
}

function toolCall(call: unknown, index: number, path: string): ToolCall {
  if (!isRecord(call)) return { index, path, id: undefined, type: undefined, function: undefined };
  return {
    index,
    path,
    id: typeof call.id === "string" ? call.id : undefined,
    type: call.type,
    function: functionCallAt(call.function, `${path}.function`),
  };
}

function functionCallAt(value: unknown, path: string): FunctionCall | undefined {
  if (!isRecord(value)) return undefined;
  return { path, name: typeof value.name === "string" ? value.name : undefined, arguments: value.arguments };
}

/** The JSON path of a message's member: `$.messages[2].content`, `$[0]["a b"]`. */
export function messageMemberPath(listPath: string, index: number, key: string): string {
  return `${listPath}[${index}]${memberPath(key)}`;
}

function optionalBoolean(record: Record<string, unknown>, key: string, issues: InputIssue[]) {
  const value = record[key];
  if (value === undefined || typeof value === "boolean") return value;
  issues.push({
    code: "invalid-option",
    message: `${key} must be true or false, got ${describe(value)}`,
    path: `$.${key}`,
  });
  return undefined;
}

function optionalString(record: Record<string, unknown>, key: string, issues: InputIssue[]) {
  const value = record[key];
  if (value === undefined || typeof value === "string") return value;
  issues.push({
    code: "invalid-option",
    message: `${key} must be a string, got ${describe(value)}`,
    path: `$.${key}`,
  });
  return undefined;
}

function describeMessages(messages: unknown): string {
  return messages === undefined
    ? "an object without a messages array"
    : `"messages" as ${describe(messages)}`;
}
