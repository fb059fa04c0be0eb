// parseDataUrl at a few more edges: a parameter that is not base64, a bad character first in the
// data, characters shown by code point, digits that follow no percent sign.
import { describe, expect, it } from "vitest";
import { parseDataUrl } from "../../src/images/data-url.js";

const bytesOf = (url: string) => {
  const read = parseDataUrl(url);
  if (read === undefined || "problem" in read) throw new Error(`not read: ${url}`);
  return [...read.read(100).bytes];
};

describe("parseDataUrl", () => {
  it("reads data as percent-encoded unless its last parameter is base64", () => {
    expect(bytesOf("data:text/plain;charset=utf-8,a%20b")).toEqual([97, 32, 98]);
    // Digits are digits: only a percent sign starts a byte.
    expect(bytesOf("data:,a12")).toEqual([97, 49, 50]);
  });

  it("points at a bad base64 character, the first one included, and names a control or DEL by code point", () => {
    expect(parseDataUrl("data:;base64,*abc")).toEqual({
      problem: 'the base64 data holds "*", which is not a base64 character',
      offset: 13,
    });
    expect(parseDataUrl("data:;base64,ab\u0001c")).toMatchObject({
      problem: "the base64 data holds U+0001, which is not a base64 character",
    });
    expect(parseDataUrl("data:;base64,ab\u007fc")).toMatchObject({
      problem: "the base64 data holds U+007F, which is not a base64 character",
    });
  });
});
