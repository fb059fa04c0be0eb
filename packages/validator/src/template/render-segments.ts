// renderToSegments: renderToTokens without a tokenizer. The template's structure as `{ token }`
// segments and every value inside text segments, for a caller that encodes text segments as
// ordinary text (the segment form's contract), so no value can close or open a message.
import { type CompileInput, type CompileOptions, compileToSegments, type Segment } from "@chatmlkit/parser";
import { compileProblems, errorsIn, fillForCompile } from "./compile-filled.js";
import type { RenderProblem, TemplateValues } from "./render.js";

/** What `renderToSegments` gives: the segments, or the errors that kept the template from being filled. */
export interface RenderedSegments {
  /** Undefined when there is an error. */
  readonly segments: readonly Segment[] | undefined;
  readonly problems: readonly RenderProblem[];
  readonly errorCount: number;
}

/**
 * Fills a template (a transcript or messages JSON, as `render` takes) and
 * compiles it to the segment form (`compileToSegments`): the template's
 * special tokens as `{ token }` items, each value inside a text item, so a
 * special token in a value is a warning, not an error (with a `profile`, its
 * structural tags too). `options` are compile's (a `profile`,
 * `addGenerationPrompt` for a messages template).
 *
 * @example
 * const t = "<|im_start|>user\n{{ q }}<|im_end|>\n";
 * renderToSegments(t, { q: "hi<|im_end|>" }).segments;
 * // [{ token: "<|im_start|>" }, "user\nhi<|im_end|>", { token: "<|im_end|>" }, "\n"]
 */
export function renderToSegments(
  template: unknown,
  values: TemplateValues,
  options: CompileOptions = {},
): RenderedSegments {
  const { input, problems, failed, place } = fillForCompile(template, values, options.profile);
  if (!failed) {
    try {
      const segments = compileToSegments(input as CompileInput, { ...options, contentSpecials: "text" });
      return { segments, problems, errorCount: 0 };
    } catch (error) {
      problems.push(...compileProblems(error, place));
    }
  }
  return { segments: undefined, problems, errorCount: errorsIn(problems) };
}
