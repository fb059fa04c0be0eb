// imageDimensions at its edges: a header that gives no area, and URLs too long to quote whole.
import { describe, expect, it } from "vitest";
import { imageDimensions } from "../../src/images/index.js";
import { dataUrl, png } from "./tiny-images.js";

describe("imageDimensions", () => {
  it("refuses a header that gives an image no area", () => {
    expect(imageDimensions(dataUrl("image/png", png(0, 5)))).toEqual({
      kind: "image-problem",
      code: "unreadable-image",
      message: "the PNG data gives no size: its header gives 0x5",
    });
  });

  it("quotes a long URL by its start and end, a short one whole", () => {
    const long = `https://example.com/${"a".repeat(100)}/cat.png`;
    const unknown = imageDimensions(long);
    expect(unknown).toMatchObject({ kind: "size-unknown" });
    expect("message" in unknown && unknown.message).toBe(
      `the size of ${JSON.stringify(`${long.slice(0, 60)}...${long.slice(-12)}`)} is unknown (a remote image); give it to count the image's tokens`,
    );
    const short = imageDimensions("ftp://example.com/a.png");
    expect("message" in short && short.message).toBe(
      'image URL "ftp://example.com/a.png" is neither an http(s) URL nor a data: URL',
    );
  });

  it("refuses a header with no height, as one with no width", () => {
    expect(imageDimensions(dataUrl("image/png", png(5, 0)))).toMatchObject({
      kind: "image-problem",
      message: "the PNG data gives no size: its header gives 5x0",
    });
  });

  it("takes only a URL that starts with http(s):// as remote, and quotes one of 80 characters whole", () => {
    expect(imageDimensions("ftp://example.com/?next=https://example.com/a.png")).toMatchObject({
      kind: "image-problem",
      code: "unsupported-url",
    });
    const url = `https://example.com/${"a".repeat(80 - "https://example.com/".length)}`;
    expect(url).toHaveLength(80);
    const unknown = imageDimensions(url);
    expect("message" in unknown && unknown.message).toBe(
      `the size of ${JSON.stringify(url)} is unknown (a remote image); give it to count the image's tokens`,
    );
  });

  it("takes a caller's size of 1x1, and refuses one below with an invalid-option error", () => {
    const url = "https://example.com/dot.png";
    expect(imageDimensions(url, { sizes: { [url]: { width: 1, height: 1 } } })).toEqual({
      kind: "size",
      width: 1,
      height: 1,
      source: "caller",
    });
    expect(() => imageDimensions(url, { sizes: { [url]: { width: 0, height: 1 } } })).toThrow(
      expect.objectContaining({ code: "invalid-option" }),
    );
  });
});

/**
 * A JPEG whose prefixes mislead image-size: each prefix read (4 KiB, then 16 KiB) ends
 * exactly at a segment's end, where image-size skips a byte and reads on, into a fake frame
 * header planted in the segment (`fakes[k]` is what the k-th prefix reads). The real frame
 * header comes after the last such cut.
 */
function misleadingJpeg(
  fakes: ReadonlyArray<readonly [number, number]>,
  real: readonly [number, number],
): Uint8Array {
  const cuts = [4096, 16384].slice(0, fakes.length);
  const bytes = new Uint8Array((cuts.at(-1) as number) + 32);
  const u16 = (at: number, value: number) => bytes.set([value >> 8, value & 0xff], at);
  bytes.set([0xff, 0xd8], 0);
  let at = 2; // where the next segment starts
  cuts.forEach((cut, k) => {
    // The segment that ends at the cut has length 0x0800 or 0x1000: after the skip, image-size
    // reads its low byte (0) and the first payload byte (16) as the next length.
    const last = k === 0 ? 0x0800 : 0x1000;
    const lastStart = cut - 2 - last;
    bytes.set([0xff, 0xe0 + 2 * k], at);
    u16(at + 2, lastStart - at - 2); // a filler segment up to it
    bytes.set([0xff, 0xe1 + 2 * k], lastStart);
    u16(lastStart + 2, last);
    const skipped = lastStart + 3; // where image-size reads on
    bytes[skipped + 1] = 16;
    bytes.set([0xff, 0xc0], skipped + 16);
    const [width, height] = fakes[k] as readonly [number, number];
    u16(skipped + 21, height);
    u16(skipped + 23, width);
    at = cut;
  });
  bytes.set([0xff, 0xc0], at);
  u16(at + 2, 17);
  bytes[at + 4] = 8;
  u16(at + 5, real[1]);
  u16(at + 7, real[0]);
  bytes.set([0xff, 0xd9], at + 30);
  return bytes;
}

describe("imageDimensions: a JPEG prefix's size stands only when a longer prefix agrees", () => {
  it("a prefix cut at a segment's end, misread, is read on: the size is the real frame header's", () => {
    const once = misleadingJpeg([[9, 7]], [512, 256]);
    expect(imageDimensions(dataUrl("image/jpeg", once))).toMatchObject({
      kind: "size",
      width: 512,
      height: 256,
    });
  });

  it("two prefixes misread alike in one dimension only do not agree", () => {
    for (const fakes of [
      [
        [9, 7],
        [11, 7],
      ],
      [
        [9, 7],
        [9, 13],
      ],
    ] as const) {
      const twice = misleadingJpeg(fakes, [640, 480]);
      expect(imageDimensions(dataUrl("image/jpeg", twice)), JSON.stringify(fakes)).toMatchObject({
        kind: "size",
        width: 640,
        height: 480,
      });
    }
  });
});
