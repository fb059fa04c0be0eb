/**
 * An image's size from its URL: read from the header of a `data:` URL's bytes
 * (PNG, JPEG, GIF, WebP, with the image-size package, whose main entry takes a
 * Uint8Array and uses no Node API), given by the caller for a remote URL, or
 * reported unknown. Never a guess.
 */

import { imageSize } from "image-size";
import { ValidatorError } from "../errors.js";
import { type DataUrl, parseDataUrl } from "./data-url.js";

/** The formats OpenAI accepts for image input (its "Images and vision" guide, "Image input requirements"). */
export type ImageFormat = "png" | "jpeg" | "gif" | "webp";

/** A size in pixels, as the caller gives it for a remote URL. */
export interface ImageSizeInput {
  readonly width: number;
  readonly height: number;
}

export interface ImageDimensionsOptions {
  /**
   * Sizes of remote images, by URL exactly as it appears in the part
   * (`{ "https://example.com/cat.png": { width: 1024, height: 768 } }`). Plain data:
   * it can come from JSON or a config file. Data URLs are always read from their bytes.
   */
  readonly sizes?: Readonly<Record<string, ImageSizeInput>>;
}

/** The image's size, and where it comes from. */
export interface KnownImageSize {
  readonly kind: "size";
  readonly width: number;
  readonly height: number;
  readonly source: "data-url" | "caller";
  /** For a data URL: the format its bytes have. */
  readonly format?: ImageFormat;
  /** For a data URL: how many bytes were decoded to find the size (not the whole image, as a rule). */
  readonly bytesRead?: number;
}

/** A remote image nobody gave the size of: its tokens cannot be counted. */
export interface UnknownImageSize {
  readonly kind: "size-unknown";
  readonly url: string;
  readonly message: string;
}

export type ImageProblemCode =
  /** Not a data URL the Fetch standard can read (no comma, bad base64). */
  | "malformed-data-url"
  /** Data that is not PNG, JPEG, GIF or WebP. */
  | "unsupported-image"
  /** A PNG, JPEG, GIF or WebP whose header gives no size (truncated, corrupt). */
  | "unreadable-image"
  /** Neither `data:` nor `http(s):` (the API takes no other). */
  | "unsupported-url";

/** Why an image's size cannot be read, with the offset into the URL where known. */
export interface ImageProblem {
  readonly kind: "image-problem";
  readonly code: ImageProblemCode;
  readonly message: string;
  readonly offset?: number;
}

export type ImageDimensions = KnownImageSize | UnknownImageSize | ImageProblem;

/**
 * Reads an image's size from its URL. For a `data:` URL (base64 or
 * percent-encoded), decodes only as many bytes as the header needs: the first
 * 4 KiB, more for a JPEG whose size comes after large metadata. For an
 * `http(s):` URL, the size the caller gave in `sizes`, else `size-unknown`.
 *
 * @throws {ValidatorError} `invalid-option` when a size in `sizes` is not whole numbers >= 1.
 * @example
 * const gif = "data:image/gif;base64,R0lGODlhAQACAIAAAAAAAP///ywAAAAAAQACAAACAgQKADs=";
 * imageDimensions(gif); // { kind: "size", width: 1, height: 2, source: "data-url", format: "gif", bytesRead: 35 }
 * imageDimensions("https://example.com/cat.png").kind; // "size-unknown"
 * imageDimensions("https://example.com/cat.png", { sizes: { "https://example.com/cat.png": { width: 800, height: 600 } } }); // { kind: "size", width: 800, height: 600, source: "caller" }
 * imageDimensions("data:image/png;base64,iVBOR*").code; // "malformed-data-url"
 */
export function imageDimensions(url: string, options: ImageDimensionsOptions = {}): ImageDimensions {
  const data = parseDataUrl(url);
  if (data === undefined) return remoteSize(url, options.sizes);
  if ("problem" in data) {
    return { kind: "image-problem", code: "malformed-data-url", message: data.problem, offset: data.offset };
  }
  return readDataUrlSize(data);
}

function remoteSize(url: string, sizes: ImageDimensionsOptions["sizes"]): ImageDimensions {
  if (!/^https?:\/\//i.test(url)) {
    return {
      kind: "image-problem",
      code: "unsupported-url",
      message: `image URL ${shorten(url)} is neither an http(s) URL nor a data: URL`,
    };
  }
  const given = sizes !== undefined && Object.hasOwn(sizes, url) ? sizes[url] : undefined;
  if (given === undefined) {
    return {
      kind: "size-unknown",
      url,
      message: `the size of ${shorten(url)} is unknown (a remote image); give it to count the image's tokens`,
    };
  }
  for (const key of ["width", "height"] as const) {
    const value: unknown = given[key];
    if (!(typeof value === "number" && Number.isInteger(value) && value >= 1)) {
      throw new ValidatorError(
        "invalid-option",
        `the ${key} given for ${shorten(url)} must be a whole number >= 1, got ${String(value)}`,
      );
    }
  }
  return { kind: "size", width: given.width, height: given.height, source: "caller" };
}

/** Every header but JPEG's is in the first bytes; 4 KiB also holds most JPEGs' frame header. */
const FIRST_READ = 4096;
/** Bytes each fixed-offset header needs (image-size reads past the end of a shorter one silently for WebP). */
const HEADER_BYTES: Readonly<Record<Exclude<ImageFormat, "jpeg">, number>> = { png: 24, gif: 10, webp: 30 };
const NAMES: Readonly<Record<ImageFormat, string>> = { png: "PNG", jpeg: "JPEG", gif: "GIF", webp: "WebP" };

function readDataUrlSize(data: DataUrl): ImageDimensions {
  let candidate: KnownImageSize | undefined;
  for (let count = FIRST_READ; ; count *= 4) {
    const { bytes, complete } = data.read(count);
    const format = sniff(bytes);
    if (format === undefined) {
      return problem(
        "unsupported-image",
        bytes.length === 0
          ? "the data URL holds no data"
          : "the data is not a PNG, JPEG, GIF or WebP image (the formats OpenAI accepts)",
      );
    }
    if (format !== "jpeg" && bytes.length < HEADER_BYTES[format]) {
      return problem("unreadable-image", `the ${NAMES[format]} data ends inside its header (truncated)`);
    }
    const read = headerSize(bytes, format);
    if (typeof read === "string") {
      // A JPEG's frame header may lie past this prefix; the others' cannot.
      if (complete || format !== "jpeg") {
        return problem("unreadable-image", `the ${NAMES[format]} data gives no size: ${read}`);
      }
      candidate = undefined;
      continue;
    }
    const size: KnownImageSize = {
      kind: "size",
      ...read,
      source: "data-url",
      format,
      bytesRead: bytes.length,
    };
    if (complete || format !== "jpeg") return size;
    // A JPEG cut at a segment's end can, rarely, be misread (image-size then skips a byte
    // and reads on); a prefix's answer stands when a longer prefix agrees.
    if (candidate !== undefined && candidate.width === size.width && candidate.height === size.height)
      return size;
    candidate = size;
  }
}

function problem(code: ImageProblemCode, message: string): ImageProblem {
  return { kind: "image-problem", code, message };
}

/** The image's size per its header, or why it has none. */
function headerSize(bytes: Uint8Array, format: ImageFormat): { width: number; height: number } | string {
  try {
    const { width, height, type } = imageSize(bytes);
    if (type !== (format === "jpeg" ? "jpg" : format)) return `it reads as ${type}`;
    if (!(width >= 1 && height >= 1)) return `its header gives ${width}x${height}`;
    return { width, height };
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** The format by its signature bytes. */
function sniff(b: Uint8Array): ImageFormat | undefined {
  const ascii = (from: number, to: number) => String.fromCharCode(...b.subarray(from, to));
  if (b[0] === 0x89 && ascii(1, 8) === "PNG\r\n\x1a\n") return "png";
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return "jpeg";
  if (ascii(0, 6) === "GIF87a" || ascii(0, 6) === "GIF89a") return "gif";
  if (ascii(0, 4) === "RIFF" && ascii(8, 12) === "WEBP") return "webp";
  return undefined;
}

/** A URL short enough for a message (a data URL can be megabytes). */
function shorten(url: string): string {
  return JSON.stringify(url.length > 80 ? `${url.slice(0, 60)}...${url.slice(-12)}` : url);
}
