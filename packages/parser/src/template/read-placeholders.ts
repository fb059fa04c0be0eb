// parse(text, { placeholders: true }): a transcript read as a template. The contents' `{{ name }}`
// placeholders become nodes with spans; what scanPlaceholders cannot read, and any placeholder in
// a header (a value would choose a role or a name), become diagnostics at their places.
import type { Diagnostic, DiagnosticFactory } from "../diagnostics.js";
import { severityOf } from "../diagnostics.js";
import type { MessageSpan } from "../document.js";
import { scanPlaceholders } from "./placeholders.js";

/** A placeholder of a transcript template: offsets into the whole text, and the message it is in. */
export interface PlaceholderNode {
  /** The variable's name, dots included (`user.name`). */
  readonly name: string;
  /** The whole placeholder, `{{` to just after `}}`. */
  readonly start: number;
  readonly end: number;
  /** The name itself. */
  readonly nameStart: number;
  readonly nameEnd: number;
  /** The index of the message whose content holds it. */
  readonly messageIndex: number;
}

/** What reading a transcript's placeholders found: nodes in text order, and the diagnostics. */
export interface TemplateReading {
  readonly placeholders: PlaceholderNode[];
  readonly diagnostics: Diagnostic[];
}

/**
 * The placeholders of each message's content and the template problems of
 * its header and content. Contents are scanned as they are in the text (a
 * profile's tool-call blocks included), so every offset is the text's.
 */
export function readPlaceholders(
  text: string,
  spans: readonly MessageSpan[],
  diagnose: DiagnosticFactory,
): TemplateReading {
  const placeholders: PlaceholderNode[] = [];
  const diagnostics: Diagnostic[] = [];
  spans.forEach((span, messageIndex) => {
    const header = scanPlaceholders(text.slice(span.headerStart, span.headerEnd));
    for (const p of [...header.placeholders, ...header.problems]) {
      diagnostics.push(
        diagnose.create(
          "placeholder-in-header",
          severityOf("placeholder-in-header"),
          "a placeholder in a message header: a value would choose the role or name; only contents take values",
          span.headerStart + p.start,
          span.headerStart + p.end,
        ),
      );
    }
    const base = span.contentStart;
    const content = scanPlaceholders(text.slice(base, span.contentEnd));
    for (const p of content.problems) {
      diagnostics.push(diagnose.create(p.code, severityOf(p.code), p.message, base + p.start, base + p.end));
    }
    for (const p of content.placeholders) {
      placeholders.push({
        name: p.name,
        start: base + p.start,
        end: base + p.end,
        nameStart: base + p.nameStart,
        nameEnd: base + p.nameEnd,
        messageIndex,
      });
    }
  });
  return { placeholders, diagnostics };
}
