// JSON paths and walks over JSON values, for every reader of messages JSON (no other imports:
// the CLI's start-up path loads this on its own).
/**
 * How deep JSON input may nest before a reader stops and reports it. Real
 * requests nest a few levels (a tool's JSON Schema a dozen or so); thousands
 * of levels are an attack on recursive readers.
 */
export const MAX_DEPTH = 64;

/** The member `key` of an object, as a JSON path step: `.content`, or `["a b"]` when not a plain name. */
export function memberPath(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

/** Receives each string of a value: its text, its path, and whether it is an object key. */
export interface StringVisitor {
  string(text: string, path: string, isKey: boolean): void;
  /** The value at `path` nests deeper than MAX_DEPTH; nothing below it is visited. */
  tooDeep(path: string): void;
}

/**
 * Visits every string inside `value` (object keys too: a tool schema's
 * property names reach the model), depth first, in order. `depth` is how
 * deep `value` already sits in the input.
 */
export function walkStrings(value: unknown, path: string, depth: number, visit: StringVisitor): void {
  if (typeof value === "string") {
    visit.string(value, path, false);
    return;
  }
  if (typeof value !== "object" || value === null) return;
  if (depth >= MAX_DEPTH) {
    visit.tooDeep(path);
    return;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) walkStrings(value[i], `${path}[${i}]`, depth + 1, visit);
    return;
  }
  for (const key of Object.keys(value)) {
    const member = `${path}${memberPath(key)}`;
    visit.string(key, member, true);
    walkStrings((value as Record<string, unknown>)[key], member, depth + 1, visit);
  }
}

/**
 * The path (after `value`'s own) of the first value inside `value` that nests
 * deeper than MAX_DEPTH, if any; `""` when `value` itself is too deep. Paths
 * are spelled out only on the way back from a find.
 */
export function tooDeepPath(value: unknown, depth = 0): string | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  if (depth >= MAX_DEPTH) return "";
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const inner = tooDeepPath(value[i], depth + 1);
      if (inner !== undefined) return `[${i}]${inner}`;
    }
    return undefined;
  }
  for (const key of Object.keys(value)) {
    const inner = tooDeepPath((value as Record<string, unknown>)[key], depth + 1);
    if (inner !== undefined) return `${memberPath(key)}${inner}`;
  }
  return undefined;
}

/** A plain object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A value's kind, as problems name it: `null`, `an array`, `an object`, `number 5`. */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "nothing";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `${typeof value} ${JSON.stringify(value)}`;
}
