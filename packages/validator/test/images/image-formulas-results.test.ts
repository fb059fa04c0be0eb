// imageTokens' whole result, every member, for one case of each path through the formulas: the
// words a caller prints (description, note) and the sizes it reports, which the other tests
// check only in part (found by mutation testing of images/image-formulas.ts).
import { describe, expect, it } from "vitest";
import { imageFormulaOf, imageTokens } from "../../src/images/index.js";

const TILE_HIGH = (tiles: number, w: number, h: number) =>
  `OpenAI tile formula gpt-4o, high detail: 85 + 170 per 512-px tile (${tiles} tiles of ${w}x${h}, the image fitted in 2048x2048 and its shortest side scaled down to 768)`;
const PATCHES = (patches: number, w: number, h: number) =>
  `OpenAI patch formula gpt-4.1-mini: 32-px patches (at most 1536) x 1.62 (${patches} patches of ${w}x${h}); detail has no effect`;
const ROUNDED = (patches: number, product: string) =>
  `${patches} x 1.62 = ${product}; OpenAI does not publish the rounding (rounded up)`;

describe("imageTokens, whole results", () => {
  it("tiles, low detail: the base, whatever the size", () => {
    expect(imageTokens({ model: "gpt-4o", width: 2048, height: 4096, detail: "low" })).toEqual({
      kind: "tokens",
      method: "tiles",
      family: "gpt-4o",
      detail: "low",
      tokens: 85,
      exact: true,
      upperBound: false,
      countedAs: "low",
      scaled: { width: 2048, height: 4096 },
      units: 0,
      description: "OpenAI tile formula gpt-4o, low detail: 85 tokens whatever the size",
    });
  });

  it("tiles, high detail: fitted in 2048 (2050 rounds to one row), exact, no note", () => {
    expect(imageTokens({ model: "gpt-4o", width: 2050, height: 513, detail: "high" })).toEqual({
      kind: "tokens",
      method: "tiles",
      family: "gpt-4o",
      detail: "high",
      tokens: 765,
      exact: true,
      upperBound: false,
      countedAs: "high",
      scaled: { width: 2048, height: 512 },
      units: 4,
      description: TILE_HIGH(4, 2048, 512),
    });
  });

  it("tiles, auto: counted as high, an upper bound, with the note saying why", () => {
    expect(imageTokens({ model: "gpt-4o", width: 1000, height: 1000 })).toEqual({
      kind: "tokens",
      method: "tiles",
      family: "gpt-4o",
      detail: "auto",
      tokens: 765,
      exact: false,
      upperBound: true,
      countedAs: "high",
      scaled: { width: 768, height: 768 },
      units: 4,
      description: TILE_HIGH(4, 768, 768),
      note: 'detail "auto": the API chooses low or high by a rule OpenAI does not publish; counted as high, which bills at least as much',
    });
  });

  it("patches of a whole product: exact, and no note at all", () => {
    expect(imageTokens({ model: "gpt-4.1-mini", width: 320, height: 160 })).toEqual({
      kind: "tokens",
      tokens: 81,
      method: "patches",
      family: "gpt-4.1-mini",
      exact: true,
      upperBound: false,
      detail: "auto",
      countedAs: "patches",
      scaled: { width: 320, height: 160 },
      units: 50,
      description: PATCHES(50, 320, 160),
    });
  });

  it("patches exactly at the cap are not shrunk", () => {
    expect(imageTokens({ model: "gpt-4.1-mini", width: 1000, height: 1530 })).toMatchObject({
      tokens: 2489,
      exact: false,
      scaled: { width: 1000, height: 1530 },
      units: 1536,
      description: PATCHES(1536, 1000, 1530),
      note: ROUNDED(1536, "2488.32"),
    });
  });

  it("a strip under one patch across, either way: the note says the guide leaves it undefined", () => {
    const undefinedNote = "an image under 32 px wide or high; the guide's downscaling is undefined for it";
    for (const [width, height] of [
      [1, 50000],
      [50000, 1],
    ] as const) {
      expect(imageTokens({ model: "gpt-4.1-mini", width, height })).toMatchObject({
        tokens: 2489,
        units: 1536,
        note: `${ROUNDED(1536, "2488.32")}; ${undefinedNote}`,
      });
    }
  });

  it("a model with no published formula", () => {
    expect(imageTokens({ model: "gpt-3.5-turbo", width: 64, height: 64 })).toEqual({
      kind: "unknown-formula",
      model: "gpt-3.5-turbo",
      message:
        'OpenAI publishes no image token formula for model "gpt-3.5-turbo"; its image parts cannot be counted',
    });
  });

  it("sizes and details it cannot count are typed errors that say what they got", () => {
    const refused = (input: Parameters<typeof imageTokens>[0]) => {
      try {
        imageTokens(input);
      } catch (error) {
        const { name, code, message } = error as { name: string; code: string; message: string };
        return { name, code, message };
      }
      return undefined;
    };
    const option = (message: string) => ({ name: "ValidatorError", code: "invalid-option", message });
    expect(refused({ model: "gpt-4o", width: 0, height: 5 })).toEqual(
      option("image width must be a whole number >= 1, got 0"),
    );
    expect(refused({ model: "gpt-4o", width: 5, height: 1.5 })).toEqual(
      option("image height must be a whole number >= 1, got 1.5"),
    );
    expect(refused({ model: "gpt-4o", width: 5, height: 5, detail: "x" as never })).toEqual(
      option('image detail must be "low", "high" or "auto", got x'),
    );
  });
});

describe("imageFormulaOf's model names", () => {
  it("a dated snapshot is its model; a date inside a name is part of the name", () => {
    expect(imageFormulaOf("gpt-4o-mini-2024-07-18")?.id).toBe("gpt-4o-mini");
    expect(imageFormulaOf("gpt-4o-2024-08-06-mini")).toBeUndefined();
  });
});
