// transcriptIssueRange: where compile's issue with a parsed transcript's messages is in the text.
// fit reads only the range's start; a template's render passes its own placing of offsets.
import { parse, tryCompile } from "@chatmlkit/parser";
import { describe, expect, it } from "vitest";
import { transcriptIssueRange } from "../src/transcript-issue.js";

const TEXT = "<|im_start|>user\nok<|im_end|>\n<|im_start|>user\nA\ud800<|im_end|>\n";

/** The transcript's spans and compile's issues with its messages. */
function issuesOf(text: string) {
  const doc = parse(text);
  const result = tryCompile(doc);
  if (result.ok) throw new Error("expected compile to refuse the transcript");
  return { spans: doc.messages.map((m) => m.span), issues: result.issues };
}

describe("transcriptIssueRange", () => {
  it("an issue inside a content: at its offset there, start and end alike", () => {
    const { spans, issues } = issuesOf(TEXT);
    const at = TEXT.indexOf("\ud800");
    expect(issues.map((i) => [i.code, i.field, i.offset])).toEqual([["invalid-unicode", "content", 1]]);
    expect(transcriptIssueRange(spans, issues[0] as (typeof issues)[number])).toEqual({ start: at, end: at });
  });

  it("an issue inside a content, placed by the caller when given a placing", () => {
    const { spans, issues } = issuesOf(TEXT);
    const placed = transcriptIssueRange(spans, issues[0] as (typeof issues)[number], (message, offset) => ({
      start: message * 100 + offset,
      end: message * 100 + offset + 1,
    }));
    expect(placed).toEqual({ start: 101, end: 102 });
  });

  it("an issue outside a content (a name): at its message's <|im_start|>", () => {
    const spans = parse(TEXT).messages.map((m) => m.span);
    const issue = {
      code: "invalid-name",
      message: "bad name",
      path: "$[1].name",
      messageIndex: 1,
      field: "name",
    } as const;
    const start = TEXT.lastIndexOf("<|im_start|>");
    expect(transcriptIssueRange(spans, issue)).toEqual({ start, end: start });
  });

  it("an issue of no message in a transcript of no messages: at the text's start", () => {
    const issue = { code: "invalid-option", message: "bad option", path: "options" } as const;
    expect(transcriptIssueRange([], issue)).toEqual({ start: 0, end: 0 });
  });
});
