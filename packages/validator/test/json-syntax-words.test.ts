// jsonSyntaxError case by case: every whitespace JSON allows, the control-character edge inside
// strings, each end of the hex digits of \u escapes, and the words and offset of each kind of
// error. Each case is also checked against JSON.parse: undefined exactly when it parses.
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
