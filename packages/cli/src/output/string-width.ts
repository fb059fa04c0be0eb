// yargs renders its help text after every command (to have it at hand should the command fail) and
// lays it out with string-width, whose start-up alone (an RGI_Emoji regex, Intl.Segmenters) costs
// ~10 ms, a tenth of `chatml compile`'s start. The bundle (build.mjs) points yargs and cliui here:
// printable ASCII, which all our help text is, is exactly as wide as it is long; anything else goes
// to string-width itself, loaded on first need.
import type realStringWidth from "string-width";

type StringWidth = typeof realStringWidth;

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
let real: StringWidth | undefined;

/** The columns `text` takes in a terminal, as string-width counts them. */
export default function stringWidth(text: string, options?: Parameters<StringWidth>[1]): number {
  if (typeof text === "string" && PRINTABLE_ASCII.test(text)) return text.length;
  // A require, not an import: the bundler then starts the module on this first call, not at load.
  real ??= (require("string-width") as { default: StringWidth }).default;
  return real(text, options);
}
