import { memberPath } from "./json-path.js";

/**
 * How deep JSON may nest before it is refused. jsonc-parser reads (and
 * getNodeValue builds) values recursively, so thousands of `[` would overflow
 * the stack; no prompt or request nests anywhere near this, and the
 * validator reports anything past its own 64 levels at its path.
 */
export const MAX_JSON_DEPTH = 256;

/** What one pass over JSON text finds: where it first nests too deep, and the first repeated key. */
export interface JsonScan {
  /** The bracket past MAX_JSON_DEPTH, and the path to it (its middle elided when long). */
  readonly deep?: { readonly offset: number; readonly path: string };
  /** The first key an object repeats, in document order: its later spelling's offset, and the object's path. */
  readonly duplicate?: { readonly key: string; readonly offset: number; readonly path: string };
}

/**
 * Scans JSON text once, skipping strings, for nesting deeper than
 * `MAX_JSON_DEPTH` and for a key an object repeats (JSON readers keep the last
 * value, so a reviewer who reads the first sees something other than what the
 * model gets). No tree is built: memory is the open containers and the keys of
 * the objects open, so a 100 MB array of messages costs no more than one.
 * Meaningful for text that is valid JSON; only the depth is trusted otherwise.
 */
export function scanJson(text: string): JsonScan {
  // For each open container: an array's next index, or an object's current key and keys so far.
  const stack: Container[] = [];
  let stringStart = -1;
  let stringEnd = -1;
  let duplicate: JsonScan["duplicate"];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      // A string: find its end, remembering where it was (it may be the next key).
      stringStart = i;
      for (i++; i < text.length && text.charCodeAt(i) !== 34; i++) if (text.charCodeAt(i) === 92) i++;
      stringEnd = i;
    } else if (c === 47 && (text.charCodeAt(i + 1) === 47 || text.charCodeAt(i + 1) === 42)) {
      // A JSONC comment (a config file's): skipped whole, its words no keys (JSON has none).
      const block = text.charCodeAt(i + 1) === 42;
      const end = block ? text.indexOf("*/", i + 2) : text.indexOf("\n", i + 2);
      i = end === -1 ? text.length : block ? end + 1 : end;
    } else if (c === 58) {
      const top = stack[stack.length - 1];
      if (top !== undefined && !top.array && stringStart !== -1) {
        const raw = text.slice(stringStart + 1, stringEnd);
        top.key = raw.includes("\\") ? decoded(raw) : raw;
        if (duplicate === undefined && seenBefore(top, top.key)) {
          duplicate = { key: top.key, offset: stringStart, path: pathOf(stack.slice(0, -1), false) };
        }
      }
    } else if (c === 44) {
      const top = stack[stack.length - 1];
      if (top?.array) top.index++;
    } else if (c === 91 || c === 123) {
      if (stack.length === MAX_JSON_DEPTH) {
        return { deep: { offset: i, path: pathOf(stack, true) }, ...(duplicate && { duplicate }) };
      }
      stack.push({ array: c === 91, index: 0, key: "", keys: [] });
    } else if (c === 93 || c === 125) {
      stack.pop();
    }
  }
  return duplicate === undefined ? {} : { duplicate };
}

interface Container {
  readonly array: boolean;
  index: number;
  key: string;
  /** An object's keys so far: a list while short (most objects have a few), a set past that. */
  keys: string[] | Set<string>;
}

/** Whether the object has had `key` already; adds it. */
function seenBefore(object: Container, key: string): boolean {
  const keys = object.keys;
  if (Array.isArray(keys)) {
    if (keys.includes(key)) return true;
    keys.push(key);
    if (keys.length > 16) object.keys = new Set(keys);
    return false;
  }
  if (keys.has(key)) return true;
  keys.add(key);
  return false;
}

/** Where the JSON text first nests deeper than `MAX_JSON_DEPTH` (see `scanJson`). */
export function tooDeep(text: string): { offset: number; path: string } | undefined {
  return scanJson(text).deep;
}

/** A key as JSON spells it, decoded (kept as spelled if cut inside an escape). */
function decoded(raw: string): string {
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return raw;
  }
}

/**
 * The path to the innermost open container's current element (`elide`: its middle cut when
 * long, for a path of hundreds of levels), or with `stack` its parents, the path to an object.
 */
function pathOf(stack: readonly Container[], elide: boolean): string {
  const parts = stack.map(({ array, index, key }) => (array ? `[${index}]` : memberPath(key)));
  if (!elide || parts.length <= 8) return `$${parts.join("")}`;
  return `$${parts.slice(0, 4).join("")}…(${parts.length - 6} more levels)…${parts.slice(-2).join("")}`;
}
