// Whether output is coloured, by the conventions command-line tools share.

/**
 * What the environment says of colour, or undefined when it leaves it to the terminal:
 * FORCE_COLOR set and not "0" or "false" turns colour on, "0" and "false" turn it off (as
 * Node and supports-color read it; force-color.org), and it wins over NO_COLOR, which turns
 * colour off when it is set and not empty (no-color.org).
 *
 * @example colorFromEnv({ FORCE_COLOR: "1", NO_COLOR: "1" }) // true
 * @example colorFromEnv({ FORCE_COLOR: "0" }) // false
 * @example colorFromEnv({ NO_COLOR: "" }) // undefined
 */
export function colorFromEnv(env: Readonly<Record<string, string | undefined>>): boolean | undefined {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== "0" && force.toLowerCase() !== "false";
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  return undefined;
}

/**
 * Whether to colour: `--color` / `--no-color` first, then the environment (colorFromEnv),
 * else only on a terminal.
 *
 * @example useColor(undefined, { FORCE_COLOR: "1" }, false) // true: forced in a pipe
 * @example useColor(undefined, { FORCE_COLOR: "0" }, true) // false: refused on a terminal
 */
export function useColor(
  flag: boolean | undefined,
  env: Readonly<Record<string, string | undefined>>,
  isTTY: boolean,
): boolean {
  return flag ?? colorFromEnv(env) ?? isTTY;
}
