// What renderToTokens and renderToSegments share: a template filled into messages for compile
// (values stay text), and compile's refusal of the filled input turned into render problems.
import { ChatMLCompileError, type CompileIssue, type ProfileName } from "@chatmlkit/parser";
import type { Tokenizer } from "../tokenizer.js";
import { filledMessages, type Placed, type RenderProblem, type TemplateValues } from "./render.js";

/** The filled input, and the problems filling found (compile is not to run when `failed`). */
export interface FilledInput {
  readonly input: unknown;
  readonly problems: RenderProblem[];
  readonly failed: boolean;
  /** Where compile's issue with `input` is in the template (`filledMessages`). */
  readonly place: (issue: CompileIssue) => Placed;
}

/**
 * Fills `template` with `values` for compiling: a special token in a value is a warning (it
 * stays text). With an open model's tokenizer.json, its added tokens are the special tokens.
 */
export function fillForCompile(
  template: unknown,
  values: TemplateValues,
  profile?: ProfileName,
  tokenizer?: Tokenizer,
): FilledInput {
  const vocabulary = tokenizer?.kind === "tokenizer.json" ? tokenizer : undefined;
  const { input, filler, place } = filledMessages(template, values, profile, vocabulary);
  const problems = [...filler.problems];
  return {
    input,
    problems,
    failed: problems.some((p) => p.severity === "error"),
    place,
  };
}

/**
 * compile's issues with the filled input as render problems, placed in the template (`place`):
 * a messages template's at their JSON path, a transcript template's in its text; one inside a
 * value at its placeholder, naming the variable. Any other error is thrown on.
 */
export function compileProblems(error: unknown, place: (issue: CompileIssue) => Placed): RenderProblem[] {
  if (!(error instanceof ChatMLCompileError)) throw error;
  return error.issues.map((issue) => {
    const placed = place(issue);
    const { variable, valueOffset, ...at } = placed;
    return {
      code: "invalid-value" as const,
      severity: "error" as const,
      message: placedMessage(issue, placed),
      ...at,
      ...(variable !== undefined && { variable, valueStart: valueOffset, valueEnd: valueOffset }),
    };
  });
}

/**
 * compile's sentence with its "at offset N" (of the filled text) said of the template: in a
 * value, or at the template's offset (in the JSON string at `path`, or in a transcript's text).
 */
function placedMessage(issue: CompileIssue, at: Placed): string {
  // A transcript's issue outside a content is placed at its message's <|im_start|>, not from its
  // offset: the template's offset of that place is not where the offset pointed.
  if (issue.offset === undefined || (at.path === undefined && issue.field !== "content"))
    return issue.message;
  const where =
    at.variable !== undefined
      ? `in the value of {{ ${at.variable} }} (at its offset ${at.valueOffset})`
      : `at offset ${at.start}${at.path === undefined ? " of the template" : ""}`;
  return issue.message.replace(`at offset ${issue.offset}`, where);
}

/** How many of `problems` are errors. */
export const errorsIn = (problems: readonly RenderProblem[]): number =>
  problems.filter((p) => p.severity === "error").length;
