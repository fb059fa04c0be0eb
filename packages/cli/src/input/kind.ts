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

/** The extensions `lint` looks for when given a folder. */
export const LINTED_EXTENSIONS = Object.keys(BY_EXTENSION);

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
