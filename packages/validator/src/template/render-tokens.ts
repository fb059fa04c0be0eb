// renderToTokens: the injection-proof way to fill a template. The template's structure becomes
// special-token ids and every value the ids of its text, so no value can close or open a message,
// whatever it holds: a special token in a value is a warning here, not an error.
import type { CompileInput, ProfileName } from "@chatmlkit/parser";
import { compileToTokens } from "../compile-to-tokens.js";
import { type CountOptions, tokenizerFor } from "../count-options.js";
import { compileProblems, errorsIn, fillForCompile } from "./compile-filled.js";
import type { RenderProblem, TemplateValues } from "./render.js";
import { maxTokensProblems, schemaProblems, type VariablesSchema } from "./variables.js";

/** Options of `renderToTokens`: the tokenizer's, and the template's declared variables. */
export interface RenderTokensOptions extends CountOptions {
  /** The model profile to write the template in (compile's `profile`): its structural tags in a value are text, with a warning. */
  readonly profile?: ProfileName;
  /**
   * The declared variables (as `render` takes them): the values are checked
   * against the schema and, with the tokenizer the ids are made with, against
   * each variable's `maxTokens`; a value over either is an `invalid-value` error.
   */
  readonly variables?: VariablesSchema;
}

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
  options: RenderTokensOptions,
): Promise<RenderedTokens> {
  const { variables, profile, ...counting } = options;
  const filled = fillForCompile(template, values, profile, counting.tokenizer);
  const { input, problems } = filled;
  let { failed } = filled;
  if (variables !== undefined) {
    // The schema first, then each value's maxTokens, counted with the ids' own tokenizer.
    const json = typeof template !== "string";
    const broken = schemaProblems(variables, values, json);
    if (broken.length === 0) {
      const tokenizer = await tokenizerFor(counting);
      broken.push(...maxTokensProblems(variables, values, (text) => tokenizer.encodeText(text).length, json));
    }
    problems.unshift(...broken);
    failed ||= broken.length > 0;
  }
  if (!failed) {
    try {
      const compiled = await compileToTokens(input as CompileInput, {
        ...counting,
        ...(profile !== undefined && { profile }),
      });
      return { ...compiled, problems, errorCount: 0 };
    } catch (error) {
      problems.push(...compileProblems(error, filled.place));
    }
  }
  return { ids: undefined, encoding: undefined, notes: [], problems, errorCount: errorsIn(problems) };
}
