// parseHeader on its own, every field: the validator reads its words' offsets and its problems'
// severities directly, so they are checked here and not only through parse (mutation testing
// found both unchecked).
import { describe, expect, it } from "vitest";
import { parseHeader } from "../src/index.js";

const NOT_ATTRIBUTE = "in the header is not a key=value attribute; is the newline after the role missing?";

describe("parseHeader", () => {
  it("a bare role has no words and no problems; a role holding '<' reads the same the slow way", () => {
    expect(parseHeader("user")).toEqual({ role: "user", roleEnd: 4, words: [], problems: [] });
    expect(parseHeader("a<b")).toEqual({ role: "a<b", roleEnd: 3, words: [], problems: [] });
  });

  it("words after the role: the offset of each '=', or -1 for a word with none or with it first", () => {
    const header = parseHeader("user a=1 =b c a=2 name=x");
    expect(header.words).toEqual([
      { start: 5, end: 8, eq: 6 },
      { start: 9, end: 11, eq: -1 },
      { start: 12, end: 13, eq: -1 },
      { start: 14, end: 17, eq: 15 },
      { start: 18, end: 24, eq: 22 },
    ]);
    expect(header.name).toBe("x");
    expect(header.attributes).toEqual({ a: "2" });
    expect(header.problems).toEqual([
      {
        code: "invalid-header-attribute",
        severity: "error",
        message: `"=b" ${NOT_ATTRIBUTE} (and 1 more in this header)`,
        start: 9,
        end: 11,
      },
      {
        code: "duplicate-header-attribute",
        severity: "warning",
        message: 'header attribute "a" is given more than once; the last value is used',
        start: 14,
        end: 17,
      },
    ]);
  });

  it("no name and no attributes: neither member is present", () => {
    const header = parseHeader("user x");
    expect("name" in header).toBe(false);
    expect("attributes" in header).toBe(false);
  });

  it("a separator that is not a space or tab, and a special token: each a problem with its severity", () => {
    expect(parseHeader("us\u00a0er").problems).toEqual([
      {
        code: "invalid-header-character",
        severity: "error",
        message:
          "U+00A0 inside a message header: only spaces and tabs may separate header words, and readers split at this character differently",
        start: 2,
        end: 3,
      },
      {
        code: "invalid-header-attribute",
        severity: "error",
        message: `"er" ${NOT_ATTRIBUTE}`,
        start: 3,
        end: 5,
      },
    ]);
    expect(parseHeader("user <|im_end|>").problems).toEqual([
      {
        code: "special-token-in-header",
        severity: "error",
        message:
          "special token <|im_end|> inside a message header; a header holds only the role and key=value attributes",
        start: 5,
        end: 15,
      },
    ]);
  });

  it("problems are in the order of the header, whichever check found them", () => {
    const problems = parseHeader("user x a\u00a0b").problems;
    expect(problems.map((p) => [p.code, p.start])).toEqual([
      ["invalid-header-attribute", 5],
      ["invalid-header-character", 8],
    ]);
  });

  it("a header with no role, empty or blank, is missing-role over the whole header", () => {
    const missing = (end: number) => ({
      code: "missing-role",
      severity: "error",
      message: "message header has no role; expected e.g. <|im_start|>user",
      start: 0,
      end,
    });
    expect(parseHeader("").problems).toEqual([missing(0)]);
    expect(parseHeader(" \t").problems).toEqual([missing(2)]);
  });

  it("a repeating problem is reported once, counting the rest; two of different kinds both stay", () => {
    expect(parseHeader("user a b c").problems).toEqual([
      {
        code: "invalid-header-attribute",
        severity: "error",
        message: `"a" ${NOT_ATTRIBUTE} (and 2 more in this header)`,
        start: 5,
        end: 6,
      },
    ]);
    expect(parseHeader("user a=1 a=2 a=3").problems.map((p) => [p.code, p.message, p.start])).toEqual([
      [
        "duplicate-header-attribute",
        'header attribute "a" is given more than once; the last value is used (and 1 more in this header)',
        9,
      ],
    ]);
    // Two special tokens are two findings: they are not collapsed.
    expect(parseHeader("user <|a|> <|b|>").problems.map((p) => p.start)).toEqual([5, 11]);
    // One of each collapsible kind, none repeated: kept as they are.
    expect(parseHeader("us\u00a0er a=1 a=2").problems.map((p) => p.message.includes("(and "))).toEqual([
      false,
      false,
      false,
    ]);
  });

  it("a special token among collapsed problems keeps its own message; the collapsed one counts the rest", () => {
    expect(parseHeader("user a b <|im_end|>").problems.map((p) => [p.code, p.message])).toEqual([
      ["invalid-header-attribute", `"a" ${NOT_ATTRIBUTE} (and 1 more in this header)`],
      [
        "special-token-in-header",
        "special token <|im_end|> inside a message header; a header holds only the role and key=value attributes",
      ],
    ]);
  });

  it("a word that starts with '=' and holds a special token is no attribute (no empty key)", () => {
    const header = parseHeader("user =<|im_end|>");
    expect("attributes" in header).toBe(false);
    expect(header.problems.map((p) => p.code)).toEqual(["special-token-in-header"]);
  });

  it("attributes are plain data: own, enumerable, writable, configurable, as an assignment makes them", () => {
    const { attributes } = parseHeader("user lang=en __proto__=x");
    expect(Object.getOwnPropertyDescriptors(attributes)).toEqual(
      Object.getOwnPropertyDescriptors(JSON.parse('{"lang":"en","__proto__":"x"}')),
    );
  });
});
