import { describe, expect, it } from "vitest";
import { ValidatorError } from "../../src/errors.js";
import { imageDimensions } from "../../src/images/index.js";
import { base64, dataUrl, gif, jpeg, percentDataUrl, png, WEBP_1X1, webp } from "./tiny-images.js";

describe("imageDimensions reads data URLs", () => {
  it("PNG, GIF, JPEG and WebP (lossy, lossless, extended) built in the test", () => {
    const cases = [
      ["png", dataUrl("image/png", png(3, 5)), 3, 5],
      ["gif", dataUrl("image/gif", gif(7, 2)), 7, 2],
      ["jpeg", dataUrl("image/jpeg", jpeg(17, 9)), 17, 9],
      ["webp", dataUrl("image/webp", webp.lossy(640, 480)), 640, 480],
      ["webp", dataUrl("image/webp", webp.lossless(300, 7000)), 300, 7000],
      ["webp", dataUrl("image/webp", webp.extended(16383, 20000)), 16383, 20000],
      ["webp", `data:image/webp;base64,${WEBP_1X1.lossy}`, 1, 1],
      ["webp", `data:image/webp;base64,${WEBP_1X1.lossless}`, 1, 1],
    ] as const;
    for (const [format, url, width, height] of cases) {
      expect(imageDimensions(url), `${format} ${width}x${height}`).toMatchObject({
        kind: "size",
        width,
        height,
        format,
        source: "data-url",
      });
    }
  });

  it("large dimensions, past 16 bits", () => {
    expect(imageDimensions(dataUrl("image/png", png(70_000, 1)))).toMatchObject({ width: 70_000, height: 1 });
  });

  it("percent-encoded data URLs, and base64 with whitespace or percent escapes", () => {
    expect(imageDimensions(percentDataUrl("image/png", png(4, 6)))).toMatchObject({ width: 4, height: 6 });
    const text = base64(gif(9, 11));
    const spaced = `data:image/gif;base64,${text.slice(0, 8)}\n ${text.slice(8, 20)}\t${text.slice(20)}`;
    expect(imageDimensions(spaced)).toMatchObject({ width: 9, height: 11 });
    const escaped = `data:image/gif;base64,${text.replace(/\//g, "%2F").replace(/=/g, "%3D")}`;
    expect(imageDimensions(escaped)).toMatchObject({ width: 9, height: 11 });
  });

  it("base64 without padding, a case-insensitive scheme and base64 flag, and a fragment", () => {
    const text = base64(png(2, 3)).replace(/=+$/, "");
    expect(imageDimensions(`DATA:image/png;BASE64,${text}`)).toMatchObject({ width: 2, height: 3 });
    expect(imageDimensions(`data:image/png;base64,${text}#frag`)).toMatchObject({ width: 2, height: 3 });
  });

  it("the format comes from the bytes, not the declared media type", () => {
    expect(imageDimensions(dataUrl("image/png", gif(5, 5)))).toMatchObject({ format: "gif", width: 5 });
  });

  it("decodes only the header: a 20 MB PNG data URL reads 4 KiB", () => {
    const big = new Uint8Array(15_000_000);
    big.set(png(1920, 1080));
    const result = imageDimensions(dataUrl("image/png", big));
    expect(result).toMatchObject({ kind: "size", width: 1920, height: 1080, bytesRead: 4096 });
  });

  it("a JPEG whose frame header is past the first read is found with a growing prefix, not the whole image", () => {
    const bytes = new Uint8Array(3_000_000);
    const head = jpeg(4032, 3024, { paddingBytes: 200_000 });
    bytes.set(head);
    const result = imageDimensions(dataUrl("image/jpeg", bytes));
    expect(result).toMatchObject({ kind: "size", width: 4032, height: 3024, format: "jpeg" });
    if (result.kind !== "size") return;
    expect(result.bytesRead).toBeGreaterThan(200_000);
    expect(result.bytesRead).toBeLessThan(bytes.length);
  });

  it("a whole JPEG shorter than the first read", () => {
    expect(imageDimensions(dataUrl("image/jpeg", jpeg(1, 1)))).toMatchObject({ width: 1, height: 1 });
  });
});

describe("imageDimensions: problems are typed, with clear messages", () => {
  const problem = (url: string) => {
    const result = imageDimensions(url);
    if (result.kind !== "image-problem") throw new Error(`expected a problem, got ${JSON.stringify(result)}`);
    return result;
  };

  it("a data URL without a comma", () => {
    expect(problem("data:image/png;base64")).toMatchObject({ code: "malformed-data-url", offset: 21 });
  });

  it("a character base64 has not, with its offset in the URL", () => {
    const url = `data:image/png;base64,${base64(png(1, 1)).slice(0, 12)}*AAAA`;
    const result = problem(url);
    expect(result).toMatchObject({ code: "malformed-data-url", offset: url.indexOf("*") });
    expect(result.message).toBe('the base64 data holds "*", which is not a base64 character');
  });

  it("base64 with padding in the middle, or a lone last character", () => {
    expect(problem("data:image/png;base64,iVBO=RwAA").message).toMatch(/'=' before its end/);
    expect(problem("data:image/png;base64,iVBORw0KG").message).toMatch(/lone character/);
    expect(problem("data:image/png;base64,iVBORw0K=").message).toMatch(/padding/);
  });

  it("a truncated PNG, GIF or WebP header", () => {
    for (const [name, bytes] of [
      ["PNG", png(3, 3).subarray(0, 20)],
      ["GIF", gif(3, 3).subarray(0, 8)],
      ["WebP", webp.lossless(3, 3).subarray(0, 26)],
    ] as const) {
      const result = problem(dataUrl("image/x", bytes));
      expect(result.code, name).toBe("unreadable-image");
      expect(result.message, name).toBe(`the ${name} data ends inside its header (truncated)`);
    }
  });

  it("a JPEG cut before its frame header", () => {
    const cut = jpeg(10, 10, { paddingBytes: 5000 }).subarray(0, 4500);
    const result = problem(dataUrl("image/jpeg", cut));
    expect(result.code).toBe("unreadable-image");
    expect(result.message).toMatch(/^the JPEG data gives no size: /);
  });

  it("a PNG whose first chunk is not IHDR", () => {
    const bytes = png(3, 3);
    bytes.set([0x41, 0x41, 0x41, 0x41], 12);
    expect(problem(dataUrl("image/png", bytes))).toMatchObject({ code: "unreadable-image" });
  });

  it("data that is not PNG, JPEG, GIF or WebP (BMP, SVG, text), or no data", () => {
    expect(problem(dataUrl("image/bmp", Uint8Array.from([0x42, 0x4d, 0, 0, 0, 0])))).toMatchObject({
      code: "unsupported-image",
      message: "the data is not a PNG, JPEG, GIF or WebP image (the formats OpenAI accepts)",
    });
    expect(problem("data:image/svg+xml,<svg width='10' height='10'/>").code).toBe("unsupported-image");
    expect(problem("data:image/png;base64,")).toMatchObject({ message: "the data URL holds no data" });
  });

  it("a URL that is neither http(s) nor data", () => {
    for (const url of ["file:///tmp/a.png", "a.png", " data:image/png;base64,AAAA", "ftp://x/a.png"]) {
      expect(problem(url).code, url).toBe("unsupported-url");
    }
  });
});

describe("imageDimensions: remote URLs", () => {
  const url = "https://example.com/cat.png";

  it("are size-unknown without a size from the caller", () => {
    const result = imageDimensions(url);
    expect(result).toEqual({
      kind: "size-unknown",
      url,
      message: `the size of "${url}" is unknown (a remote image); give it to count the image's tokens`,
    });
    expect(imageDimensions("HTTP://example.com/a.png").kind).toBe("size-unknown");
  });

  it("take the caller's size, by exact URL", () => {
    const sizes = { [url]: { width: 800, height: 600 } };
    expect(imageDimensions(url, { sizes })).toEqual({
      kind: "size",
      width: 800,
      height: 600,
      source: "caller",
    });
    expect(imageDimensions(`${url}?v=2`, { sizes }).kind).toBe("size-unknown");
  });

  it("reject a given size that is not whole pixels >= 1", () => {
    expect(() => imageDimensions(url, { sizes: { [url]: { width: 0, height: 10 } } })).toThrow(
      ValidatorError,
    );
    expect(() => imageDimensions(url, { sizes: { [url]: { width: 10, height: 2.5 } } })).toThrow(
      /the height given for "https:\/\/example.com\/cat.png" must be a whole number >= 1, got 2.5/,
    );
  });

  it("data URLs are read from their bytes even when a size is given", () => {
    const gifUrl = dataUrl("image/gif", gif(3, 4));
    const sizes = { [gifUrl]: { width: 999, height: 999 } };
    expect(imageDimensions(gifUrl, { sizes })).toMatchObject({ width: 3, height: 4, source: "data-url" });
  });
});
