/**
 * One `image_url` content part of a Chat Completions message, counted: its
 * URL's size (data URL header, or the caller's), its `detail`, and the model's
 * image formula. Every outcome is plain data; none is a silent 0.
 */

import { isRecord } from "@chatmlkit/parser";
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
 * imagePartTokens({ type: "image_url", image_url: "https://example.com/a.png" }, { model: "gpt-4o" }).kind; // "invalid-image-part"
 */
export function imagePartTokens(part: unknown, options: ImagePartOptions): ImagePartCount {
  const read = readImagePart(part);
  if ("kind" in read) return read;
  if (imageFormulaOf(options.model) === undefined) return unknownFormula(options.model);
  const size = imageDimensions(read.url, options);
  if (size.kind !== "size") return size;
  return imageTokens({ model: options.model, width: size.width, height: size.height, detail: read.detail });
}

function readImagePart(part: unknown) {
  const invalid = (message: string): InvalidImagePart => ({ kind: "invalid-image-part", message });
  if (!isRecord(part) || part.type !== "image_url") return invalid('not a content part of type "image_url"');
  const image = part.image_url;
  if (!isRecord(image)) return invalid("image_url must be an object { url, detail? }");
  const { url, detail } = image;
  if (typeof url !== "string") return invalid("image_url.url must be a string");
  if (detail != null && detail !== "low" && detail !== "high" && detail !== "auto") {
    return invalid(`image_url.detail must be "low", "high" or "auto", got ${JSON.stringify(detail)}`);
  }
  // null, as absent: the API's default.
  return { url, detail: detail ?? "auto" } as const;
}
