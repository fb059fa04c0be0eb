/**
 * Characters that do not show as themselves: controls (C0, C1), format and
 * other default-ignorable characters, separators other than the space, and
 * lone surrogates.
 */
const HIDDEN = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}]|(?! )\p{Zs}/gu;

/**
 * `text` with every character that would not show (or would move the
 * terminal's cursor) written as `\u{XXXX}`, except those in `keep` (a code
 * frame keeps its tabs, which it lays out itself).
 *
 * @example
 * escapeHidden("a\u001b[2Kb") // "a\\u{1B}[2Kb"
 */
export function escapeHidden(text: string, keep = ""): string {
  return text.replace(HIDDEN, (ch) =>
    keep.includes(ch) ? ch : `\\u{${(ch.codePointAt(0) as number).toString(16).toUpperCase()}}`,
  );
}

/**
 * A string quoted for a message, with every character that would not show
 * (or would move the terminal's cursor) written as `\u{XXXX}`.
 *
 * @example
 * quoted("user\u200b") // "\"user\\u{200B}\""
 */
export function quoted(text: string): string {
  // JSON.stringify adds the quotes and escapes `"` and `\`; the escapes above stay as written.
  return JSON.stringify(escapeHidden(text)).replaceAll("\\\\u{", "\\u{");
}
