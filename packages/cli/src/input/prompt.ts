import { isRecord } from "@chatmlkit/parser/json-path";
import { IM_START } from "@chatmlkit/parser/special-tokens";

/**
 * Whether an input reads as a prompt: only then may a report quote its lines
 * (code frames). A file lint was pointed at by mistake, or tricked into (a
 * .txt that is /etc/passwd, a .json of secrets), is reported by position
 * only, never by its content. A transcript must hold a message header.
 */
export function isPromptText(text: string): boolean {
  return text.includes(IM_START);
}

/**
 * See isPromptText: JSON that parsed must hold a message (an object with a
 * role) in an array of them, or in an object's messages array (a request
 * body, a `chatml parse` document, a dataset example).
 */
export function isPromptJson(value: unknown): boolean {
  const messages = isRecord(value) ? value.messages : value;
  return Array.isArray(messages) && messages.some((m) => isRecord(m) && "role" in m);
}

/**
 * See isPromptText: JSON that did not parse (a missing comma, a repeated key)
 * must at least have a "role" key somewhere, as messages do.
 */
export function isBrokenPromptJson(text: string): boolean {
  return ROLE_KEY.test(text);
}

/** See isPromptText: a dataset line that is an example, or a broken one. */
export function isPromptLine(line: string): boolean {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return isBrokenPromptJson(line);
  }
  return isPromptJson(value);
}

const ROLE_KEY = /"role"\s*:/;
