// pipeTokenAt: the one short look at every `<` of every string for a `<|name|>` token (the
// special-token and foreign-special-token rules start from it). Each edge of what a name may
// hold and how long it may be is its own case.
import { describe, expect, it } from "vitest";
import { pipeTokenAt, specialTokenAt } from "../src/special-tokens.js";

describe("pipeTokenAt", () => {
  it.each([
    ["<|im_end|>", "<|im_end|>"],
    ["say <|x|> now", undefined],
    ["<|az|>", "<|az|>"],
    ["<|AZ|>", "<|AZ|>"],
    ["<|09|>", "<|09|>"],
    ["<|a_b/c|>", "<|a_b/c|>"],
    ["<|z|>", "<|z|>"],
    ["<|Z|>", "<|Z|>"],
    ["<|9|>", "<|9|>"],
  ])("reads %j as %j", (text, expected) => {
    expect(pipeTokenAt(text, 0)).toBe(expected);
  });

  it("reads at the offset given", () => {
    expect(pipeTokenAt("say <|x|> now", 4)).toBe("<|x|>");
    expect(pipeTokenAt("ab<|cd|>", 2)).toBe("<|cd|>");
  });

  it.each([
    ["no bar after the <", "<ab|>"],
    ["an empty name", "<||>"],
    ["a bar not followed by >", "<|ab|x"],
    ["a bar at the text's end", "<|ab|"],
    ["no closing bar", "<|abc"],
    ["a space", "<|a b|>"],
    ["a hyphen", "<|a-b|>"],
    ["a colon (after 9)", "<|a:b|>"],
    ["an at sign (before A)", "<|a@b|>"],
    ["a bracket (after Z)", "<|a[b|>"],
    ["a backquote (before a)", "<|a`b|>"],
    ["a brace (after z)", "<|a{b|>"],
    ["a dot", "<|a.b|>"],
    ["a letter beyond ASCII", "<|aéb|>"],
  ])("reads nothing with %s", (_, text) => {
    expect(pipeTokenAt(text, 0)).toBeUndefined();
  });

  it("looks 40 characters far: a name of 36 is read, one of 37 is not", () => {
    const name = (n: number) => `<|${"a".repeat(n)}|>`;
    expect(pipeTokenAt(name(36), 0)).toBe(name(36));
    expect(pipeTokenAt(`${name(36)} and more`, 0)).toBe(name(36));
    expect(pipeTokenAt(name(37), 0)).toBeUndefined();
    expect(pipeTokenAt(`x${name(37)}`, 1)).toBeUndefined();
  });
});

describe("specialTokenAt", () => {
  it("is a ChatML token spelled exactly, not any pipe token", () => {
    expect(specialTokenAt("<|endoftext|>", 0)).toBe("<|endoftext|>");
    expect(specialTokenAt("<|other|>", 0)).toBeUndefined();
    expect(specialTokenAt("<|im_end", 0)).toBeUndefined();
  });
});
