import type { Node } from "jsonc-parser";
import { memberPath } from "./json-path.js";

/**
 * How deep JSON may nest before it is refused. jsonc-parser reads (and
 * getNodeValue builds) values recursively, so thousands of `[` would overflow
 * the stack; no prompt or request nests anywhere near this, and the
 * validator reports anything past its own 64 levels at its path.
 */
export const MAX_JSON_DEPTH = 256;

/**
 * Where the JSON text first nests deeper than `MAX_JSON_DEPTH`, in one pass
 * that skips strings: the offset of the bracket and the JSON path to it.
 */
export function tooDeep(text: string): { offset: number; path: string } | undefined {
  // For each open container: an array's next index, or an object's last key.
  const stack: Array<{ array: boolean; index: number; key: string }> = [];
  let lastString = "";
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      // A string: find its end, remembering it (it may be the next key).
      const start = i;
      for (i++; i < text.length && text.charCodeAt(i) !== 34; i++) if (text.charCodeAt(i) === 92) i++;
      lastString = text.slice(start + 1, Math.min(i, start + 81));
    } else if (c === 58) {
      const top = stack[stack.length - 1];
      if (top !== undefined && !top.array) top.key = decoded(lastString);
    } else if (c === 44) {
      const top = stack[stack.length - 1];
      if (top?.array) top.index++;
    } else if (c === 91 || c === 123) {
      if (stack.length === MAX_JSON_DEPTH) return { offset: i, path: pathOf(stack) };
      stack.push({ array: c === 91, index: 0, key: "" });
    } else if (c === 93 || c === 125) {
      stack.pop();
    }
  }
  return undefined;
}

/** A key as JSON spells it, decoded (kept as spelled if cut inside an escape). */
function decoded(raw: string): string {
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return raw;
  }
}

/** The path to the innermost open container's current element, its middle elided when long. */
function pathOf(stack: ReadonlyArray<{ array: boolean; index: number; key: string }>): string {
  const parts = stack.map(({ array, index, key }) => (array ? `[${index}]` : memberPath(key)));
  if (parts.length <= 8) return `$${parts.join("")}`;
  return `$${parts.slice(0, 4).join("")}…(${parts.length - 6} more levels)…${parts.slice(-2).join("")}`;
}

/**
 * The first key that an object repeats, in document order: JSON readers keep
 * the last value, so a reviewer who reads the first sees something other than
 * what the model gets. Returns the repeated key's node and its object's path.
 */
export function duplicateKey(root: Node): { key: string; node: Node; path: string } | undefined {
  const pending: Array<{ node: Node; path: string }> = [{ node: root, path: "$" }];
  let first: { key: string; node: Node; path: string } | undefined;
  while (pending.length > 0) {
    const { node, path } = pending.pop() as { node: Node; path: string };
    if (node.type === "object") {
      const seen = new Set<string>();
      for (const property of node.children ?? []) {
        const [keyNode, value] = property.children ?? [];
        if (keyNode === undefined) continue;
        const key = String(keyNode.value);
        if (seen.has(key) && (first === undefined || keyNode.offset < first.node.offset))
          first = { key, node: keyNode, path };
        seen.add(key);
        if (value !== undefined) pending.push({ node: value, path: path + memberPath(key) });
      }
    } else if (node.type === "array") {
      (node.children ?? []).forEach((child, index) => {
        pending.push({ node: child, path: `${path}[${index}]` });
      });
    }
  }
  return first;
}
