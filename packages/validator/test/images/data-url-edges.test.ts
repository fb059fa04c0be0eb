// data: URLs as the Fetch standard reads them, at the edges: percent-encoded text of every UTF-8
// length (and a lone surrogate), base64 without padding or cleaned of whitespace and escapes, and
// the place of a bad character on each path.
import { describe, expect, it } from "vitest";
import { type DataUrl, parseDataUrl } from "../../src/images/data-url.js";

const read = (url: string, count = 100) => {
  const data = parseDataUrl(url);
  if (data === undefined || "problem" in data) throw new Error(`not read: ${url}`);
  return data.read(count);
};
const bytes = (url: string, count?: number) => [...read(url, count).bytes];
const utf8 = (text: string) => [...new TextEncoder().encode(text)];

describe("a percent-encoded data URL", () => {
  it("is the UTF-8 of its text, %XX a byte, a lone surrogate U+FFFD", () => {
    const text = "aé€😀";
    expect(bytes(`data:,${text}%41`)).toEqual([...utf8(text), 0x41]);
    expect(bytes("data:,x\ud800y")).toEqual(utf8("x\ufffdy"));
    // A % not followed by two hex digits is text; digits without a % are digits.
    expect(bytes("data:,%zz")).toEqual(utf8("%zz"));
    expect(bytes("data:,a12")).toEqual([97, 49, 50]);
    // Percent-encoded unless the last parameter is base64.
    expect(bytes("data:text/plain;charset=utf-8,a%20b")).toEqual([97, 32, 98]);
  });

  it("reads a prefix, and says whether it was all", () => {
    expect(read("data:,hello", 3)).toEqual({ bytes: Uint8Array.from(utf8("hel")), complete: false });
    // A character of several bytes cut by the count: the bytes asked for, not complete.
    expect(read("data:,é", 1)).toEqual({ bytes: Uint8Array.of(0xc3), complete: false });
    expect(read("data:,hi", 2)).toEqual({ bytes: Uint8Array.from(utf8("hi")), complete: true });
  });
});

describe("a base64 data URL", () => {
  it("decodes without padding, and with whitespace and percent-escapes cleaned away", () => {
    expect(bytes("data:;base64,SGk")).toEqual(utf8("Hi"));
    expect(bytes("data:;base64,SGVs bG8")).toEqual(utf8("Hello"));
    expect(bytes("data:;base64,SGVs%0AbG8=")).toEqual(utf8("Hello"));
    expect(read("data:text/plain;BASE64,SGVsbG8=#frag", 2)).toEqual({
      bytes: Uint8Array.from(utf8("He")),
      complete: false,
    });
    const data = parseDataUrl("data:Image/PNG;x=y;base64,AAAA") as DataUrl;
    expect([data.mediaType, data.base64]).toEqual(["image/png", true]);
  });

  it("places a bad character in the URL on the fast path, at the data's start once cleaned", () => {
    expect(parseDataUrl("data:;base64,SGk*")).toEqual({
      problem: 'the base64 data holds "*", which is not a base64 character',
      offset: 16,
    });
    // A character that is not printable ASCII is named by its code point.
    expect(parseDataUrl("data:;base64,SG é")).toEqual({
      problem: "the base64 data holds U+00E9, which is not a base64 character",
      offset: "data:;base64,".length,
    });
    // The first character of the data too; a control and DEL are named by code point.
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

  it("refuses padding in the middle, padding that completes no group, and a lone last character", () => {
    expect(parseDataUrl("data:;base64,SG=k")).toEqual({
      problem: "the base64 data has '=' before its end",
      offset: 15,
    });
    expect(parseDataUrl("data:;base64,SGk==")).toEqual({
      problem: "the base64 data's padding does not complete a group of four",
      offset: 16,
    });
    expect(parseDataUrl("data:;base64,SGVsb")).toEqual({
      problem: "the base64 data ends with a lone character (truncated?)",
      offset: 17,
    });
  });

  it("needs a comma, and is not a data URL at all without data:", () => {
    expect(parseDataUrl("data:image/png;base64")).toEqual({
      problem: "a data URL needs a comma before its data",
      offset: 21,
    });
    expect(parseDataUrl("https://example.com/a.png")).toBeUndefined();
  });
});
