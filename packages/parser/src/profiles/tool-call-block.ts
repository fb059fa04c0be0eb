// What one <tool_call> block of a model's output says: the JSON object
// {"name": ..., "arguments": {...}} the Qwen and Hermes templates ask for,
// read through the one JSON reader so that a problem has its exact offset.
import { describeValue, isRecord } from "../json-path.js";
import { MAX_JSON_DEPTH, readJsonSource } from "../json-source.js";

/** A problem of a block, at offsets into the block's text (between the tags). */
export interface BlockProblem {
  readonly code: "invalid-tool-call-json" | "invalid-tool-call";
  readonly message: string;
  readonly start: number;
  readonly end: number;
}

/**
 * What a reader that followed the block's arguments found: where their value is, how many keys
 * it writes and how deep it nests. The block starts `{"name": "...", "arguments": ` then.
 */
export interface ArgumentsScan {
  readonly start: number;
  readonly end: number;
  readonly keys: number;
  readonly depth: number;
}

export type BlockRead =
  | { readonly ok: true; readonly name: string; readonly arguments: string }
  | { readonly ok: false; readonly problem: BlockProblem };

/**
 * Reads the text between `<tool_call>` and `</tool_call>`. The arguments are
 * the API's JSON string: an object's own JSON text as the model wrote it, a
 * string's value (a model that wrote the arguments as a JSON string), or `{}`
 * when the block gives none.
 *
 * @example
 * readToolCallBlock('\n{"name": "f", "arguments": {"a": 1}}\n'); // { ok: true, name: "f", arguments: '{"a": 1}' }
 */
export function readToolCallBlock(text: string, scan?: ArgumentsScan): BlockRead {
  if (scan !== undefined) {
    const read = readScanned(text, scan);
    if (read !== undefined) return read;
  }
  const read = readJsonSource(text);
  if (!read.ok) {
    const { offset, message } = read.problem;
    const width = offset < text.length ? String.fromCodePoint(text.codePointAt(offset) as number).length : 0;
    // The reader's words, said of the block: its input ends where </tool_call> begins.
    const what = message
      .replace(/^invalid JSON: /, "")
      .replace("the end of the input", "the end of the block");
    return fail(
      "invalid-tool-call-json",
      `the <tool_call> block is not JSON: ${what}`,
      offset,
      offset + width,
    );
  }
  const { source } = read;
  const value = source.value;
  const at = (path: string) => source.span(path);
  if (!isRecord(value)) {
    const { start, end } = at("$");
    return fail(
      "invalid-tool-call",
      `a <tool_call> block holds one JSON object {"name": ..., "arguments": {...}}, not ${describeValue(value)}`,
      start,
      end,
    );
  }
  const name = value.name;
  if (typeof name !== "string" || name === "") {
    // A missing name's span is the object's: a path past the text spans the deepest value on the way.
    const { start, end } = at("$.name");
    const what = name === undefined ? "has no" : `has ${describeValue(name)} as its`;
    return fail(
      "invalid-tool-call",
      `the <tool_call> block ${what} "name": the function to call must be a non-empty string`,
      start,
      end,
    );
  }
  const args = value.arguments;
  if (args === undefined) return { ok: true, name, arguments: "{}" };
  if (typeof args === "string") return { ok: true, name, arguments: args };
  const { start, end } = at("$.arguments");
  if (isRecord(args)) return { ok: true, name, arguments: text.slice(start, end) };
  return fail(
    "invalid-tool-call",
    `the <tool_call> block's "arguments" must be a JSON object, got ${describeValue(args)}`,
    start,
    end,
  );
}

const CLOSING = /^[ \t\r\n]*\}[ \t\r\n]*$/;

/**
 * The common block, `{"name": "f", "arguments": {...}}` and nothing more, read without a tree:
 * what readJsonSource would read, when JSON.parse takes it, it nests no deeper than readJsonSource
 * reads, and it repeats no key (the value has as many keys as the text writes). Undefined for
 * anything else, which readJsonSource then reads (and places).
 */
function readScanned(text: string, scan: ArgumentsScan): BlockRead | undefined {
  // The block nests one deeper than its arguments.
  if (scan.depth + 1 >= MAX_JSON_DEPTH || !CLOSING.test(text.slice(scan.end))) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(value) || typeof value.name !== "string" || value.name === "" || !isRecord(value.arguments))
    return undefined;
  if (keysIn(value.arguments) !== scan.keys) return undefined;
  return { ok: true, name: value.name, arguments: text.slice(scan.start, scan.end) };
}

/** How many keys a parsed value has, in every object it holds. */
function keysIn(value: unknown): number {
  if (Array.isArray(value)) {
    let n = 0;
    for (const item of value) n += keysIn(item);
    return n;
  }
  if (!isRecord(value)) return 0;
  let n = 0;
  for (const key in value) n += 1 + keysIn(value[key]);
  return n;
}

function fail(code: BlockProblem["code"], message: string, start: number, end: number): BlockRead {
  return { ok: false, problem: { code, message, start, end } };
}
