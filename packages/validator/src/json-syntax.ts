// Where a JSON text stops being JSON: the offset and what was expected there. JSON.parse says
// only that it failed (and engines word it differently, some without a position), so a string
// it refuses is scanned again here to point at the character. Strict RFC 8259, no recursion.

/** The first syntax error of a JSON text: its offset (UTF-16 code units) and what was expected there. */
export interface JsonSyntaxError {
  readonly offset: number;
  readonly expected: string;
}

const OBJECT = 0;
const ARRAY = 1;

/**
 * The first syntax error of `text` as JSON, or undefined when it is JSON.
 *
 * @example
 * jsonSyntaxError('{"city": Paris}'); // { offset: 9, expected: "a value" }
 */
export function jsonSyntaxError(text: string): JsonSyntaxError | undefined {
  const n = text.length;
  let i = 0;
  const stack: number[] = [];
  const fail = (expected: string): JsonSyntaxError => ({ offset: i, expected });
  const space = () => {
    for (let c = text.charCodeAt(i); c === 32 || c === 9 || c === 10 || c === 13; c = text.charCodeAt(++i));
  };
  // A string at `i` (its opening quote): moves past it, or gives the error inside it.
  const string = (): JsonSyntaxError | undefined => {
    i++;
    for (;;) {
      if (i >= n) return fail("a closing quote");
      const c = text.charCodeAt(i);
      if (c === 34) {
        i++;
        return undefined;
      }
      if (c < 0x20) return fail("no control character inside a string (escape it)");
      if (c !== 92) {
        i++;
        continue;
      }
      const e = text.charCodeAt(i + 1);
      if (e === 117) {
        for (let k = 2; k < 6; k++) {
          if (!isHex(text.charCodeAt(i + k))) {
            i += k;
            return fail("four hex digits after \\u");
          }
        }
        i += 6;
      } else if (ESCAPES.has(e)) i += 2;
      else {
        i++;
        return fail('an escape (\\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t or \\u)');
      }
    }
  };
  const digits = (): boolean => {
    const from = i;
    while (isDigit(text.charCodeAt(i))) i++;
    return i > from;
  };
  const number = (): JsonSyntaxError | undefined => {
    if (text.charCodeAt(i) === 45) i++;
    if (text.charCodeAt(i) === 48) i++;
    else if (!digits()) return fail("a digit");
    if (text.charCodeAt(i) === 46) {
      i++;
      if (!digits()) return fail("a digit after the decimal point");
    }
    const e = text.charCodeAt(i);
    if (e === 101 || e === 69) {
      i++;
      const sign = text.charCodeAt(i);
      if (sign === 43 || sign === 45) i++;
      if (!digits()) return fail("a digit in the exponent");
    }
    return undefined;
  };
  // A member's name and colon, after `{` or `,` in an object.
  const key = (): JsonSyntaxError | undefined => {
    space();
    if (text.charCodeAt(i) !== 34) return fail("a property name in double quotes");
    const bad = string();
    if (bad) return bad;
    space();
    if (text.charCodeAt(i) !== 58) return fail("a colon");
    i++;
    return undefined;
  };

  for (;;) {
    // A value is expected here.
    space();
    const c = text.charCodeAt(i);
    if (c === 123 || c === 91) {
      i++;
      space();
      if (text.charCodeAt(i) !== (c === 123 ? 125 : 93)) {
        stack.push(c === 123 ? OBJECT : ARRAY);
        if (c === 123) {
          const bad = key();
          if (bad) return bad;
        }
        continue;
      }
      i++;
    } else if (c === 34) {
      const bad = string();
      if (bad) return bad;
    } else if (c === 45 || isDigit(c)) {
      const bad = number();
      if (bad) return bad;
    } else {
      const word = LITERALS.find((w) => text.startsWith(w, i));
      if (word === undefined) return fail("a value");
      i += word.length;
    }
    // A value ended: close what it ends, until a comma asks for the next value.
    for (;;) {
      space();
      const top = stack[stack.length - 1];
      if (top === undefined) return i === n ? undefined : fail("the end of the JSON");
      const d = text.charCodeAt(i);
      if (d === 44) {
        i++;
        if (top === OBJECT) {
          const bad = key();
          if (bad) return bad;
        }
        break;
      }
      if (d === (top === OBJECT ? 125 : 93)) {
        i++;
        stack.pop();
        continue;
      }
      return fail(top === OBJECT ? "a comma or }" : "a comma or ]");
    }
  }
}

const LITERALS = ["true", "false", "null"];

/** The characters after a backslash that make an escape: " \ / b f n r t. */
const ESCAPES = new Set([34, 92, 47, 98, 102, 110, 114, 116]);

const isDigit = (c: number) => c >= 48 && c <= 57;

const isHex = (c: number) => isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
