// renderToTokens: the injection-proof way to fill a template. The template's structure becomes
// special-token ids and every value the ids of its text, so no value can close or open a message,
// whatever it holds: a special token in a value is a warning here, not an error.
import type { CompileInput } from "@chatmlkit/parser";
import { compileToTokens } from "../compile-to-tokens.js";
import type { CountOptions } from "../count-options.js";
import { compileProblems, errorsIn, fillForCompile } from "./compile-filled.js";
import type { RenderProblem, TemplateValues } from "./render.js";

/** What `renderToTokens` gives: the ids, or the errors that kept the template from being filled. */
export interface RenderedTokens {
  /** Undefined when there is an error. */
  readonly ids: readonly number[] | undefined;
  readonly encoding: string | undefined;
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
  const { input, problems, failed } = fillForCompile(template, values);
  if (!failed) {
    try {
      const compiled = await compileToTokens(input as CompileInput, options);
      return { ...compiled, problems, errorCount: 0 };
    } catch (error) {
      problems.push(...compileProblems(error));
    }
  }
  return { ids: undefined, encoding: undefined, notes: [], problems, errorCount: errorsIn(problems) };
}
