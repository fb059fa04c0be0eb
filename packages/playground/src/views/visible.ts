// Text drawn so that nothing hides: spaces, tabs and newlines get a visible mark, and characters
// that would not show (controls, zero-width and other invisible characters, as the parser's
// escapeHidden defines them) are drawn as their code point in a box.
import { escapeHidden } from "@chatmlkit/parser/visible";

const WHITESPACE: Readonly<Record<string, string>> = { " ": "·", "\t": "→", "\n": "↵", "\r": "␍" };

/**
 * Appends `text` to `parent`, with whitespace and hidden characters visible
 * when `showSpace` (the token view), hidden characters only otherwise.
 */
export function appendVisible(parent: Node, text: string, showSpace: boolean): void {
  // The common case, nothing hidden and no marks to draw: one text node.
  const plain = escapeHidden(text, "\n\t") === text;
  if (plain && (!showSpace || !/[ \t\n\r]/.test(text))) {
    parent.appendChild(document.createTextNode(text));
    return;
  }
  let run = "";
  const flush = () => {
    if (run !== "") parent.appendChild(document.createTextNode(run));
    run = "";
  };
  for (const ch of text) {
    const mark = showSpace ? WHITESPACE[ch] : undefined;
    if (mark !== undefined) {
      flush();
      const span = document.createElement("span");
      span.className = "ws";
      span.textContent = mark;
      parent.appendChild(span);
      if (ch === "\n") parent.appendChild(document.createTextNode("\n"));
      continue;
    }
    if (!plain && ch !== "\n" && ch !== "\t" && escapeHidden(ch) !== ch) {
      flush();
      const span = document.createElement("span");
      span.className = "hidden-char";
      const code = (ch.codePointAt(0) as number).toString(16).toUpperCase().padStart(4, "0");
      span.textContent = `U+${code}`;
      span.title = `an invisible character, U+${code}`;
      parent.appendChild(span);
      continue;
    }
    run += ch;
  }
  flush();
}
