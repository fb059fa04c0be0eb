// Where compile's issue with a parsed transcript's messages is in the transcript: fit and
// renderToTokens/renderToSegments (of a transcript template) both compile such messages.
import type { CompileIssue, MessageSpan, Range } from "@chatmlkit/parser";

/**
 * An issue with a content at its offset there, anything else (a role, a name) at its message's
 * <|im_start|>. `contentAt` places an offset of the content that was compiled when that is not
 * the content as written (a template's, filled), as its message's index and offset.
 */
export function transcriptIssueRange<R extends Range = Range>(
  spans: readonly MessageSpan[],
  issue: CompileIssue,
  contentAt?: (message: number, offset: number) => R,
): R | Range {
  const index = issue.messageIndex ?? 0;
  const span = spans[index];
  if (span === undefined) return { start: 0, end: 0 };
  if (issue.field !== "content") return { start: span.start, end: span.start };
  const offset = issue.offset ?? 0;
  return contentAt?.(index, offset) ?? { start: span.contentStart + offset, end: span.contentStart + offset };
}
