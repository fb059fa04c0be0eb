// JSON text read with positions: the value, and where any value (or a character inside a
// string, or a key) sits in the text. The one home of JSON positions: the CLI reports with
// it, and a browser page (the playground) can place diagnostics the same way.
import { getNodeValue, type Node, type ParseError, parseTree, printParseErrorCode } from "jsonc-parser";
import { MAX_JSON_DEPTH, scanJson } from "./json-checks.js";
import { LineIndex } from "./positions.js";

export { MAX_JSON_DEPTH } from "./json-checks.js";

/** A place in the text: offset, and line and column (1-based; columns count UTF-16 units). */
export interface JsonPlace {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
}

/** JSON text read: its value, and the place of anything in it. */
export interface JsonSource {
  readonly value: unknown;
  /**
   * The place of character `offset` of the string at `path` (a JSON path like
   * `$.messages[1].content`, as diagnostics give it), of the value itself when
   * it is not a string, or of its key when `key` is set. A path that goes
   * further than the text points at the deepest value that exists on the way.
   */
  locate(path: string | undefined, offset?: number, key?: boolean): JsonPlace;
  /**
   * The offsets `[start, end)` of the whole value at `path` (its quotes, braces or
   * brackets included), or of the deepest value that exists on the way.
   */
  span(path: string | undefined): { readonly start: number; readonly end: number };
}

/** Why the text is not read: invalid JSON, nesting past MAX_JSON_DEPTH, or a repeated key. */
export interface JsonProblem extends JsonPlace {
  readonly code: "invalid-json" | "json-too-deep" | "duplicate-key";
  readonly message: string;
}

export type JsonSourceResult =
  | { readonly ok: true; readonly source: JsonSource }
  | { readonly ok: false; readonly problem: JsonProblem };

const EXPECTED: Readonly<Record<string, string>> = {
  InvalidNumberFormat: "a malformed number",
  PropertyNameExpected: "a property name in double quotes",
  ValueExpected: "a value",
  ColonExpected: "a colon",
  CommaExpected: "a comma",
  CloseBraceExpected: "a closing brace }",
  CloseBracketExpected: "a closing bracket ]",
  EndOfFileExpected: "the end of the input",
  InvalidCommentToken: "no comment (JSON has none)",
  UnexpectedEndOfComment: "the end of a comment",
  UnexpectedEndOfString: "a closing quote",
  UnexpectedEndOfNumber: "more digits",
  InvalidUnicode: "a valid \\u escape",
  InvalidEscapeCharacter: "a valid escape",
  InvalidCharacter: "no control character inside a string",
};

/**
 * Reads strict JSON (no comments, no trailing commas; with `comments`, JSONC's
 * comments are allowed) keeping positions. Invalid JSON is a problem at its
 * place saying what was expected; so are nesting past MAX_JSON_DEPTH (which
 * would overflow the stack) and a key an object repeats (readers keep the
 * last; a reviewer reads the first). Plain data, no Node API.
 *
 * @example
 * const read = readJsonSource('{"messages": [{"role": "user", "content": "Hi"}]}');
 * read.ok && read.source.locate("$.messages[0].content", 1); // { offset: 44, line: 1, column: 45 }
 */
export function readJsonSource(text: string, options: { comments?: boolean } = {}): JsonSourceResult {
  const lines = new LineIndex(text);
  const place = (offset: number): JsonPlace => ({ offset, ...lines.position(offset) });
  const fail = (code: JsonProblem["code"], message: string, offset: number): JsonSourceResult => ({
    ok: false,
    problem: { code, message, ...place(offset) },
  });
  const scan = scanJson(text);
  const deep = scan.deep;
  if (deep !== undefined) {
    return fail(
      "json-too-deep",
      `JSON nested deeper than ${MAX_JSON_DEPTH} levels at ${deep.path}; no prompt or request nests this deep, so it is not read`,
      deep.offset,
    );
  }
  const parseOptions = {
    disallowComments: options.comments !== true,
    allowTrailingComma: false,
    allowEmptyContent: false,
  };
  // Strict JSON is read by JSON.parse, and jsonc-parser's tree (several objects per value: a
  // gigabyte for a million messages) is built only when a position is asked for. JSON.parse
  // accepts no more than jsonc-parser does, so any text it refuses is read by the tree, for
  // jsonc-parser's account of what was expected where.
  let value: unknown;
  let tree: Node | undefined;
  let parsed = false;
  if (options.comments !== true) {
    try {
      value = JSON.parse(text);
      parsed = true;
    } catch {
      // read below, by the tree
    }
  }
  if (!parsed) {
    const errors: ParseError[] = [];
    tree = parseTree(text, errors, parseOptions);
    const first = errors[0];
    if (first !== undefined || tree === undefined) {
      const code = first ? printParseErrorCode(first.error) : "ValueExpected";
      const found =
        first && first.offset < text.length
          ? // One character: the position is in the message, and a file that is not JSON at all (a
            // secret named .json) must not have its words quoted.
            `, found ${JSON.stringify(String.fromCodePoint(text.codePointAt(first.offset) as number))}`
          : ", found the end of the input";
      // jsonc-parser's InvalidSymbol says only that the character does not belong: nothing was "expected".
      const what =
        code === "InvalidSymbol" ? "an unexpected character" : `expected ${EXPECTED[code] ?? code}`;
      return fail("invalid-json", `invalid JSON: ${what}${found}`, first?.offset ?? 0);
    }
    value = getNodeValue(tree);
  }
  const repeated = scan.duplicate;
  if (repeated !== undefined) {
    return fail(
      "duplicate-key",
      `duplicate key ${JSON.stringify(repeated.key)} in ${repeated.path}: JSON readers keep the last value, so what a reviewer reads first is not what the model gets`,
      repeated.offset,
    );
  }
  const root = () => {
    tree ??= parseTree(text, [], parseOptions) as Node;
    return tree;
  };
  // Built as positions are asked for, once per object or string, so each costs the same however many there are.
  const members = new WeakMap<Node, Map<string, Node>>();
  const strings = new WeakMap<Node, number[]>();
  return {
    ok: true,
    source: {
      value,
      locate(path, offset = 0, key = false) {
        const node = deepest(root(), segments(path ?? "$"), members, key);
        return place(node.type === "string" ? rawOffset(text, node, offset, strings) : node.offset);
      },
      span(path) {
        const node = deepest(root(), segments(path ?? "$"), members, false);
        return { start: node.offset, end: node.offset + node.length };
      },
    },
  };
}

/** `$.messages[1].content` (or `$["a b"]`, as the validator spells other keys) to `["messages", 1, "content"]`. */
function segments(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const m of path.matchAll(/\.([^.[\]]+)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g)) {
    out.push(
      m[2] !== undefined
        ? Number(m[2])
        : m[3] !== undefined
          ? (JSON.parse(m[3]) as string)
          : (m[1] as string),
    );
  }
  return out;
}

/**
 * The node at `path`, or the deepest that exists on the way (a missing key points at its object);
 * with `key`, the key node of the last member (its property's first child) instead of its value.
 */
function deepest(
  root: Node,
  path: (string | number)[],
  members: WeakMap<Node, Map<string, Node>>,
  key: boolean,
): Node {
  let node = root;
  for (const [i, segment] of path.entries()) {
    const next =
      typeof segment === "number"
        ? node.type === "array"
          ? node.children?.[segment]
          : undefined
        : node.type === "object"
          ? membersOf(node, members).get(segment)
          : undefined;
    if (next === undefined) return node;
    if (key && i === path.length - 1 && typeof segment === "string") {
      return next.parent?.children?.[0] ?? next;
    }
    node = next;
  }
  return node;
}

/** An object's values by key; of a repeated key, the last, whose value JSON.parse and getNodeValue keep. */
function membersOf(node: Node, members: WeakMap<Node, Map<string, Node>>): Map<string, Node> {
  let map = members.get(node);
  if (map === undefined) {
    map = new Map();
    for (const property of node.children ?? []) {
      const [key, value] = property.children ?? [];
      if (key !== undefined && value !== undefined) map.set(key.value, value);
    }
    members.set(node, map);
  }
  return map;
}

/** Every this many decoded characters of a long string, where it is in the source. */
const STRIDE = 256;

/**
 * Offset in the source of decoded character `decoded` of a string node:
 * escapes (`\n`, `\u200b`) take more source than the character they spell.
 * A long string gets a table of offsets every STRIDE characters the first
 * time, so a position in it costs at most STRIDE steps, not its length.
 */
function rawOffset(text: string, node: Node, decoded: number, strings: WeakMap<Node, number[]>): number {
  const start = node.offset + 1;
  if (node.length <= 2 * STRIDE) return start + rawLength(text, start, decoded);
  let table = strings.get(node);
  if (table === undefined) {
    table = [start];
    const end = node.offset + node.length - 1;
    for (let i = start, n = 0; i < end; n++) {
      i += text[i] !== "\\" ? 1 : text[i + 1] === "u" ? 6 : 2;
      if ((n + 1) % STRIDE === 0) table.push(i);
    }
    strings.set(node, table);
  }
  const k = Math.min(Math.floor(decoded / STRIDE), table.length - 1);
  const from = table[k] as number;
  return from + rawLength(text, from, decoded - k * STRIDE);
}

/** How many characters of JSON source spell the first `decoded` characters of a string starting at `start`. */
function rawLength(text: string, start: number, decoded: number): number {
  let i = start;
  for (let n = 0; n < decoded && i < text.length && text[i] !== '"'; n++) {
    if (text[i] !== "\\") i++;
    else i += text[i + 1] === "u" ? 6 : 2;
  }
  return i - start;
}
