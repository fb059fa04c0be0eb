/**
 * One `image_url` content part of a Chat Completions message, counted: its
 * URL's size (data URL header, or the caller's), its `detail`, and the model's
 * image formula. Every outcome is plain data; none is a silent 0.
 */

import { readImagePart } from "@chatmlkit/parser";
import {
  type ImageDimensionsOptions,
  type ImageProblem,
  imageDimensions,
  type UnknownImageSize,
} from "./image-dimensions.js";
import {
  type ImageFormulaUnknown,
  type ImageTokenCount,
  imageFormulaOf,
  imageTokens,
  unknownFormula,
} from "./image-formulas.js";

export interface ImagePartOptions extends ImageDimensionsOptions {
  /** The model's name as `resolveModel` accepts it (`gpt-4o`, `gpt-4o-2024-08-06`). */
  readonly model: string;
}

/** A part that is not `{ type: "image_url", image_url: { url, detail? } }`. */
export interface InvalidImagePart {
  readonly kind: "invalid-image-part";
  readonly message: string;
}

export type ImagePartCount =
  | ImageTokenCount
  | ImageFormulaUnknown
  | UnknownImageSize
  | ImageProblem
  | InvalidImagePart;

/**
 * Counts an `image_url` part for a model. The model is looked at first: for
 * one without a published formula the image is not decoded at all.
 *
 * @example
 * const part = { type: "image_url", image_url: { url: "https://example.com/a.png", detail: "high" } };
 * imagePartTokens(part, { model: "gpt-4o", sizes: { "https://example.com/a.png": { width: 1024, height: 1024 } } }).tokens; // 765
 * imagePartTokens(part, { model: "gpt-4o" }).kind; // "size-unknown"
 * imagePartTokens({ type: "image_url", image_url: { detail: "low" } }, { model: "gpt-4o" }).kind; // "invalid-image-part"
 */
export function imagePartTokens(part: unknown, options: ImagePartOptions): ImagePartCount {
  const read = readPart(part);
  if ("kind" in read) return read;
  if (imageFormulaOf(options.model) === undefined) return unknownFormula(options.model);
  const size = imageDimensions(read.url, options);
  if (size.kind !== "size") return size;
  return imageTokens({ model: options.model, width: size.width, height: size.height, detail: read.detail });
}

function readPart(part: unknown) {
  const invalid = (message: string): InvalidImagePart => ({ kind: "invalid-image-part", message });
  // Where the URL and detail are is the reader's to say (one home for the part's shape).
  const read = readImagePart(part, 0, "$");
  if (read === undefined) return invalid('not a content part of type "image_url"');
  if (read.url === undefined) return invalid("image_url.url must be a string");
  const { url, detail } = read;
  if (detail != null && detail !== "low" && detail !== "high" && detail !== "auto") {
    return invalid(`image_url.detail must be "low", "high" or "auto", got ${JSON.stringify(detail)}`);
  }
  // null, as absent: the API's default.
  return { url, detail: detail ?? "auto" } as const;
}
