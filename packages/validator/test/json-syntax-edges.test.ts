// jsonSyntaxError against JSON.parse, its oracle: it finds an error exactly where JSON.parse
// refuses, and points inside strings, escapes and numbers at the character that breaks them.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jsonSyntaxError } from "../src/json-syntax.js";

const parses = (text: string) => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

describe("jsonSyntaxError", () => {
  it("points at what breaks a string, an escape or a number", () => {
    const cases: [string, number, string][] = [
      ['"abc', 4, "a closing quote"],
      // A backslash at the end is an escape cut short.
      ['"a\\', 3, 'an escape (\\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t or \\u)'],
      ['"\\u12G4"', 5, "four hex digits after \\u"],
      ['"\\q"', 2, 'an escape (\\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t or \\u)'],
      ['"a\nb"', 2, "no control character inside a string (escape it)"],
      ["-", 1, "a digit"],
      ["-x", 1, "a digit"],
      ["1.", 2, "a digit after the decimal point"],
      ["1e", 2, "a digit in the exponent"],
      ["1e+", 3, "a digit in the exponent"],
      ["2E-x", 3, "a digit in the exponent"],
      // A property name's own error, not the colon after it; and a value after a later key.
      ['{"abc', 5, "a closing quote"],
      ['{"a\\q": 1}', 4, 'an escape (\\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t or \\u)'],
      ['{"a": 1, "b": x}', 14, "a value"],
    ];
    for (const [text, offset, expected] of cases) {
      expect(jsonSyntaxError(text), text).toEqual({ offset, expected });
      expect(parses(text), text).toBe(false);
    }
    for (const text of ["1e5", "-0.5E+3", "2e-7", '"\\u00e9\\n\\/"', "0"]) {
      expect(jsonSyntaxError(text), text).toBeUndefined();
    }
  });

  it("refuses exactly what JSON.parse refuses (property)", () => {
    const piece = fc.constantFrom(
      "{",
      "}",
      "[",
      "]",
      ",",
      ":",
      '"',
      "\\",
      "u",
      "0",
      "1",
      "9",
      "-",
      "+",
      ".",
      "e",
      "E",
      " ",
      "\n",
      "a",
      "true",
      "null",
      '"k"',
      "\\u00",
      "x",
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const text = pieces.join("");
        expect(jsonSyntaxError(text) === undefined).toBe(parses(text));
      }),
      { seed: 20261203, numRuns: 3000 },
    );
  });
});

// Case by case: every whitespace JSON allows, the control-character edge inside strings, each
// end of the hex digits of \u escapes, and the words and offset of each kind of error.
describe("jsonSyntaxError, case by case", () => {
  it.each([
    '{"a":\t1}',
    '{"a":\r\n1}',
    "[\t1 ,\r2 ]",
    '" "',
    '"\\uAAAA\\uFFFF\\uaaaa\\uffff\\u0909"',
    '{"a":[1,{"b":null}],"c":{}}',
    "[]",
    "{}",
  ])("reads %j as JSON", (text) => {
    expect(parses(text)).toBe(true);
    expect(jsonSyntaxError(text)).toBeUndefined();
  });

  it.each([
    ['"\u001f"', 1, "no control character inside a string (escape it)"],
    ['"\\u00G0"', 5, "four hex digits after \\u"],
    ['"\\u00g0"', 5, "four hex digits after \\u"],
    ['"\\u00@0"', 5, "four hex digits after \\u"],
    ['"\\u00`0"', 5, "four hex digits after \\u"],
    ['{"a" 1}', 5, "a colon"],
    ['{"a":1 "b":2}', 7, "a comma or }"],
    ["[1 2]", 3, "a comma or ]"],
    ["1 2", 2, "the end of the JSON"],
    ['{"a":}', 5, "a value"],
    ["[1,]", 3, "a value"],
    ['{"a":1,}', 7, "a property name in double quotes"],
    ["{1:2}", 1, "a property name in double quotes"],
    ["", 0, "a value"],
  ])("refuses %j at %i: %s", (text, offset, expected) => {
    expect(parses(text)).toBe(false);
    expect(jsonSyntaxError(text)).toEqual({ offset, expected });
  });
});
