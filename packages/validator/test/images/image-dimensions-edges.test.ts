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
});
