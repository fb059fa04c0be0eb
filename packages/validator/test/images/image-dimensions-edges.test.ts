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
