// The line table alone (a subpath export): importing the parser root would pull its lexer into start-up.
import { LineIndex } from "@chatmlkit/parser/positions";
import {
  findNodeAtLocation,
  getNodeValue,
  type Node,
  type ParseError,
  parseTree,
  printParseErrorCode,
} from "jsonc-parser";
import { inputError } from "../errors.js";

/** A JSON document with the positions of its values, to point at a character inside a string. */
export interface JsonDocument {
  readonly value: unknown;
  /** Line and column (1-based) in the text of character `offset` of the value at `path` (a JSON path like `$.messages[1].content`). */
  locate(path: string | undefined, offset?: number): { line: number; column: number };
}

const EXPECTED: Readonly<Record<string, string>> = {
  InvalidSymbol: "an unexpected character",
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
 * Parses strict JSON (no comments, no trailing commas) keeping positions.
 * Invalid JSON is an input error at `name:line:col` saying what was expected.
 */
export function parseJson(text: string, name: string, lineOffset = 0): JsonDocument {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, {
    disallowComments: true,
    allowTrailingComma: false,
    allowEmptyContent: false,
  });
  const lines = new LineIndex(text);
  const first = errors[0];
  if (first !== undefined || root === undefined) {
    const at = lines.position(first?.offset ?? 0);
    const code = first ? printParseErrorCode(first.error) : "ValueExpected";
    const found =
      first && first.offset < text.length
        ? `, found ${JSON.stringify(text.slice(first.offset, first.offset + Math.max(1, first.length)).slice(0, 20))}`
        : ", found the end of the input";
    throw inputError(`invalid JSON: expected ${EXPECTED[code] ?? code}${found}`, {
      file: name,
      line: at.line + lineOffset,
      column: at.column,
    });
  }
  return {
    value: getNodeValue(root),
    locate(path, offset = 0) {
      const node = deepest(root, segments(path ?? "$"));
      const raw =
        node.type === "string" ? node.offset + 1 + rawLength(text, node.offset + 1, offset) : node.offset;
      const at = lines.position(raw);
      return { line: at.line + lineOffset, column: at.column };
    },
  };
}

/** `$.messages[1].content` to `["messages", 1, "content"]`. */
function segments(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const m of path.matchAll(/\.([^.[\]]+)|\[(\d+)\]/g))
    out.push(m[2] !== undefined ? Number(m[2]) : (m[1] as string));
  return out;
}

/** The node at `path`, or the deepest that exists on the way (a missing key points at its object). */
function deepest(root: Node, path: (string | number)[]): Node {
  for (let n = path.length; n > 0; n--) {
    const node = findNodeAtLocation(root, path.slice(0, n));
    if (node !== undefined) return node;
  }
  return root;
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
