// validate, as lint runs it: the settings are plain data (lint's workers get a copy), so a
// tokenizer.json is named by its path there and loaded here, once per thread.
import { type ValidateOptions, type ValidationResult, validate as validateWith } from "@chatmlkit/validator";
import { loadTokenizerFile } from "../count/tokenizer-file.js";

/** validate's options as lint's settings hold them: a tokenizer by its file (absolute) and the name typed. */
export type LintValidateOptions = Omit<ValidateOptions, "tokenizer"> & {
  readonly tokenizerFile?: { readonly path: string; readonly name: string };
};

/** `validate(input, options)`, with the tokenizer `tokenizerFile` names loaded. */
export async function validate(input: unknown, options: LintValidateOptions): Promise<ValidationResult> {
  const { tokenizerFile, ...rest } = options;
  if (tokenizerFile === undefined) return validateWith(input, rest);
  const tokenizer = await loadTokenizerFile("/", tokenizerFile.path, tokenizerFile.name);
  return validateWith(input, { ...rest, tokenizer });
}
