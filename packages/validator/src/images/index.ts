/**
 * Image parts, counted as OpenAI bills them: the published per-family formulas
 * (512-px tiles; 32-px patches), sizes read from data URLs or given for remote
 * URLs, and a typed result for every case that cannot be counted.
 *
 * @example
 * import { imagePartTokens } from "./images/index.js";
 * imagePartTokens({ type: "image_url", image_url: { url: "https://example.com/a.png" } }, { model: "gpt-4o" }).kind; // "size-unknown"
 */
export {
  type ImageDimensions,
  type ImageDimensionsOptions,
  type ImageFormat,
  type ImageProblem,
  type ImageProblemCode,
  type ImageSizeInput,
  imageDimensions,
  type KnownImageSize,
  type UnknownImageSize,
} from "./image-dimensions.js";
export {
  type ImageDetail,
  type ImageFormula,
  type ImageFormulaUnknown,
  type ImageTokenCount,
  type ImageTokensInput,
  imageFormulaOf,
  imageTokens,
  type PatchFormula,
  type TileFormula,
} from "./image-formulas.js";
export {
  type ImagePartCount,
  type ImagePartOptions,
  type InvalidImagePart,
  imagePartTokens,
} from "./image-part.js";
export { type ImageSizeEntry, type ImageSizeSyntaxError, parseImageSize } from "./image-size-flag.js";
