import { type ChatMessage, messageMemberPath, readChatInput, readChatMessage } from "./chat-input.js";
import type { CompileIssue } from "./compile-errors.js";
import type { Dialect } from "./document.js";
import { codePointLabel, headerBreakIn } from "./header-word.js";
import { describeValue as describe, isRecord, memberPath } from "./json-path.js";
import { checkSpecials, readToolCalls, readTools } from "./profiles/input.js";
import type { ProfileTool, ProfileToolCall } from "./profiles/types.js";
import { findSpecialTokens, SPECIAL_LOOKING } from "./special-tokens.js";
import { quoted } from "./visible.js";

/** A message as compile writes it: every field checked. */
export interface CheckedMessage {
  readonly role: string;
  readonly content: string;
  readonly name: string | undefined;
  readonly attributes: ReadonlyArray<readonly [string, string]>;
  /** The message's index in the list, and its JSON path (`$.messages[2]`). */
  readonly index: number;
  readonly path: string;
  /** An assistant's tool calls, read when a profile writes tools (else empty). */
  readonly toolCalls: readonly ProfileToolCall[];
  /** An assistant's `reasoning_content`, read when a profile writes reasoning. */
  readonly reasoning: string | undefined;
}

/** What the profile being compiled can write beyond ChatML v0. */
export interface ProfileCaps {
  readonly name: string;
  readonly tools: boolean;
  readonly reasoning: boolean;
}

/** The input of compile, read and checked. */
export interface CheckedInput {
  readonly messages: CheckedMessage[];
  /** Flags carried by a parsed document, if the input was one. */
  readonly addGenerationPrompt: boolean | undefined;
  readonly continueFinalMessage: boolean | undefined;
  readonly generationRole: string | undefined;
  /** The dialect a parsed document was read in, if it says. */
  readonly dialect: Dialect | undefined;
  /** The request's tools, read when a profile writes tools and they are not dropped. */
  readonly tools: readonly ProfileTool[] | undefined;
  readonly issues: CompileIssue[];
}

/** What to do with message keys ChatML v0 cannot carry (e.g. `tool_calls`). */
export type UnknownKeys = "error" | "ignore";

/**
 * What compile may leave out, when asked, of what plain ChatML cannot write:
 * `tools`: the request's tool and function definitions, `tool_choice` and
 * `function_call`, and the messages' `tool_calls`, `function_call` and
 * `tool_call_id` (a tool result stays a `tool` message with its text);
 * `images`: `image_url` content parts.
 */
export type DropField = "tools" | "images";

/** Request members that declare or choose tools: plain ChatML has no syntax for them. */
const TOOL_MEMBERS = ["tools", "functions", "tool_choice", "function_call"] as const;
/** Message members that call tools or answer a call. */
const TOOL_KEYS = new Set(["tool_calls", "function_call", "tool_call_id"]);

/** What `drop` left out, at its JSON path. */
export interface DroppedField {
  readonly path: string;
  readonly drop: DropField;
}

/**
 * What to do with special-token text in content: `error` (refuse), or `text`
 * (keep it as literal text; only safe in the segment form, where text can
 * never become a special token).
 */
export type ContentSpecials = "error" | "text";

/**
 * Reads compile's input (a messages array, a request body or a parsed
 * document) through the one reader, then checks every field as ChatML must
 * write it, collecting issues with JSON paths instead of stopping at the first.
 */
export function checkInput(
  input: unknown,
  unknownKeys: UnknownKeys,
  contentSpecials: ContentSpecials,
  drop: readonly DropField[] = [],
  caps?: ProfileCaps,
): CheckedInput {
  const read = readChatInput(input);
  const issues: CompileIssue[] = [...read.issues];
  const dropTools = drop.includes("tools");
  const dropImages = drop.includes("images");
  const withTools = caps?.tools === true && !dropTools;
  const withReasoning = caps?.reasoning === true;
  const tools = withTools ? readTools(read.body, issues, contentSpecials) : undefined;
  if (withTools) checkToolMembers(read.body, caps.name, issues);
  else if (!dropTools) {
    // Dropped silently these would change what the model is told it can do: refused unless asked.
    for (const key of TOOL_MEMBERS) {
      const value = read.body?.[key];
      if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) continue;
      issues.push({
        code: "unsupported-field",
        message: `"${key}" cannot be written in plain ChatML, which has no tool syntax; leave it out with the drop option "tools" (chatml compile --drop tools)`,
        path: `$.${key}`,
      });
    }
  }
  const { flags } = read;
  if (flags.generationRole === "") {
    issues.push({
      code: "invalid-role",
      message: "generationRole must be a non-empty string",
      path: "$.generationRole",
      field: "role",
    });
  } else if (flags.generationRole !== undefined) {
    checkWord(flags.generationRole, "$.generationRole", "invalid-role", "generationRole", undefined);
  }
  const messages: CheckedMessage[] = [];
  read.list.forEach((raw, index) => {
    const from = issues.length;
    const message = readChatMessage(raw, read.listPath, index, issues);
    if (message === undefined) return;
    const path = (key: string) => messageMemberPath(read.listPath, index, key);
    const role = message.role === undefined ? undefined : checkRole(message.role, path("role"), index);
    const name = message.name === undefined ? undefined : checkName(message.name, path("name"), index);
    const attributes = checkAttributes(message.raw.attributes, path("attributes"), index);
    const content = checkContent(message, path("content"), index);
    const messagePath = `${read.listPath}[${index}]`;
    const toolCalls = withTools ? readToolCalls(message, messagePath, issues, contentSpecials) : [];
    const reasoning = withReasoning ? readReasoning(message, path("reasoning_content"), index) : undefined;
    if (unknownKeys === "error") {
      for (const key of message.otherKeys) {
        if (key === "attributes" || (dropTools && TOOL_KEYS.has(key))) continue;
        if (withTools && (key === "tool_calls" || key === "tool_call_id")) continue;
        if (withReasoning && key === "reasoning_content") continue;
        const hint = TOOL_KEYS.has(key)
          ? `; leave it out with the drop option "tools" (chatml compile --drop tools)`
          : "";
        issues.push({
          code: "unsupported-field",
          message: `"${key}" cannot be written in ChatML v0, which carries role, name and text content only${hint}`,
          path: path(key),
          messageIndex: index,
        });
      }
    }
    messages.push({
      role: role ?? "",
      content: content ?? "",
      name,
      attributes,
      index,
      path: messagePath,
      toolCalls,
      reasoning,
    });
    // The reader's issues and compile's own, in the order of the message's fields.
    const rank = (issue: CompileIssue) => FIELD_RANK[issue.field ?? ""] ?? 4;
    const mine = issues.splice(from).sort((a, b) => rank(a) - rank(b));
    issues.push(...mine);
  });
  return {
    messages,
    addGenerationPrompt: flags.addGenerationPrompt,
    continueFinalMessage: flags.continueFinalMessage,
    generationRole: flags.generationRole,
    dialect: flags.dialect,
    tools,
    issues,
  };

  function readReasoning(message: ChatMessage, path: string, index: number): string | undefined {
    const value = message.raw.reasoning_content;
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "string") {
      issues.push({
        code: "invalid-content",
        message: `reasoning_content must be a string, got ${describe(value)}`,
        path,
        messageIndex: index,
      });
      return undefined;
    }
    checkSpecials(value, path, index, issues, contentSpecials);
    return value;
  }

  function checkRole(value: string, path: string, index: number): string | undefined {
    if (value === "") {
      issues.push({
        code: "invalid-role",
        message: "role must be a non-empty string",
        path,
        messageIndex: index,
        field: "role",
      });
      return undefined;
    }
    return checkWord(value, path, "invalid-role", "role", index) ? value : undefined;
  }

  function checkName(value: string, path: string, index: number): string | undefined {
    if (value === "") {
      issues.push({
        code: "invalid-name",
        message: "name must be a non-empty string",
        path,
        messageIndex: index,
        field: "name",
      });
      return undefined;
    }
    return checkWord(value, path, "invalid-name", "name", index) ? value : undefined;
  }

  /** A role, name or attribute goes in the header: no whitespace, no special tokens. */
  function checkWord(
    value: string,
    path: string,
    code: "invalid-role" | "invalid-name" | "invalid-attribute",
    label: string,
    index: number | undefined,
  ): boolean {
    const field: CompileIssue["field"] =
      code === "invalid-role" ? "role" : code === "invalid-name" ? "name" : "attributes";
    const at = { path, field, ...(index !== undefined && { messageIndex: index }) };
    const special = SPECIAL_LOOKING.exec(value);
    if (special) {
      issues.push({
        code: "special-token",
        message: `${label} contains the special token ${special[0]} at offset ${special.index}`,
        ...at,
        token: special[0],
        offset: special.index,
      });
      return false;
    }
    const offset = headerBreakIn(value);
    if (offset !== -1) {
      issues.push({
        code,
        message: `${label} ${quoted(value)} contains ${codePointLabel(value, offset)} at offset ${offset}; a header word holds no whitespace, separator, control or invisible character`,
        ...at,
        offset,
      });
      return false;
    }
    return true;
  }

  function checkAttributes(value: unknown, path: string, index: number): Array<[string, string]> {
    if (value === undefined) return [];
    if (!isRecord(value)) {
      issues.push({
        code: "invalid-attribute",
        message: `attributes must be an object of strings, got ${describe(value)}`,
        path,
        messageIndex: index,
        field: "attributes",
      });
      return [];
    }
    const pairs: Array<[string, string]> = [];
    for (const [key, attr] of Object.entries(value)) {
      const keyPath = `${path}${memberPath(key)}`;
      if (key === "" || key.includes("=") || key === "name") {
        issues.push({
          code: "invalid-attribute",
          message:
            key === "name"
              ? 'the "name" attribute is written from the message\'s name field; set name instead'
              : `attribute key ${JSON.stringify(key)} must be non-empty and contain no "="`,
          path: keyPath,
          messageIndex: index,
          field: "attributes",
        });
        continue;
      }
      if (typeof attr !== "string") {
        issues.push({
          code: "invalid-attribute",
          message: `attribute ${key} must be a string, got ${describe(attr)}`,
          path: keyPath,
          messageIndex: index,
          field: "attributes",
        });
        continue;
      }
      // An empty value passes checkWord: `key=` is written.
      const ok =
        checkWord(key, keyPath, "invalid-attribute", `attribute key ${key}`, index) &&
        checkWord(attr, keyPath, "invalid-attribute", `attribute ${key}`, index);
      if (ok) pairs.push([key, attr]);
    }
    return pairs;
  }

  function checkContent(message: ChatMessage, path: string, index: number): string | undefined {
    const { content, textParts, otherParts, raw } = message;
    const value = raw.content;
    for (const j of otherParts) {
      const part = (value as unknown[])[j];
      // A part the reader found malformed is reported once, by the reader.
      if (!isRecord(part) || typeof part.type !== "string" || part.type === "text") continue;
      const image = part.type === "image_url";
      if (image && dropImages) continue;
      const hint = image ? `; leave it out with the drop option "images" (chatml compile --drop images)` : "";
      issues.push({
        code: "unsupported-content-part",
        message: `content part of type ${JSON.stringify(part.type)} cannot be written in ChatML v0, which carries text only${hint}`,
        path: `${path}[${j}].type`,
        messageIndex: index,
        field: "content",
      });
    }
    if (content === undefined) {
      // A message that only called tools, its calls dropped as asked, is an empty turn.
      const onlyCalls =
        message.refusal === undefined &&
        (message.toolCalls !== undefined || message.functionCall !== undefined);
      if ((value === null || value === undefined) && (dropTools || withTools) && onlyCalls) return "";
      // The reader lets a message that calls a tool go without content; ChatML v0 cannot.
      if ((value === null || value === undefined) && message.callsOrRefusal) {
        issues.push({
          code: "invalid-content",
          message: `the message has no content (got ${describe(value)}); ChatML v0 needs text content`,
          path,
          messageIndex: index,
          field: "content",
        });
      }
      return undefined;
    }
    const parts: TextPart[] =
      textParts === undefined
        ? [{ path, start: 0, text: content }]
        : textParts.map((p) => ({ path: `${path}[${p.index}].text`, start: p.start, text: p.text }));
    checkText(content, parts, index);
    return content;
  }

  /** Checks content as the model reads it: `parts` joined, each issue placed in its part. */
  function checkText(text: string, parts: readonly TextPart[], index: number): void {
    const lone = LONE_SURROGATE.exec(text);
    if (lone) {
      const { part, offset } = partAt(parts, lone.index);
      issues.push({
        code: "invalid-unicode",
        message: `content holds a lone surrogate (${codePointLabel(text, lone.index)}) at offset ${offset}; it cannot be encoded as UTF-8 and would reach the model as U+FFFD`,
        path: part.path,
        messageIndex: index,
        field: "content",
        offset,
      });
    }
    if (contentSpecials === "text" || !text.includes("<|")) return;
    for (const { token, offset: at } of findSpecialTokens(text)) {
      const { part, offset } = partAt(parts, at);
      const last = partAt(parts, at + token.length - 1).part;
      const across =
        last === part
          ? ""
          : ` (it is formed across content parts when they are joined, from ${part.path} to ${last.path})`;
      issues.push({
        code: "special-token",
        message: `content contains the special token ${token} at offset ${offset}${across}; it would forge message structure`,
        path: part.path,
        messageIndex: index,
        field: "content",
        token,
        offset,
      });
    }
  }
}

/**
 * With a profile that writes tools, `tools` is read by the profile; the legacy
 * `functions` and `function_call`, and a `tool_choice` other than `auto`, are
 * refused: no template writes them, and leaving them out would change what
 * the model may do.
 */
function checkToolMembers(
  body: Readonly<Record<string, unknown>> | undefined,
  profile: string,
  issues: CompileIssue[],
): void {
  for (const key of ["functions", "function_call"] as const) {
    const value = body?.[key];
    if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) continue;
    issues.push({
      code: "unsupported-field",
      message: `"${key}" (legacy function calling) is not written by the ${profile} profile; declare the functions as tools`,
      path: `$.${key}`,
    });
  }
  const choice = body?.tool_choice;
  if (choice !== undefined && choice !== null && choice !== "auto") {
    issues.push({
      code: "unsupported-field",
      message: `tool_choice ${JSON.stringify(choice)} cannot be written by the ${profile} profile: its template always lets the model choose ("auto")`,
      path: "$.tool_choice",
    });
  }
}

/** A message's issues are listed in this order of their fields; other members last. */
const FIELD_RANK: Readonly<Record<string, number>> = { role: 0, name: 1, attributes: 2, content: 3, "": 4 };

/** One text part of a message's content, and where it starts in the joined text. */
interface TextPart {
  readonly path: string;
  readonly start: number;
  readonly text: string;
}

/**
 * The part holding character `at` of the joined text, and the offset inside it:
 * the last part starting at or before `at` (an empty part there is followed by
 * the one holding it). A binary search, as a message may have many parts with a
 * token in each.
 */
function partAt(parts: readonly TextPart[], at: number): { part: TextPart; offset: number } {
  let low = 0;
  let high = parts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >>> 1;
    if ((parts[mid] as TextPart).start <= at) low = mid;
    else high = mid - 1;
  }
  const part = parts[low] as TextPart;
  return { part, offset: at - part.start };
}

/** A surrogate that is not half of a pair (the `u` flag makes a pair one character). */
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * What compile with `drop` leaves out of `input`, at each JSON path, for a
 * caller to say so (the CLI prints it). Read through the same reader as
 * compile.
 *
 * @example
 * droppedBy({ messages: [], tools: [{ type: "function", function: { name: "f" } }] }, ["tools"]);
 * // [{ path: "$.tools", drop: "tools" }]
 */
export function droppedBy(input: unknown, drop: readonly DropField[]): DroppedField[] {
  const read = readChatInput(input);
  const out: DroppedField[] = [];
  const tools = drop.includes("tools");
  const images = drop.includes("images");
  if (tools) {
    for (const key of TOOL_MEMBERS) {
      const value = read.body?.[key];
      if (value !== undefined && value !== null) out.push({ path: `$.${key}`, drop: "tools" });
    }
  }
  read.list.forEach((raw, index) => {
    const message = readChatMessage(raw, read.listPath, index, []);
    if (message === undefined) return;
    if (tools) {
      for (const key of message.otherKeys) {
        if (TOOL_KEYS.has(key))
          out.push({ path: messageMemberPath(read.listPath, index, key), drop: "tools" });
      }
    }
    if (images) for (const part of message.imageParts) out.push({ path: part.path, drop: "images" });
  });
  return out;
}
