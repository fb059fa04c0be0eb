// imageDimensions reads a format only by its whole signature: bytes that match part of one are
// no image of that format. Each near miss changes one part of a real file's signature.
import { describe, expect, it } from "vitest";
import { imageDimensions } from "../../src/images/index.js";
import { dataUrl, gif, jpeg, png, WEBP_1X1 } from "./tiny-images.js";

const edited = (bytes: Uint8Array, at: number, value: number) => {
  const copy = bytes.slice();
  copy[at] = value;
  return copy;
};
const kindOf = (bytes: Uint8Array) => {
  const read = imageDimensions(dataUrl("application/octet-stream", bytes));
  return "width" in read ? `${read.width}x${read.height}` : read.message;
};

describe("the format's signature", () => {
  it("reads each format whole, and none from part of a signature", () => {
    const webp = Uint8Array.from(atob(WEBP_1X1.lossless), (c) => c.charCodeAt(0));
    expect([kindOf(png(2, 3)), kindOf(jpeg(2, 3)), kindOf(gif(2, 3)), kindOf(webp)]).toEqual([
      "2x3",
      "2x3",
      "2x3",
      "1x1",
    ]);
    const misses = [
      edited(png(2, 3), 0, 0x88),
      edited(png(2, 3), 1, 0x51),
      edited(jpeg(2, 3), 0, 0xfe),
      edited(jpeg(2, 3), 1, 0xd9),
      edited(jpeg(2, 3), 2, 0xfe),
      edited(gif(2, 3), 4, 0x38),
      edited(webp, 0, 0x51),
      edited(webp, 8, 0x51),
    ];
    // Not read as the format it nearly is: neither a size nor that format's own refusal.
    for (const [i, bytes] of misses.entries()) {
      expect(kindOf(bytes), `near miss ${i}`).not.toMatch(/^\d+x\d+$|the (PNG|JPEG|GIF|WebP) data/i);
    }
  });

  it("reads both GIF versions", () => {
    const g87 = gif(2, 3);
    g87.set([0x37], 4);
    expect(kindOf(g87)).toBe("2x3");
  });
});
