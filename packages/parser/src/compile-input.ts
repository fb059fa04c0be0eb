import type { CompileIssue } from "./compile-errors.js";
import type { Dialect } from "./document.js";
import { codePointLabel, headerBreakIn } from "./header-word.js";
import { findSpecialTokens, SPECIAL_LOOKING } from "./special-tokens.js";
import { quoted } from "./visible.js";

/** A message as compile writes it: every field checked. */
export interface CheckedMessage {
  readonly role: string;
  readonly content: string;
  readonly name: string | undefined;
  readonly attributes: ReadonlyArray<readonly [string, string]>;
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
  readonly issues: CompileIssue[];
}

/** What to do with message keys ChatML v0 cannot carry (e.g. `tool_calls`). */
export type UnknownKeys = "error" | "ignore";

/**
 * What to do with special-token text in content: `error` (refuse), or `text`
 * (keep it as literal text; only safe in the segment form, where text can
 * never become a special token).
 */
export type ContentSpecials = "error" | "text";

// `span` comes from parse and is positional only.
const MESSAGE_KEYS = new Set(["role", "content", "name", "attributes", "span"]);

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `${typeof value} ${JSON.stringify(value)}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Reads compile's input (a messages array, a request body or a parsed
 * document) and checks every field, collecting issues with JSON paths
 * instead of stopping at the first.
 */
export function checkInput(
  input: unknown,
  unknownKeys: UnknownKeys,
  contentSpecials: ContentSpecials = "error",
): CheckedInput {
  const issues: CompileIssue[] = [];
  let list: unknown[] | undefined;
  let base = "$";
  let flags: Pick<
    CheckedInput,
    "addGenerationPrompt" | "continueFinalMessage" | "generationRole" | "dialect"
  > = {
    addGenerationPrompt: undefined,
    continueFinalMessage: undefined,
    generationRole: undefined,
    dialect: undefined,
  };
  if (Array.isArray(input)) {
    list = input;
  } else if (isRecord(input) && Array.isArray(input.messages)) {
    list = input.messages;
    base = "$.messages";
    flags = {
      addGenerationPrompt: optionalBoolean(input, "addGenerationPrompt"),
      continueFinalMessage: optionalBoolean(input, "continueFinalMessage"),
      generationRole: typeof input.generationRole === "string" ? input.generationRole : undefined,
      dialect: input.dialect === "chatml" || input.dialect === "chatml-sep" ? input.dialect : undefined,
    };
    if (flags.generationRole !== undefined) {
      checkWord(flags.generationRole, "$.generationRole", "invalid-role", "generationRole", undefined);
    }
  } else {
    const what = isRecord(input) ? "an object without a messages array" : describe(input);
    issues.push({
      code: "invalid-input",
      message: `expected an array of messages or an object with a "messages" array, got ${what}`,
      path: isRecord(input) ? "$.messages" : "$",
    });
    return { messages: [], ...flags, issues };
  }

  const messages: CheckedMessage[] = [];
  list.forEach((raw, index) => {
    const path = `${base}[${index}]`;
    if (!isRecord(raw)) {
      issues.push({
        code: "invalid-message",
        message: `a message must be an object with role and content, got ${describe(raw)}`,
        path,
        messageIndex: index,
      });
      return;
    }
    const role = checkRole(raw.role, `${path}.role`, index);
    const name = raw.name === undefined ? undefined : checkName(raw.name, `${path}.name`, index);
    const attributes = checkAttributes(raw.attributes, `${path}.attributes`, index);
    const content = checkContent(raw.content, `${path}.content`, index);
    if (unknownKeys === "error") {
      for (const key of Object.keys(raw)) {
        if (!MESSAGE_KEYS.has(key)) {
          issues.push({
            code: "unsupported-field",
            message: `"${key}" cannot be written in ChatML v0, which carries role, name and text content only`,
            path: `${path}.${key}`,
            messageIndex: index,
          });
        }
      }
    }
    messages.push({ role: role ?? "", content: content ?? "", name, attributes });
  });
  return { messages, ...flags, issues };

  function optionalBoolean(record: Record<string, unknown>, key: string): boolean | undefined {
    const value = record[key];
    if (value === undefined || typeof value === "boolean") return value;
    issues.push({
      code: "invalid-option",
      message: `${key} must be true or false, got ${describe(value)}`,
      path: `$.${key}`,
    });
    return undefined;
  }

  function checkRole(value: unknown, path: string, index: number): string | undefined {
    if (typeof value !== "string" || value === "") {
      issues.push({
        code: "invalid-role",
        message:
          value === undefined
            ? "the message has no role"
            : `role must be a non-empty string, got ${describe(value)}`,
        path,
        messageIndex: index,
        field: "role",
      });
      return undefined;
    }
    return checkWord(value, path, "invalid-role", "role", index) ? value : undefined;
  }

  function checkName(value: unknown, path: string, index: number): string | undefined {
    if (typeof value !== "string" || value === "") {
      issues.push({
        code: "invalid-name",
        message: `name must be a non-empty string, got ${describe(value)}`,
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
      const keyPath = `${path}.${key}`;
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
      const ok =
        checkWord(key, keyPath, "invalid-attribute", `attribute key ${key}`, index) &&
        (attr === "" || checkWord(attr, keyPath, "invalid-attribute", `attribute ${key}`, index));
      if (ok) pairs.push([key, attr]);
    }
    return pairs;
  }

  function checkContent(value: unknown, path: string, index: number): string | undefined {
    if (typeof value === "string") {
      checkText(value, [{ path, start: 0, text: value }], index);
      return value;
    }
    if (Array.isArray(value)) {
      let text = "";
      // The model reads the parts joined: a token may be split across parts.
      const parts: TextPart[] = [];
      value.forEach((part, j) => {
        const partPath = `${path}[${j}]`;
        if (!isRecord(part) || part.type !== "text" || typeof part.text !== "string") {
          const type = isRecord(part) ? part.type : undefined;
          issues.push({
            code: "unsupported-content-part",
            message:
              isRecord(part) && type !== "text"
                ? `content part of type ${JSON.stringify(type)} cannot be written in ChatML v0, which carries text only`
                : `a content part must be {"type": "text", "text": string}, got ${describe(part)}`,
            path: isRecord(part) && type !== "text" ? `${partPath}.type` : partPath,
            messageIndex: index,
            field: "content",
          });
          return;
        }
        parts.push({ path: `${partPath}.text`, start: text.length, text: part.text });
        text += part.text;
      });
      checkText(text, parts, index);
      return text;
    }
    issues.push({
      code: "invalid-content",
      message:
        value === undefined || value === null
          ? `the message has no content (got ${describe(value)}); ChatML v0 needs text content`
          : `content must be a string or an array of text parts, got ${describe(value)}`,
      path,
      messageIndex: index,
      field: "content",
    });
    return undefined;
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
