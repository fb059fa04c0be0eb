import { type EncodingName, type ModelInfo, type ModelOptions, resolveModel } from "./models.js";
import { CONVENTIONAL_IDS, loadTokenizer, type Tokenizer } from "./tokenizer.js";

/** How to pick the tokenizer: a model name, or an encoding. */
export type CountOptions = ModelOptions;

/** The model (when one was named) and its loaded tokenizer. */
export interface CountContext {
  readonly model: ModelInfo;
  readonly tokenizer: Tokenizer;
}

/** Resolves the model (or custom encoding) and loads its tokenizer. */
export async function countContext(options: CountOptions): Promise<CountContext> {
  const model = resolveModel(options);
  return { model, tokenizer: await loadTokenizer(model.encoding) };
}

/** What a count should tell its reader about ids that are a convention. */
export function idNotes(encoding: EncodingName, used: Iterable<string>): string[] {
  const conventional = new Set(CONVENTIONAL_IDS[encoding] ?? []);
  const named = [...new Set(used)].filter((t) => conventional.has(t));
  if (named.length === 0) return [];
  return [
    `${encoding} ids of ${named.join(", ")} are chatmlkit's convention (OpenAI has not published them); counts are exact, those ids are not authoritative`,
  ];
}
