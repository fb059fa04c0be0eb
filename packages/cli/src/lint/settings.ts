import type { RuleId, RuleSeverity } from "@chatmlkit/validator";
import { DEFAULT_MAX_EXAMPLE_TOKENS } from "@chatmlkit/validator/limits";
import type { Config } from "../config.js";
import type { LintValidateOptions } from "./validate.js";

/** How lint checks each file: the validator's options and the dataset limit. */
export interface LintSettings {
  readonly validate: LintValidateOptions;
  /** Token limit per fine-tuning example; counted only when a model is known. */
  readonly maxExampleTokens: number;
  /** Every rule's configured level, those only lint raises too (dataset-*, invalid-json, invalid-encoding). */
  readonly rules: Readonly<Partial<Record<RuleId, RuleSeverity>>>;
  /** Whether the report shows code frames: only then do dataset lines with problems come back with their text. */
  readonly codeFrames: boolean;
  /** Read every transcript and messages file as a template (--template, the config's template). */
  readonly template: boolean;
  /** The declared variables of a template without a sidecar (the config's variables). */
  readonly variables?: Readonly<Record<string, unknown>>;
}

/** Settings from the config, with flags already merged in. */
export function lintSettings(config: Config, codeFrames = true, tokenizerName?: string): LintSettings {
  const {
    model,
    encoding,
    tokenizer,
    contextWindow,
    maxTokens,
    maxPromptTokens,
    maxMessageTokens,
    dialect,
    profile,
    roles,
    rules,
  } = config;
  return {
    validate: {
      ...(model !== undefined && { model }),
      ...(encoding !== undefined && { encoding }),
      // config.tokenizer is the file's absolute path; messages name it as the user did.
      ...(tokenizer !== undefined && {
        tokenizerFile: { path: tokenizer, name: tokenizerName ?? tokenizer },
      }),
      ...(contextWindow !== undefined && { contextWindow }),
      ...(maxTokens !== undefined && { maxTokens }),
      ...(maxPromptTokens !== undefined && { maxPromptTokens }),
      ...(maxMessageTokens !== undefined && { maxMessageTokens }),
      ...(dialect !== undefined && { dialect }),
      ...(profile !== undefined && { profile }),
      ...(roles !== undefined && { roles }),
      ...(rules !== undefined && { rules }),
    },
    maxExampleTokens: config.maxExampleTokens ?? DEFAULT_MAX_EXAMPLE_TOKENS,
    rules: rules ?? {},
    codeFrames,
    template: config.template === true,
    ...(config.variables !== undefined && { variables: config.variables }),
  };
}
