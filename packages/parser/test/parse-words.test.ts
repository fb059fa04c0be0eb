// What parse says, in each dialect, for the problems whose words depend on it (a header that does
// not end, a header that ends the other dialect's way, an unclosed message with or without a
// role): found unchecked by mutation testing of build-document.ts.
import { describe, expect, it } from "vitest";
import { type ParseOptions, parse } from "../src/index.js";

const said = (text: string, options?: ParseOptions) =>
  parse(text, options).diagnostics.map((d) => [d.code, d.severity, d.message]);

describe("parse's words follow the dialect", () => {
  it("a header with no end names the end its dialect expects", () => {
    expect(said("<|im_start|>user<|im_sep|>a<|im_end|><|im_start|>user hi<|im_end|>")).toEqual([
      ["missing-header-end", "error", 'header "user hi" is not followed by <|im_sep|> before <|im_end|>'],
    ]);
    expect(said("<|im_start|>user hi<|im_end|>")).toEqual([
      ["missing-header-end", "error", 'header "user hi" is not followed by a newline before <|im_end|>'],
    ]);
  });

  it("a header ending the other dialect's way: a warning when detected, an error when asked for", () => {
    expect(said("<|im_start|>user\na<|im_end|>\n<|im_start|>user<|im_sep|>b<|im_end|>\n")).toEqual([
      [
        "dialect-mismatch",
        "warning",
        "header ends with <|im_sep|> but the chatml dialect (detected from the first message) ends headers with a newline",
      ],
    ]);
    expect(said("<|im_start|>user<|im_sep|>a<|im_end|><|im_start|>user\nb<|im_end|>")).toEqual([
      [
        "dialect-mismatch",
        "warning",
        "header ends with a newline but the chatml-sep dialect (detected from the first message) ends headers with <|im_sep|>",
      ],
    ]);
    expect(said("<|im_start|>user<|im_sep|>b<|im_end|>", { dialect: "chatml" })).toEqual([
      [
        "dialect-mismatch",
        "error",
        "header ends with <|im_sep|> but the chatml dialect ends headers with a newline",
      ],
    ]);
    expect(said("<|im_start|>user\nb<|im_end|>", { dialect: "chatml-sep" })).toEqual([
      [
        "dialect-mismatch",
        "error",
        "header ends with a newline but the chatml-sep dialect ends headers with <|im_sep|>",
      ],
    ]);
  });

  it("an unclosed message is named by its role when it has one", () => {
    expect(said("<|im_start|>user\nhi<|im_start|>user\nx<|im_end|>")).toEqual([
      [
        "unterminated-message",
        "error",
        'message "user" is not closed with <|im_end|> before the next <|im_start|>',
      ],
    ]);
    expect(said("<|im_start|>\nhi<|im_start|>user\nx<|im_end|>")).toEqual([
      ["missing-role", "error", "message header has no role; expected e.g. <|im_start|>user"],
      ["unterminated-message", "error", "message is not closed with <|im_end|> before the next <|im_start|>"],
    ]);
  });

  it("a header that does not end: its role, then the rest after all the spaces and tabs is content", () => {
    const result = parse("<|im_start|>user  \thi<|im_end|>");
    expect(result.messages.map((m) => [m.role, m.content, m.span.contentStart])).toEqual([
      ["user", "hi", 19],
    ]);
  });
});
