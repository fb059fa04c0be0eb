/**
 * OpenAI's published image-token formulas, per model family, as plain data.
 *
 * Main source: OpenAI, "Images and vision" guide, section "Calculating costs"
 * (https://platform.openai.com/docs/guides/images-vision#calculating-costs), as
 * its 2025 versions read (mirrored in goforit5/invoice-mcp-system
 * docs/openai-vision-documentation.md and openai-hd4n6.mintlify.app/docs/guides/images).
 * Where the guide leaves a step open (rounding, `auto`), the comment says which
 * measurement of the API decides it and the count is marked not exact.
 */

import { ValidatorError } from "../errors.js";

/** The `detail` of an `image_url` part; the API's default is `auto`. */
export type ImageDetail = "low" | "high" | "auto";

/** 512-px tiles: low detail costs `base`; high costs `base + tiles * perTile`. */
export interface TileFormula {
  readonly method: "tiles";
  /** The family's id, e.g. `gpt-4o`. */
  readonly id: string;
  readonly base: number;
  readonly perTile: number;
  /** Where the constants come from. */
  readonly source: string;
}

/** 32-px patches, at most `cap` of them, times `multiplier` (`detail` has no effect). */
export interface PatchFormula {
  readonly method: "patches";
  readonly id: string;
  readonly cap: number;
  readonly multiplier: number;
  readonly source: string;
  /** Why the count is only an estimate even when the product is whole, if it is. */
  readonly caveat?: string;
}

export type ImageFormula = TileFormula | PatchFormula;

const GUIDE = 'OpenAI "Images and vision" guide, "Calculating costs"';

/** The guide's tile table row "4o, 4.1, 4.5": 85 base, 170 per tile. */
const GPT_4O: TileFormula = { method: "tiles", id: "gpt-4o", base: 85, perTile: 170, source: GUIDE };

/**
 * The first vision models: the guide's first version (gpt-4-vision-preview, Nov 2023)
 * gave 85 and 170; a community measurement bills gpt-4-turbo-2024-04-09 exactly as
 * gpt-4o (community.openai.com/t/1262691, "Vision: more than one way to send a request").
 */
const GPT_4_TURBO: TileFormula = {
  ...GPT_4O,
  id: "gpt-4-turbo",
  source: `${GUIDE} (its gpt-4-vision-preview version); community.openai.com/t/1262691`,
};

/** The guide's row "4o-mini": 2833 base, 5667 per tile (the same price as gpt-4o at its lower rate). */
const GPT_4O_MINI: TileFormula = {
  method: "tiles",
  id: "gpt-4o-mini",
  base: 2833,
  perTile: 5667,
  source: GUIDE,
};

/**
 * The guide's row "o1, o1-pro, o3": 75 and 150. (One community measurement,
 * t/1262691, billed o1-2024-12-17 far less; the guide's figures are kept.)
 */
const O1: TileFormula = { method: "tiles", id: "o1", base: 75, perTile: 150, source: GUIDE };

/** The guide's row "computer-use-preview": 65 and 129. */
const COMPUTER_USE: TileFormula = {
  method: "tiles",
  id: "computer-use-preview",
  base: 65,
  perTile: 129,
  source: GUIDE,
};

/**
 * The guide's row "gpt-5, gpt-5-chat-latest" (added Aug 2025): 70 and 140, as copied in
 * srinathmkce/imagetoken image_token/config.py; openai/openai-python#2851 also lists
 * GPT-5 among the tile models.
 */
const GPT_5: TileFormula = {
  method: "tiles",
  id: "gpt-5",
  base: 70,
  perTile: 140,
  source: `${GUIDE}; srinathmkce/imagetoken config; openai/openai-python#2851`,
};

const PATCH_CAP = 1536; // the guide: at most 1536 patches, the image scaled down to fit

/** The guide's patch multipliers: gpt-4.1-mini 1.62, gpt-4.1-nano 2.46, o4-mini 1.72. */
function patches(id: string, multiplier: number, source = GUIDE, caveat?: string): PatchFormula {
  return { method: "patches", id, cap: PATCH_CAP, multiplier, source, ...(caveat && { caveat }) };
}

/**
 * gpt-5-mini and gpt-5-nano: the guide says 1.62 and 2.46, but OpenAI's own pricing-page
 * calculator uses 1.2 and 1.5, and the API bills those (community.openai.com/t/1344040,
 * "GPT-5-mini image input token calculation discrepancy": 1536 patches billed 2304 on
 * gpt-5-nano; a measurement of six sizes on gpt-5-mini gives 1.20 per patch). The billed
 * figures are used, and the counts marked not exact.
 */
const GPT_5_MINI_NOTE =
  "OpenAI's guide gives 1.62 (gpt-5-mini) and 2.46 (gpt-5-nano); the API bills 1.2 and 1.5, as OpenAI's pricing calculator does";

/** Models by exact name; each also matches its dated snapshots (`name-YYYY-MM-DD`). */
const FAMILIES: ReadonlyArray<readonly [ImageFormula, readonly string[]]> = [
  [GPT_4O, ["gpt-4o", "chatgpt-4o-latest", "gpt-4.1", "gpt-4.5-preview"]],
  [GPT_4_TURBO, ["gpt-4-turbo", "gpt-4-vision-preview", "gpt-4-1106-vision-preview"]],
  [GPT_4O_MINI, ["gpt-4o-mini"]],
  [O1, ["o1", "o1-pro", "o3"]],
  [COMPUTER_USE, ["computer-use-preview"]],
  [GPT_5, ["gpt-5", "gpt-5-chat-latest"]],
  [patches("gpt-4.1-mini", 1.62), ["gpt-4.1-mini"]],
  [patches("gpt-4.1-nano", 2.46), ["gpt-4.1-nano"]],
  [patches("o4-mini", 1.72), ["o4-mini"]],
  [patches("gpt-5-mini", 1.2, "OpenAI pricing-page calculator; t/1344040", GPT_5_MINI_NOTE), ["gpt-5-mini"]],
  [patches("gpt-5-nano", 1.5, "OpenAI pricing-page calculator; t/1344040", GPT_5_MINI_NOTE), ["gpt-5-nano"]],
];

const BY_NAME: ReadonlyMap<string, ImageFormula> = new Map(
  FAMILIES.flatMap(([formula, names]) => names.map((name) => [name, formula] as const)),
);

/**
 * The image formula of a model, by the name `resolveModel` accepts: exact names,
 * their dated snapshots (`gpt-4o-2024-08-06`) and fine-tunes of them
 * (`ft:gpt-4o-2024-08-06:org::id`). `undefined` when OpenAI publishes none for
 * the model (gpt-5.1 and later, o3-pro, models without vision).
 *
 * @example
 * imageFormulaOf("gpt-4o-2024-08-06")?.id; // "gpt-4o"
 * imageFormulaOf("gpt-4.1-mini")?.method; // "patches"
 * imageFormulaOf("gpt-3.5-turbo"); // undefined
 */
export function imageFormulaOf(model: string): ImageFormula | undefined {
  // A fine-tune names its base model between `ft:` and the next colon.
  const name = model.startsWith("ft:") ? model.slice(3).split(":")[0] : model;
  if (name === undefined) return undefined;
  return BY_NAME.get(name) ?? BY_NAME.get(name.replace(/-\d{4}-\d{2}-\d{2}$/, ""));
}

/** What `imageTokens` takes: the model's name and the image's size in pixels. */
export interface ImageTokensInput {
  readonly model: string;
  readonly width: number;
  readonly height: number;
  /** Default `auto`, as the API's. */
  readonly detail?: ImageDetail;
}

/** An image's token count, and how it was reached. */
export interface ImageTokenCount {
  readonly kind: "tokens";
  readonly tokens: number;
  readonly method: "tiles" | "patches";
  /** The formula family (`gpt-4o`, `gpt-4.1-mini`, ...). */
  readonly family: string;
  /** false: an estimate (`note` says why); `upperBound` says when it cannot be below the bill. */
  readonly exact: boolean;
  /** true when the API may bill less (`detail: "auto"`, counted as high). */
  readonly upperBound: boolean;
  readonly detail: ImageDetail;
  /** The detail the count assumes: `low`/`high` for tiles; patches ignore detail. */
  readonly countedAs: "low" | "high" | "patches";
  /** The size the formula counted, after the documented downscaling. */
  readonly scaled: { readonly width: number; readonly height: number };
  /** Tiles or patches counted (0 for low detail). */
  readonly units: number;
  /** One sentence naming the formula and its constants. */
  readonly description: string;
  readonly note?: string;
}

/** A model OpenAI publishes no image formula for: never counted as 0. */
export interface ImageFormulaUnknown {
  readonly kind: "unknown-formula";
  readonly model: string;
  readonly message: string;
}

/**
 * Counts an image's tokens with OpenAI's published formula for the model.
 *
 * Tiles (gpt-4o-class): `low` is the base; `high` fits the image in 2048x2048,
 * scales its shortest side down to 768, and adds `perTile` per 512-px tile.
 * `auto` (the API picks, by a rule OpenAI does not publish) is counted as
 * `high`, which never bills less, and marked `upperBound`. Patches
 * (gpt-4.1-mini, o4-mini, ...): 32-px patches, at most 1536 after the guide's
 * downscaling, times the model's multiplier; `detail` has no effect.
 *
 * @throws {ValidatorError} `invalid-option` when width or height is not a whole number >= 1.
 * @example
 * imageTokens({ model: "gpt-4o", width: 1024, height: 1024, detail: "high" }).tokens; // 765
 * imageTokens({ model: "gpt-4o", width: 2048, height: 4096, detail: "low" }).tokens; // 85
 * imageTokens({ model: "gpt-4.1-mini", width: 1024, height: 1024 }).tokens; // 1659
 * imageTokens({ model: "gpt-3.5-turbo", width: 64, height: 64 }).kind; // "unknown-formula"
 */
export function imageTokens(input: ImageTokensInput): ImageTokenCount | ImageFormulaUnknown {
  const { model, width, height, detail = "auto" } = input;
  for (const [key, value] of [
    ["width", width],
    ["height", height],
  ] as const) {
    if (!(Number.isInteger(value) && value >= 1)) {
      throw new ValidatorError("invalid-option", `image ${key} must be a whole number >= 1, got ${value}`);
    }
  }
  if (detail !== "low" && detail !== "high" && detail !== "auto") {
    throw new ValidatorError("invalid-option", `image detail must be "low", "high" or "auto", got ${detail}`);
  }
  const formula = imageFormulaOf(model);
  if (formula === undefined) return unknownFormula(model);
  return formula.method === "tiles"
    ? tileTokens(formula, width, height, detail)
    : patchTokens(formula, width, height, detail);
}

/**
 * The result for a model without a published formula.
 *
 * @example
 * unknownFormula("gpt-5.4").kind; // "unknown-formula"
 */
export function unknownFormula(model: string): ImageFormulaUnknown {
  return {
    kind: "unknown-formula",
    model,
    message: `OpenAI publishes no image token formula for model "${model}"; its image parts cannot be counted`,
  };
}

/** Tile method (the guide's steps for gpt-4o-class models). */
function tileTokens(f: TileFormula, width: number, height: number, detail: ImageDetail): ImageTokenCount {
  const common = { kind: "tokens", method: "tiles", family: f.id, detail } as const;
  if (detail === "low") {
    return {
      ...common,
      tokens: f.base,
      exact: true,
      upperBound: false,
      countedAs: "low",
      scaled: { width, height },
      units: 0,
      description: `OpenAI tile formula ${f.id}, low detail: ${f.base} tokens whatever the size`,
    };
  }
  let w = width;
  let h = height;
  // Step 1: fit within 2048x2048. Rounded to nearest: the API bills 2050x513 as one
  // row of tiles and 2049x513 as two (community.openai.com/t/1281361, "Vision pricing
  // calculator: inaccurate resizing/rounding vs API costs").
  if (Math.max(w, h) > 2048) [w, h] = scale(w, h, 2048 / Math.max(w, h));
  // Step 2: shortest side to 768, down only: a 128x64 image bills one tile on gpt-4o
  // and gpt-4o-mini (t/1262691), not the six an upscale to 1536x768 would give.
  if (Math.min(w, h) > 768) [w, h] = scale(w, h, 768 / Math.min(w, h));
  const tiles = Math.ceil(w / 512) * Math.ceil(h / 512);
  return {
    ...common,
    tokens: f.base + tiles * f.perTile,
    exact: detail === "high",
    upperBound: detail === "auto",
    countedAs: "high",
    scaled: { width: w, height: h },
    units: tiles,
    description:
      `OpenAI tile formula ${f.id}, high detail: ${f.base} + ${f.perTile} per 512-px tile ` +
      `(${tiles} tiles of ${w}x${h}, the image fitted in 2048x2048 and its shortest side scaled down to 768)`,
    ...(detail === "auto" && {
      note: 'detail "auto": the API chooses low or high by a rule OpenAI does not publish; counted as high, which bills at least as much',
    }),
  };
}

function scale(w: number, h: number, factor: number): [number, number] {
  return [Math.max(1, Math.round(w * factor)), Math.max(1, Math.round(h * factor))];
}

/** Patch method (the guide's steps A-D for gpt-4.1-mini, gpt-4.1-nano, o4-mini). */
function patchTokens(f: PatchFormula, width: number, height: number, detail: ImageDetail): ImageTokenCount {
  const { patches, w, h, degenerate } = patchCount(width, height, f.cap);
  const product = patches * f.multiplier;
  // The guide does not say how the product is rounded; the API billed 1844 for
  // 1536 x 1.2 (the gpt-5-mini measurement in t/1344040), so up.
  const tokens = Math.ceil(product - 1e-9);
  const notes = [
    ...(f.caveat ? [f.caveat] : []),
    ...(!Number.isInteger(Number(product.toFixed(6)))
      ? [
          `${patches} x ${f.multiplier} = ${product.toFixed(2)}; OpenAI does not publish the rounding (rounded up)`,
        ]
      : []),
    ...(degenerate ? ["an image under 32 px wide or high; the guide's downscaling is undefined for it"] : []),
  ];
  return {
    kind: "tokens",
    tokens,
    method: "patches",
    family: f.id,
    exact: notes.length === 0,
    upperBound: false,
    detail,
    countedAs: "patches",
    scaled: { width: w, height: h },
    units: patches,
    description:
      `OpenAI patch formula ${f.id}: 32-px patches (at most ${f.cap}) x ${f.multiplier} ` +
      `(${patches} patches of ${w}x${h}); detail has no effect`,
    ...(notes.length > 0 && { note: notes.join("; ") }),
  };
}

/**
 * The guide's patch count: ceil(w/32) * ceil(h/32); over the cap, shrink by
 * sqrt(cap * 32^2 / (w * h)), then a little more so the narrower side is a
 * whole number of patches, take the integer size, and count again (capped).
 */
function patchCount(width: number, height: number, cap: number) {
  const raw = Math.ceil(width / 32) * Math.ceil(height / 32);
  if (raw <= cap) return { patches: raw, w: width, h: height, degenerate: false };
  let shrink = Math.sqrt((cap * 32 * 32) / (width * height));
  const across = (width * shrink) / 32;
  const down = (height * shrink) / 32;
  // Under one patch across (a 1x50000 strip), the guide's step would shrink to nothing.
  const degenerate = Math.floor(across) < 1 || Math.floor(down) < 1;
  shrink *= Math.min(Math.max(1, Math.floor(across)) / across, Math.max(1, Math.floor(down)) / down);
  // A tiny epsilon so 1055.9999999 (float error for 33 * 32) stays 1056.
  const w = Math.max(1, Math.floor(width * shrink + 1e-9));
  const h = Math.max(1, Math.floor(height * shrink + 1e-9));
  return { patches: Math.min(cap, Math.ceil(w / 32) * Math.ceil(h / 32)), w, h, degenerate };
}
