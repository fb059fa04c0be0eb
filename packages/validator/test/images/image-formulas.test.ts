import { describe, expect, it } from "vitest";
import { ValidatorError } from "../../src/errors.js";
import { imageFormulaOf, imageTokens } from "../../src/images/index.js";
import { resolveModel } from "../../src/models.js";

const GUIDE = 'OpenAI "Images and vision" guide, "Calculating costs"';

function tokens(model: string, width: number, height: number, detail?: "low" | "high" | "auto") {
  const count = imageTokens({ model, width, height, ...(detail && { detail }) });
  if (count.kind !== "tokens") throw new Error(`no formula for ${model}`);
  return count;
}

describe("tile formula (gpt-4o-class models)", () => {
  it(`${GUIDE}: 1024x1024 high on gpt-4o is 4 tiles, 765 tokens`, () => {
    const count = tokens("gpt-4o", 1024, 1024, "high");
    expect(count).toMatchObject({ tokens: 765, method: "tiles", units: 4, exact: true, upperBound: false });
    expect(count.scaled).toEqual({ width: 768, height: 768 });
  });

  it(`${GUIDE}: 2048x4096 high on gpt-4o is 768x1536, 6 tiles, 1105 tokens`, () => {
    const count = tokens("gpt-4o", 2048, 4096, "high");
    expect(count).toMatchObject({ tokens: 1105, units: 6, scaled: { width: 768, height: 1536 } });
  });

  it(`${GUIDE}: low detail is the base whatever the size (85 on gpt-4o)`, () => {
    expect(tokens("gpt-4o", 2048, 4096, "low")).toMatchObject({ tokens: 85, countedAs: "low", exact: true });
    expect(tokens("gpt-4o", 10, 10, "low").tokens).toBe(85);
  });

  it(`${GUIDE}: each family's base and per-tile constants (1024x1024, 4 tiles)`, () => {
    const expected: Record<string, [number, number]> = {
      "gpt-4o": [85, 170],
      "gpt-4.1": [85, 170],
      "gpt-4.5-preview": [85, 170],
      "gpt-4o-mini": [2833, 5667],
      o1: [75, 150],
      "o1-pro": [75, 150],
      o3: [75, 150],
      "computer-use-preview": [65, 129],
      "gpt-5": [70, 140],
      "gpt-5-chat-latest": [70, 140],
    };
    for (const [model, [base, perTile]] of Object.entries(expected)) {
      expect(tokens(model, 1024, 1024, "low").tokens, model).toBe(base);
      expect(tokens(model, 1024, 1024, "high").tokens, model).toBe(base + 4 * perTile);
    }
  });

  it("small images are not scaled up: 128x64 high is one tile (community.openai.com/t/1262691)", () => {
    expect(tokens("gpt-4o", 128, 64, "high")).toMatchObject({ tokens: 255, units: 1 });
    expect(tokens("gpt-4o-mini", 128, 64, "high").tokens).toBe(2833 + 5667);
  });

  it("fitting in 2048 rounds to nearest: 2049x513 is 8 tiles, 2050x513 is 4 (t/1281361)", () => {
    expect(tokens("gpt-4.1", 2049, 513, "high")).toMatchObject({
      units: 8,
      tokens: 85 + 8 * 170,
      scaled: { width: 2048, height: 513 },
    });
    expect(tokens("gpt-4.1", 2050, 513, "high")).toMatchObject({ units: 4, tokens: 765 });
  });

  it('detail "auto" (and no detail) counts as high, marked as an upper bound, not exact', () => {
    const auto = tokens("gpt-4o", 1024, 1024, "auto");
    expect(auto).toMatchObject({ tokens: 765, countedAs: "high", exact: false, upperBound: true });
    expect(auto.note).toMatch(/does not publish/);
    expect(tokens("gpt-4o", 1024, 1024)).toEqual(auto);
  });

  it("an extreme aspect ratio still gives at least one pixel and tile", () => {
    expect(tokens("gpt-4o", 1, 100_000, "high")).toMatchObject({
      scaled: { width: 1, height: 2048 },
      units: 4,
    });
  });
});

describe("patch formula (gpt-4.1-mini, gpt-4.1-nano, o4-mini, gpt-5-mini, gpt-5-nano)", () => {
  it(`${GUIDE}: 1024x1024 is 32x32 = 1024 patches, under the cap`, () => {
    const count = tokens("gpt-4.1-mini", 1024, 1024);
    expect(count).toMatchObject({ method: "patches", units: 1024, scaled: { width: 1024, height: 1024 } });
    expect(count.tokens).toBe(Math.ceil(1024 * 1.62)); // 1658.88
  });

  it(`${GUIDE}: 1800x2400 is 4275 patches, scaled down to 1056x1408, 33x44 = 1452`, () => {
    const count = tokens("gpt-4.1-nano", 1800, 2400);
    expect(count).toMatchObject({ units: 1452, scaled: { width: 1056, height: 1408 } });
    expect(count.tokens).toBe(Math.ceil(1452 * 2.46)); // 3571.92
  });

  it(`${GUIDE}: each model's multiplier (1024 patches)`, () => {
    expect(tokens("gpt-4.1-mini", 1024, 1024).tokens).toBe(1659); // 1.62
    expect(tokens("gpt-4.1-nano", 1024, 1024).tokens).toBe(2520); // 2.46: 2519.04
    expect(tokens("o4-mini", 1024, 1024).tokens).toBe(1762); // 1.72: 1761.28
  });

  it("gpt-5-mini as billed: 2048x768 is 1536 patches, 1844 tokens (t/1344040); flagged against the guide", () => {
    const count = tokens("gpt-5-mini", 2048, 768);
    expect(count).toMatchObject({ units: 1536, tokens: 1844, exact: false });
    expect(count.note).toMatch(/1\.62/);
    expect(tokens("gpt-5-nano", 2048, 768).tokens).toBe(2304); // 1536 x 1.5, billed 2304 + text
  });

  it("never more than 1536 patches, whatever the size", () => {
    for (const [w, h] of [
      [4000, 1474],
      [8000, 8000],
      [1920, 1080],
      [32 * 1537, 32],
    ] as const) {
      const count = tokens("o4-mini", w, h);
      expect(count.units, `${w}x${h}`).toBeLessThanOrEqual(1536);
      expect(count.units, `${w}x${h}`).toBeGreaterThan(1000);
    }
  });

  it("the guide's shrink treats width and height alike: an image turned on its side counts the same", () => {
    // Sizes over the cap whose narrower side sets the final shrink, one way or the other.
    for (const [w, h] of [
      [1800, 2400],
      [4000, 1474],
      [3000, 700],
      [40, 50000],
      [1234, 5678],
    ] as const) {
      const upright = tokens("gpt-4.1-mini", w, h);
      const turned = tokens("gpt-4.1-mini", h, w);
      expect(turned.units, `${w}x${h}`).toBe(upright.units);
      expect(turned.scaled, `${w}x${h}`).toEqual({
        width: upright.scaled?.height,
        height: upright.scaled?.width,
      });
    }
    // 700x3000: 22x94 = 2068 patches; shrunk by sqrt(1536 * 32^2 / (700 * 3000)), 18.9 patches
    // across, then to a whole 18: 576x2468, 18x78 = 1404 patches, as the guide's steps give.
    expect(tokens("gpt-4.1-mini", 700, 3000)).toMatchObject({
      scaled: { width: 576, height: 2468 },
      units: 1404,
    });
  });

  it("a side of at least one patch once shrunk is no degenerate strip: no note that the guide leaves it undefined", () => {
    // 40x50000 shrinks to a side of 1.1 patches: whole, if only one.
    for (const [w, h] of [
      [40, 50000],
      [50000, 40],
      [1800, 2400],
    ] as const) {
      expect(tokens("gpt-4.1-mini", w, h).note ?? "", `${w}x${h}`).not.toMatch(/undefined/);
    }
  });

  it("detail has no effect on patch models", () => {
    expect(tokens("o4-mini", 300, 200, "low").tokens).toBe(tokens("o4-mini", 300, 200, "high").tokens);
    expect(tokens("o4-mini", 300, 200, "low").countedAs).toBe("patches");
  });

  it("a whole product is exact; a fractional one is rounded up and says so", () => {
    expect(tokens("gpt-4.1-mini", 3200, 32)).toMatchObject({ units: 100, tokens: 162, exact: true });
    expect(tokens("gpt-4.1-mini", 32, 32)).toMatchObject({ units: 1, tokens: 2, exact: false });
  });

  it("a strip narrower than a patch is never 0 tokens, and marked not exact", () => {
    const count = tokens("gpt-4.1-mini", 1, 100_000);
    expect(count.tokens).toBeGreaterThan(0);
    expect(count.exact).toBe(false);
  });
});

describe("model names", () => {
  it("dated snapshots and fine-tunes use their base model's formula", () => {
    expect(imageFormulaOf("gpt-4o-2024-08-06")?.id).toBe("gpt-4o");
    expect(imageFormulaOf("gpt-4o-mini-2024-07-18")?.id).toBe("gpt-4o-mini");
    expect(imageFormulaOf("gpt-4.1-mini-2025-04-14")?.id).toBe("gpt-4.1-mini");
    expect(imageFormulaOf("o3-2025-04-16")?.id).toBe("o1");
    expect(imageFormulaOf("ft:gpt-4o-2024-08-06:acme::abc123")?.id).toBe("gpt-4o");
    expect(imageFormulaOf("gpt-4-turbo-2024-04-09")?.id).toBe("gpt-4-turbo");
  });

  it("the names it knows are names resolveModel knows", () => {
    for (const model of [
      "gpt-4o-2024-11-20",
      "chatgpt-4o-latest",
      "gpt-4.1-2025-04-14",
      "gpt-4.5-preview-2025-02-27",
      "o1-pro-2025-03-19",
      "computer-use-preview-2025-03-11",
      "gpt-5-2025-08-07",
      "gpt-5-nano-2025-08-07",
      "o4-mini-2025-04-16",
      "gpt-4-1106-vision-preview",
    ]) {
      expect(resolveModel({ model }).name).toBe(model);
      expect(imageFormulaOf(model), model).toBeDefined();
    }
  });

  it("a model without a published formula is reported as such, never 0", () => {
    for (const model of ["gpt-3.5-turbo", "gpt-5.4", "o3-pro", "custom", "gpt-4o-2024-08-06-extra", "ft:"]) {
      const count = imageTokens({ model, width: 512, height: 512, detail: "high" });
      expect(count, model).toMatchObject({ kind: "unknown-formula", model });
      expect("tokens" in count).toBe(false);
    }
  });

  it("a size that is not whole pixels >= 1 is a ValidatorError", () => {
    for (const [width, height] of [
      [0, 10],
      [10, -1],
      [1.5, 10],
      [Number.NaN, 10],
    ]) {
      expect(() => imageTokens({ model: "gpt-4o", width: width ?? 0, height: height ?? 0 })).toThrow(
        ValidatorError,
      );
    }
    // @ts-expect-error: not a detail the API takes
    expect(() => imageTokens({ model: "gpt-4o", width: 1, height: 1, detail: "original" })).toThrow(/detail/);
  });
});
