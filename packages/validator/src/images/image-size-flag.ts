/**
 * The text form of a caller-given image size, for a CLI flag or a config
 * value: `URL=WIDTHxHEIGHT` (`--image-size https://example.com/a.png=1024x768`).
 */

/** A parsed `URL=WxH`. */
export interface ImageSizeEntry {
  readonly url: string;
  readonly width: number;
  readonly height: number;
}

/** Why the text is not `URL=WxH`, with the offset of the fault. */
export interface ImageSizeSyntaxError {
  readonly problem: string;
  readonly offset: number;
}

/**
 * Parses `URL=WIDTHxHEIGHT`. The size follows the last `=`, so a URL may hold
 * `=` in its query. Width and height are whole numbers >= 1.
 *
 * @example
 * parseImageSize("https://example.com/a.png?v=2=1024x768"); // { url: "https://example.com/a.png?v=2", width: 1024, height: 768 }
 * parseImageSize("https://example.com/a.png=1024"); // { problem: "expected WIDTHxHEIGHT after the last '=', got \"1024\"", offset: 26 }
 */
export function parseImageSize(text: string): ImageSizeEntry | ImageSizeSyntaxError {
  const eq = text.lastIndexOf("=");
  if (eq <= 0) return { problem: "expected URL=WIDTHxHEIGHT", offset: Math.max(0, eq) };
  const size = text.slice(eq + 1);
  const match = /^([1-9][0-9]{0,8})[xX]([1-9][0-9]{0,8})$/.exec(size);
  if (match === null) {
    return {
      problem: `expected WIDTHxHEIGHT after the last '=', got ${JSON.stringify(size)}`,
      offset: eq + 1,
    };
  }
  return { url: text.slice(0, eq), width: Number(match[1]), height: Number(match[2]) };
}
