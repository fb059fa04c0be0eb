// Where a template's contents are: the one walk that render fills and the worst case empties,
// so that both see the same placeholders (a content string, a text part's text, a transcript's
// message content) and keep everything else as it was.
import { type ParseResult, parse, readChatInput } from "@chatmlkit/parser";

/** A transcript template with each message's content replaced by `content`'s; the rest byte for byte. */
export function mapTranscriptContents(
  template: string,
  content: (message: ParseResult["messages"][number], index: number) => string,
  doc: ParseResult = parse(template),
): string {
  let out = "";
  let from = 0;
  doc.messages.forEach((m, i) => {
    out += template.slice(from, m.span.contentStart) + content(m, i);
    from = m.span.contentEnd;
  });
  return out + template.slice(from);
}

/** What `content` is given for one text: the message's index and the text's JSON path. */
export type ContentAt = (text: string, index: number, path: string) => string;

/**
 * A messages template (a list, or a body with messages) with each content string and text
 * part's text replaced by `content`'s; `each` sees every message that is an object first.
 * `undefined` for what the reader takes for no messages (a number, null, an object of another
 * shape): it is no template. A list stays a list.
 */
export function mapMessageContents(
  template: unknown,
  content: ContentAt,
  each?: (message: Record<string, unknown>, path: string) => void,
): unknown[] | Record<string, unknown> | undefined {
  const read = readChatInput(template);
  if (read.shape === "none") return undefined;
  const messages = read.list.map((message, i) => {
    if (typeof message !== "object" || message === null) return message;
    const at = `${read.listPath}[${i}]`;
    const m = message as Record<string, unknown>;
    each?.(m, at);
    if (typeof m.content === "string") return { ...m, content: content(m.content, i, `${at}.content`) };
    if (!Array.isArray(m.content)) return m;
    return {
      ...m,
      content: m.content.map((part, k) => {
        if (typeof part !== "object" || part === null) return part;
        const p = part as Record<string, unknown>;
        if (p.type !== "text" || typeof p.text !== "string") return part;
        return { ...p, text: content(p.text, i, `${at}.content[${k}].text`) };
      }),
    };
  });
  return read.shape === "array" ? messages : { ...read.body, messages };
}
