import { type CompileInput, type CompileOptions, compileToSegments } from "@chatmlkit/parser";
import { type CountOptions, countContext, idNotes } from "./count-options.js";
import { tokenRuns } from "./tokenizer.js";

/** The token ids of a compiled transcript. */
export interface CompiledTokens {
  readonly ids: readonly number[];
  /** The encoding, or a tokenizer.json tokenizer's name. */
  readonly encoding: string;
  readonly model?: string;
  readonly notes: readonly string[];
}

/**
 * The injection-proof compile: message structure becomes special-token ids and
 * every field's text is encoded as ordinary text, so a literal `<|im_end|>` in
 * content is the ids of its characters, never 100265. Roles and names with
 * special tokens or whitespace are still refused.
 *
 * @throws {ChatMLCompileError} for input that is not messages, or bad roles and names.
 * @example
 * const { ids } = await compileToTokens([{ role: "user", content: "Hello" }], { model: "gpt-4", addGenerationPrompt: false });
 * ids; // [100264, 882, 198, 9906, 100265, 198]
 */
export async function compileToTokens(
  input: CompileInput,
  options: CompileOptions & CountOptions,
): Promise<CompiledTokens> {
  const { model, tokenizer } = await countContext(options);
  const segments = compileToSegments(input, { ...options, contentSpecials: "text" });
  const ids: number[] = [];
  const used: string[] = [];
  for (const run of tokenRuns(segments, tokenizer)) {
    if (run.token === undefined) {
      for (const id of tokenizer.encodeText(run.text, run.place)) ids.push(id);
      continue;
    }
    ids.push(run.id);
    used.push(run.token);
  }
  return {
    ids,
    encoding: tokenizer.encoding,
    ...(model.name !== "custom" && { model: model.name }),
    notes: idNotes(tokenizer.encoding, used),
  };
}
