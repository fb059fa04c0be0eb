// `--image-size URL=WxH`: sizes of remote images, which chatmlkit never fetches.
import { type ImageSizeInput, parseImageSize } from "@chatmlkit/validator/count";
import { usageError } from "../errors.js";

/** The flag's declaration: one value per `--image-size`, repeatable. */
export const IMAGE_SIZE_OPTION = {
  type: "string",
  array: true,
  nargs: 1,
  requiresArg: true,
  describe:
    "the size of an image given by URL (chatml fetches nothing), e.g. --image-size https://example.com/cat.png=1024x768; repeat for more",
} as const;

/** The sizes given, by URL; a malformed value is a usage error that quotes it. */
export function imageSizesOf(
  values: readonly string[] | undefined,
): Record<string, ImageSizeInput> | undefined {
  if (values === undefined || values.length === 0) return undefined;
  const sizes: Record<string, ImageSizeInput> = {};
  for (const value of values) {
    const read = parseImageSize(value);
    if ("problem" in read) throw usageError(`--image-size ${JSON.stringify(value)}: ${read.problem}`);
    sizes[read.url] = { width: read.width, height: read.height };
  }
  return sizes;
}
