// JSON inputs as the CLI reports them: the parser's reader with positions (readJsonSource),
// its problems as input errors at file:line:col.
import { type JsonSource, readJsonSource } from "@chatmlkit/parser/json-source";
import { inputError } from "../errors.js";

/** A JSON document with the positions of its values, to point at a character inside a string. */
export interface JsonDocument {
  readonly value: unknown;
  /**
   * Line and column (1-based) in the text of character `offset` of the value at `path` (a JSON path
   * like `$.messages[1].content`), or of its key when `key` is set (a validator diagnostic's `key`).
   */
  locate(path: string | undefined, offset?: number, key?: boolean): { line: number; column: number };
}

/**
 * Parses strict JSON keeping positions (`comments`: JSONC, for config files;
 * never prompts, which a model reads as JSON). Invalid JSON, nesting too deep
 * and a repeated key are input errors at `name:line:col`; `lineOffset` shifts
 * lines for a dataset's line read on its own.
 */
export function parseJson(text: string, name: string, lineOffset = 0, comments = false): JsonDocument {
  const read = readJsonSource(text, { comments });
  if (!read.ok) {
    const { message, line, column } = read.problem;
    throw inputError(message, { file: name, line: line + lineOffset, column });
  }
  const source: JsonSource = read.source;
  return {
    value: source.value,
    locate(path, offset, key) {
      const { line, column } = source.locate(path, offset, key);
      return { line: line + lineOffset, column };
    },
  };
}
