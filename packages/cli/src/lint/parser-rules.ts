import type { RuleDescription } from "./types.js";

/** The parser's diagnostics, which lint reports under their own codes, and lint's own. */
export const PARSER_RULES: readonly RuleDescription[] = [
  ["unterminated-message", "error", "A message is not closed with <|im_end|> before the next <|im_start|>."],
  ["stray-im-end", "error", "<|im_end|> with no open message."],
  ["stray-im-sep", "error", "<|im_sep|> outside a message header."],
  ["missing-role", "error", "A message header has no role."],
  ["missing-header-end", "error", "A header is not followed by a newline (or <|im_sep|>) before <|im_end|>."],
  ["text-outside-message", "error", "Text outside any message."],
  ["special-token-in-header", "error", "A <|...|> token inside a message header."],
  ["invalid-header-attribute", "error", "A header word after the role that is not key=value."],
  ["duplicate-header-attribute", "warn", "The same header attribute twice; the last wins."],
  ["dialect-mismatch", "warn", "A header ends the other dialect's way."],
  ["internal-error", "error", "A bug in chatmlkit; the input is kept whole."],
  ["invalid-json", "error", "A JSON file that is not valid JSON."],
  ["invalid-encoding", "error", "A file that is not UTF-8."],
].map(([id, defaultSeverity, description]) => ({
  id: id as string,
  defaultSeverity: defaultSeverity as "warn" | "error",
  description: description as string,
}));
