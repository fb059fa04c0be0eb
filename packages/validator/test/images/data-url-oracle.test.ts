// parseDataUrl's decoders read a prefix of the data; here every prefix of random data is compared
// with a whole decode by other code (Node's Buffer for base64, TextEncoder for text), so each
// byte of the prefix decoders is checked, not only the image headers the other tests read.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type DataUrl, parseDataUrl } from "../../src/images/data-url.js";

const read = (url: string): DataUrl => {
  const parsed = parseDataUrl(url);
  if (parsed === undefined || "problem" in parsed) throw new Error(`not readable: ${JSON.stringify(parsed)}`);
  return parsed;
};

/** Every prefix length up to past the end: the prefix decoder's bytes and whether they are all. */
function expectPrefixes(data: DataUrl, whole: Uint8Array): void {
  for (let count = 0; count <= whole.length + 2; count++) {
    const got = data.read(count);
    expect([...got.bytes], `first ${count} bytes`).toEqual([...whole.subarray(0, count)]);
    expect(got.complete, `first ${count} bytes complete`).toBe(count >= whole.length);
  }
}

/** Percent-encoded text as the Fetch standard reads it: %XX is a byte, any other text its UTF-8. */
function percentDecoded(body: string): Uint8Array {
  const bytes: number[] = [];
  for (const piece of body.split(/(%[0-9A-Fa-f]{2})/)) {
    if (/^%[0-9A-Fa-f]{2}$/.test(piece)) bytes.push(Number.parseInt(piece.slice(1), 16));
    else bytes.push(...new TextEncoder().encode(piece));
  }
  return Uint8Array.from(bytes);
}

describe("parseDataUrl reads any prefix as the whole decode has it", () => {
  it("base64, padded or not", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), fc.boolean(), (data, padded) => {
        let text = Buffer.from(data).toString("base64");
        if (!padded) text = text.replace(/=+$/, "");
        expectPrefixes(read(`data:image/png;base64,${text}`), data);
      }),
      { numRuns: 300, seed: 15 },
    );
  });

  it("percent-encoded text of any characters, UTF-8 boundaries and lone surrogates included", () => {
    const edges = [
      "\u007f",
      "\u0080",
      "\u07ff",
      "\u0800",
      "\uffff",
      "\u{10000}",
      "\u{10ffff}",
      "\ud800",
      "\udfff",
    ];
    const piece = fc.oneof(
      fc.string({ unit: "binary", maxLength: 4 }),
      fc.constantFrom(...edges),
      fc.integer({ min: 0, max: 255 }).map((b) => `%${b.toString(16).padStart(2, "0")}`),
      fc.constantFrom("%", "%4", "%zz", "%%41"),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), (pieces) => {
        const body = pieces.join("");
        expectPrefixes(read(`data:text/plain,${body}`), percentDecoded(body));
      }),
      { numRuns: 300, seed: 15 },
    );
  });
});

describe("parseDataUrl's header", () => {
  it("base64 is the last parameter, whatever its case and spaces; a media type alone is not base64", () => {
    expect(read("data:image/png; charset=x ; BASE64 ,SGk=")).toMatchObject({
      mediaType: "image/png",
      base64: true,
    });
    expect(read("data:base64,SGk=")).toMatchObject({ mediaType: "base64", base64: false });
    expect(read("data:,x")).toMatchObject({ mediaType: "", base64: false });
    expect(read("data:;base64,SGk=").read(9).bytes).toEqual(Uint8Array.of(72, 105));
  });

  it("the data ends at a fragment, even one at the comma; a comma first is an empty header", () => {
    expect([...read("data:,ab#c").read(9).bytes]).toEqual([97, 98]);
    expect(read("data:,#c").read(9)).toEqual({ bytes: new Uint8Array(0), complete: true });
    expect(parseDataUrl("data:")).toEqual({ problem: "a data URL needs a comma before its data", offset: 5 });
  });

  it("base64 text with whitespace and percent escapes is cleaned before it is checked", () => {
    expect([...read("data:;base64,S Gk%3D").read(9).bytes]).toEqual([72, 105]);
    expect(parseDataUrl("data:;base64,S G\u00e9")).toEqual({
      problem: "the base64 data holds U+00E9, which is not a base64 character",
      offset: 13,
    });
    expect(parseDataUrl("data:;base64,SG!k")).toEqual({
      problem: 'the base64 data holds "!", which is not a base64 character',
      offset: 15,
    });
    expect(parseDataUrl("data:;base64,=SGk")).toEqual({
      problem: "the base64 data has '=' before its end",
      offset: 13,
    });
  });
});
