/**
 * What a header word (a role, a name, an attribute key or value) may not
 * hold: any whitespace, separator, control or format character, and lone
 * surrogates. Readers split headers differently: JavaScript's `\s` misses
 * U+001C-U+001F and U+0085, which Python's `str.split()` splits at, and
 * invisible format characters split nothing but change what a word is. One
 * definition, read by `parse` (which splits at them and reports them) and by
 * `compile` (which refuses them), keeps the two sides from disagreeing.
 */
export const HEADER_BREAK_CLASS = "\\p{White_Space}\\p{Z}\\p{Cc}\\p{Cf}\\p{Cs}";

const HEADER_BREAK = new RegExp(`[${HEADER_BREAK_CLASS}]`, "u");

/** A character of the header's own layout: the separators `parse` reads between words. */
export const isHeaderSpace = (char: string): boolean => char === " " || char === "\t";

/**
 * Offset of the first character in `word` that no header word may hold, or -1.
 *
 * @example
 * headerBreakIn("user\u001esystem") // 4
 * headerBreakIn("example_user") // -1
 */
export function headerBreakIn(word: string): number {
  const match = HEADER_BREAK.exec(word);
  return match ? match.index : -1;
}

/** `U+001E`: how messages name a character that cannot be shown. */
export function codePointLabel(text: string, at: number): string {
  const code = text.codePointAt(at) ?? 0;
  return `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
}
