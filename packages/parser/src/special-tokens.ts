/**
 * The special tokens of the ChatML family (cl100k_base / o200k_base spellings).
 * Each is a single token id to a model; in text they are only the characters.
 */
export const IM_START = "<|im_start|>";
export const IM_END = "<|im_end|>";
export const IM_SEP = "<|im_sep|>";
export const ENDOFTEXT = "<|endoftext|>";

/** Every special token that compile refuses in content, roles, names and attributes. */
export const SPECIAL_TOKENS: readonly string[] = Object.freeze([
  IM_START,
  IM_END,
  IM_SEP,
  ENDOFTEXT,
  "<|fim_prefix|>",
  "<|fim_middle|>",
  "<|fim_suffix|>",
  "<|endofprompt|>",
]);

/** One occurrence of a special token inside a string. */
export interface SpecialTokenMatch {
  readonly token: string;
  /** Offset of the token's first character inside the searched string. */
  readonly offset: number;
}

/**
 * Finds every occurrence of the given special tokens in `text`, in order.
 * All tokens start with `<|`, so one scan for that prefix finds them all.
 *
 * @example
 * findSpecialTokens("a<|im_end|>b") // [{ token: "<|im_end|>", offset: 1 }]
 */
export function findSpecialTokens(
  text: string,
  tokens: readonly string[] = SPECIAL_TOKENS,
): SpecialTokenMatch[] {
  const found: SpecialTokenMatch[] = [];
  const byThird = byThirdCharacter(tokens);
  let from = text.indexOf("<|");
  while (from !== -1) {
    // Only tokens whose name starts with the character after "<|" are compared (code's `<| x |>` meets none).
    const candidates = byThird === undefined ? tokens : byThird.get(text.charCodeAt(from + 2));
    const token = candidates?.find((t) => text.startsWith(t, from));
    if (token !== undefined) {
      found.push({ token, offset: from });
      from = text.indexOf("<|", from + token.length);
    } else {
      from = text.indexOf("<|", from + 1);
    }
  }
  return found;
}

/**
 * `tokens` grouped by their third character (the first after `<|`), in their
 * order; undefined when a token is too short to have one (`<|` itself).
 */
function byThirdCharacter(tokens: readonly string[]): Map<number, string[]> | undefined {
  if (tokens.some((token) => token.length < 3)) return undefined;
  const groups = new Map<number, string[]>();
  for (const token of tokens) {
    const key = token.charCodeAt(2);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [token]);
    else group.push(token);
  }
  return groups;
}

/** `<|word|>`: the shape of a special token, known or not. */
export const SPECIAL_LOOKING = /<\|[A-Za-z0-9_]+\|>/;
