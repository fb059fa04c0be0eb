import { isRecord } from "@chatmlkit/parser/json-path";
import { usageError } from "../errors.js";

/** What a file holds: a ChatML transcript, a JSON document, or a JSONL dataset. */
export type InputKind = "transcript" | "json" | "jsonl";

export const INPUT_KINDS: readonly InputKind[] = ["transcript", "json", "jsonl"];

const BY_EXTENSION: Readonly<Record<string, InputKind>> = {
  ".chatml": "transcript",
  ".txt": "transcript",
  ".json": "json",
  ".jsonl": "jsonl",
  ".ndjson": "jsonl",
};

/**
 * The kind of an input: `--kind` if given, else by the extension of the file
 * (or of `--stdin-filename`), else the command's natural input.
 */
export function kindOf(
  name: string | undefined,
  explicit: string | undefined,
  fallback: InputKind,
): InputKind {
  if (explicit !== undefined) {
    if (!(INPUT_KINDS as readonly string[]).includes(explicit)) {
      throw usageError(`--kind must be one of ${INPUT_KINDS.join(", ")}, got "${explicit}"`);
    }
    return explicit as InputKind;
  }
  if (name === undefined) return fallback;
  const dot = name.lastIndexOf(".");
  const extension = dot === -1 ? "" : name.slice(dot).toLowerCase();
  return BY_EXTENSION[extension] ?? fallback;
}

/**
 * The kind of a file count or lint reads (`-`: stdin, named by `--stdin-filename`): by `--kind`,
 * else the name's extension, else a transcript for a file and JSON for stdin (a pipe's usual input).
 */
export function kindOfInput(
  file: string,
  stdinName: string | undefined,
  explicit: string | undefined,
): InputKind {
  return file === "-" ? kindOf(stdinName, explicit, "json") : kindOf(file, explicit, "transcript");
}

/**
 * Whether parsed JSON holds a conversation, so a folder walk lints it: an
 * array with a message (an object with a role), or an object with a
 * `messages` array (a request body, a `chatml parse` document, a dataset
 * line). Other JSON (package.json, tsconfig.json, a report) is skipped.
 * @example holdsConversation({ model: "gpt-4o", messages: [] }) // true
 */
export function holdsConversation(value: unknown): boolean {
  if (isRecord(value)) return Array.isArray(value.messages);
  return Array.isArray(value) && value.some((m) => isRecord(m) && "role" in m);
}

/**
 * holdsConversation for JSON that did not parse (a missing comma, bytes that
 * are not UTF-8): a "role" or "messages" key, as a conversation has.
 * @example mayHoldConversation('[{"role": "user" "content": "hi"}]') // true
 */
export function mayHoldConversation(text: string): boolean {
  return CONVERSATION_KEY.test(text);
}

/** holdsConversation for one JSONL line (a walked dataset is judged by its first line that is not blank). */
export function lineHoldsConversation(line: string): boolean {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return mayHoldConversation(line);
  }
  return holdsConversation(value);
}

const CONVERSATION_KEY = /"(?:role|messages)"\s*:/;
