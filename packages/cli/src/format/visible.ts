// What a terminal is sent from the user's content (messages, file names, code frames) shows every
// character that would not show, or would act on the terminal (`\e[2K`, `\e]0;title\a`), escaped as
// `\u{1B}`: the parser's one definition of such characters, the one the validator's messages use.
// The subpath export is that module alone (no lexer), so error messages can use it at start-up.
import { escapeHidden } from "@chatmlkit/parser/visible";

/** A message or a file name on one line: every hidden character escaped, line breaks and tabs too. */
export const visible = (text: string): string => escapeHidden(text);

/** A line of source in a code frame: tabs stay (the frame lays them out), the rest is escaped. */
export const visibleSource = (text: string): string => escapeHidden(text, "\t");

/** Text of several lines (an error and its stack): each line as `visible` shows it. */
export const visibleLines = (text: string): string => text.split("\n").map(visible).join("\n");
