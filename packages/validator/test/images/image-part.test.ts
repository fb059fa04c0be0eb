import { describe, expect, it } from "vitest";
import { imagePartTokens, parseImageSize } from "../../src/images/index.js";
import { dataUrl, jpeg, png } from "./tiny-images.js";

const part = (url: string, detail?: unknown) => ({
  type: "image_url",
  image_url: { url, ...(detail !== undefined && { detail }) },
});

describe("imagePartTokens", () => {
  it("counts a data URL's image with the model's formula", () => {
    const url = dataUrl("image/png", png(1024, 1024));
    expect(imagePartTokens(part(url, "high"), { model: "gpt-4o" })).toMatchObject({
      kind: "tokens",
      tokens: 765,
    });
    expect(imagePartTokens(part(url, "low"), { model: "gpt-4o" })).toMatchObject({ tokens: 85 });
    expect(imagePartTokens(part(url), { model: "gpt-4.1-mini" })).toMatchObject({ tokens: 1659 });
  });

  it("no detail, or null, is auto: counted as high and marked an upper bound", () => {
    const url = dataUrl("image/jpeg", jpeg(2048, 4096));
    for (const detail of [undefined, null, "auto"]) {
      expect(imagePartTokens(part(url, detail), { model: "gpt-4o" })).toMatchObject({
        tokens: 1105,
        detail: "auto",
        upperBound: true,
        exact: false,
      });
    }
  });

  it("a remote URL: the caller's size, else size-unknown", () => {
    const url = "https://example.com/a.png";
    const sizes = { [url]: { width: 2048, height: 4096 } };
    expect(imagePartTokens(part(url, "high"), { model: "gpt-4o", sizes })).toMatchObject({ tokens: 1105 });
    expect(imagePartTokens(part(url, "high"), { model: "gpt-4o" })).toMatchObject({
      kind: "size-unknown",
      url,
    });
  });

  it("a model without a formula is reported before the image is read", () => {
    const bad = part("data:image/png;base64,*");
    expect(imagePartTokens(bad, { model: "gpt-5.4" })).toMatchObject({
      kind: "unknown-formula",
      model: "gpt-5.4",
    });
    expect(imagePartTokens(bad, { model: "gpt-4o" })).toMatchObject({
      kind: "image-problem",
      code: "malformed-data-url",
    });
  });

  it("parts of the wrong shape are invalid-image-part, with what was expected", () => {
    const cases: [unknown, RegExp][] = [
      [{ type: "text", text: "hi" }, /type "image_url"/],
      [{ type: "image_url", image_url: { detail: "low" } }, /url must be a string/],
      [{ type: "image_url", image_url: { url: 5 } }, /url must be a string/],
      [
        part("https://example.com/a.png", "original"),
        /detail must be "low", "high" or "auto", got "original"/,
      ],
      [null, /image_url/],
    ];
    for (const [value, message] of cases) {
      const result = imagePartTokens(value, { model: "gpt-4o" });
      expect(result.kind).toBe("invalid-image-part");
      if (result.kind === "invalid-image-part") expect(result.message).toMatch(message);
    }
  });
});

describe("parseImageSize", () => {
  it("URL=WIDTHxHEIGHT, split at the last '='", () => {
    expect(parseImageSize("https://example.com/a.png=1024x768")).toEqual({
      url: "https://example.com/a.png",
      width: 1024,
      height: 768,
    });
    expect(parseImageSize("https://example.com/a.png?v=2=10X20")).toEqual({
      url: "https://example.com/a.png?v=2",
      width: 10,
      height: 20,
    });
  });

  it("anything else is a problem with the offset of the fault", () => {
    expect(parseImageSize("https://example.com/a.png")).toMatchObject({ offset: 0 });
    expect(parseImageSize("=10x10")).toMatchObject({ problem: "expected URL=WIDTHxHEIGHT" });
    for (const size of ["0x10", "10x", "10x10x10", "-1x2", "1.5x2", "10 x 10", "1234567890x1"]) {
      const text = `https://example.com/a.png=${size}`;
      expect(parseImageSize(text), size).toEqual({
        problem: `expected WIDTHxHEIGHT after the last '=', got ${JSON.stringify(size)}`,
        offset: 26,
      });
    }
  });
});

describe("results are plain data", () => {
  it("every kind survives structuredClone and a JSON round trip", () => {
    const results = [
      imagePartTokens(part(dataUrl("image/png", png(800, 600)), "high"), { model: "gpt-4o" }),
      imagePartTokens(part(dataUrl("image/png", png(800, 600))), { model: "o4-mini" }),
      imagePartTokens(part("https://example.com/a.png"), { model: "gpt-4o" }),
      imagePartTokens(part("data:image/png;base64,*"), { model: "gpt-4o" }),
      imagePartTokens(part("https://example.com/a.png"), { model: "gpt-5.4" }),
      imagePartTokens({ type: "image_url" }, { model: "gpt-4o" }),
    ];
    expect(new Set(results.map((r) => r.kind)).size).toBe(5);
    for (const result of results) {
      expect(structuredClone(result)).toEqual(result);
      expect(JSON.parse(JSON.stringify(result))).toEqual(result);
    }
  });
});
