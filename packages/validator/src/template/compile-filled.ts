// What renderToTokens and renderToSegments share: a template filled into messages for compile
// (values stay text), and compile's refusal of the filled input turned into render problems.
import { ChatMLCompileError, type CompileIssue, type ProfileName, type Range } from "@chatmlkit/parser";
import type { Tokenizer } from "../tokenizer.js";
import { filledMessages, type RenderProblem, type TemplateValues } from "./render.js";

/** The filled input, and the problems filling found (compile is not to run when `failed`). */
export interface FilledInput {
  readonly input: unknown;
  readonly problems: RenderProblem[];
  readonly failed: boolean;
  /** A transcript template's: where compile's issue is in the template (`filledMessages`). */
  readonly place?: (issue: CompileIssue) => Range;
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
    ...(place !== undefined && { place }),
  };
}

/**
 * compile's issues with the filled input as render problems; any other error is thrown on. A
 * messages template's are at compile's path and offset; a transcript template's (`place`) in
 * its text, with no path, as every problem of a transcript is.
 */
export function compileProblems(error: unknown, place?: (issue: CompileIssue) => Range): RenderProblem[] {
  if (!(error instanceof ChatMLCompileError)) throw error;
  return error.issues.map((issue) => ({
    code: "invalid-value" as const,
    severity: "error" as const,
    message: issue.message,
    ...(place === undefined
      ? { path: issue.path, start: issue.offset ?? 0, end: issue.offset ?? 0 }
      : place(issue)),
  }));
}

/** How many of `problems` are errors. */
export const errorsIn = (problems: readonly RenderProblem[]): number =>
  problems.filter((p) => p.severity === "error").length;
