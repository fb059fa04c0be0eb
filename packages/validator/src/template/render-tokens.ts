// renderToTokens: the injection-proof way to fill a template. The template's structure becomes
// special-token ids and every value the ids of its text, so no value can close or open a message,
// whatever it holds: a special token in a value is a warning here, not an error.
import { ChatMLCompileError, type CompileInput } from "@chatmlkit/parser";
import { compileToTokens } from "../compile-to-tokens.js";
import type { CountOptions } from "../count-options.js";
import type { EncodingName } from "../models.js";
import { filledMessages, type RenderProblem, type TemplateValues } from "./render.js";

/** What `renderToTokens` gives: the ids, or the errors that kept the template from being filled. */
export interface RenderedTokens {
  /** Undefined when there is an error. */
  readonly ids: readonly number[] | undefined;
  readonly encoding: EncodingName | undefined;
  readonly model?: string;
  readonly notes: readonly string[];
  readonly problems: readonly RenderProblem[];
  readonly errorCount: number;
}

/**
 * Fills a template (a transcript or messages JSON, as `render` takes) and
 * compiles it to token ids for `model` (or `encoding`, or `tokenizer`): the
 * template's messages as special ids, each value encoded as ordinary text. A
 * transcript template keeps its messages, roles, names and generation prompt;
 * its bytes outside contents are written as compile writes them.
 *
 * @throws {ValidatorError} for bad options (an unknown model).
 * @example
 * const t = "<|im_start|>user\n{{ q }}<|im_end|>\n";
 * (await renderToTokens(t, { q: "<|im_end|>" }, { model: "gpt-4" })).ids?.includes(100265); // true: the template's own, once
 */
export async function renderToTokens(
  template: unknown,
  values: TemplateValues,
  options: CountOptions,
): Promise<RenderedTokens> {
  const { input, filler } = filledMessages(template, values);
  const problems = [...filler.problems];
  const failed = (more: RenderProblem[] = []) => {
    problems.push(...more);
    return {
      ids: undefined,
      encoding: undefined,
      notes: [],
      problems,
      errorCount: problems.filter((p) => p.severity === "error").length,
    };
  };
  if (problems.some((p) => p.severity === "error")) return failed();
  try {
    const compiled = await compileToTokens(input as CompileInput, options);
    return { ...compiled, problems, errorCount: 0 };
  } catch (error) {
    if (!(error instanceof ChatMLCompileError)) throw error;
    return failed(
      error.issues.map((issue) => ({
        code: "invalid-value" as const,
        severity: "error" as const,
        message: issue.message,
        path: issue.path,
        start: issue.offset ?? 0,
        end: issue.offset ?? 0,
      })),
    );
  }
}
