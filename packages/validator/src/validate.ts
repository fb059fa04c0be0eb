import {
  type Diagnostic,
  type Dialect,
  isDialectOption,
  PROFILE_NAMES,
  type ProfileName,
  profileInfo,
  type Range,
  unknownDialectMessage,
} from "@chatmlkit/parser";
import { type CountOptions, contextWith, tokenizerFor } from "./count-options.js";
import { ValidatorError } from "./errors.js";
import { type ReadInput, readInput } from "./input.js";
import { checkLimitOptions } from "./limits.js";
import { resolveModel } from "./models.js";
import {
  closestRuleIds,
  type DiagnosticCode,
  isRuleId,
  type RuleId,
  type RuleSeverity,
  unknownRuleMessage,
} from "./rules.js";
import type { VariablesSchema } from "./template/variables.js";
import type { Tokenizer } from "./tokenizer.js";
import { checkRead } from "./validate-checks.js";

/** Options of `validate`. Every field is optional; rules need no model unless they count. */
export interface ValidateOptions extends CountOptions {
  /**
   * Rule levels by id: `off`, `warn` or `error`. Any id of RULES may be named
   * (one config serves validate and `chatml lint`; ids only lint reports have
   * no effect here); an id RULES does not have is an error that names the
   * closest ones.
   */
  rules?: Partial<Record<RuleId, RuleSeverity>>;
  /** Allowed roles; default system, developer, user, assistant, tool, function. */
  roles?: readonly string[];
  /** Tokens reserved for the answer (`max_tokens`); default the request body's, else 0. */
  maxTokens?: number;
  /** Budget for the whole prompt (`token-budget`). */
  maxPromptTokens?: number;
  /** Budget for any one message (`token-budget`). */
  maxMessageTokens?: number;
  /** Dialect of transcript input; default `auto`. */
  dialect?: Dialect | "auto";
  /**
   * Read transcript input as this model profile writes it too, and report its
   * assistants' malformed `<tool_call>` blocks and unclosed `<think>` blocks
   * (`invalid-tool-call-json`, `invalid-tool-call`, `unterminated-tool-call`,
   * `unterminated-reasoning`), as `parse(text, { profile })` does; and count
   * messages as it writes them (`CountOptions.profile`), so the budget rules
   * judge what the model reads: its default system prompt and tool declarations too.
   */
  profile?: ProfileName;
  /**
   * Read the input as a prompt template: `{{ name }}` placeholders in contents are
   * values to come, checked by the template rules (`placeholder-in-header`,
   * `placeholder-adjacent-special`, `invalid-placeholder`, `unsupported-template-syntax`).
   */
  template?: boolean;
  /**
   * The template's declared variables (implies `template`): a JSON Schema object whose
   * `properties` are the variables (`undeclared-variable`, `unused-variable`). With a model,
   * the budget rules judge the worst case: each placeholder counted at its variable's
   * `maxTokens` (or `maxLength`) bound (see `worstCase`).
   */
  variables?: VariablesSchema;
}

/** A diagnostic of `validate`: the parser's shape, plus where it is in JSON input. */
export interface ValidationDiagnostic extends Diagnostic {
  readonly code: DiagnosticCode;
  /**
   * For JSON input: the JSON path of the string the offsets (and line/column)
   * are relative to, e.g. `$.messages[2].content`. Absent for transcripts,
   * whose offsets are into the transcript.
   */
  readonly path?: string;
  /**
   * For JSON input: the string at `path` is the object key there (a tool
   * schema's property name), not its value; offsets are inside the key.
   */
  readonly key?: true;
  /** Index of the message concerned, when there is one. */
  readonly messageIndex?: number;
  /**
   * When the rule found the same thing several times in one string: how many
   * times (this diagnostic stands for all of them), and where the next few
   * are (`start`/`end` as this diagnostic's: in content given as parts, from
   * the start of this diagnostic's part, the parts read joined as the model reads them).
   */
  readonly count?: number;
  readonly more?: readonly Range[];
}

/** What counting found, when `validate` counted. */
export interface ValidationCount {
  readonly promptTokens: number;
  readonly maxTokens: number;
  readonly contextWindow: number;
  readonly fits: boolean;
  readonly model?: string;
  /** The encoding, or a tokenizer.json tokenizer's name. */
  readonly encoding: string;
  /** `completions-raw` for transcripts, the chat formula's id for messages. */
  readonly formula: string;
  /** Per message, as every count gives them: its index, role and tokens. */
  readonly messages: ReadonlyArray<{
    readonly index: number;
    readonly role: string;
    readonly tokens: number;
  }>;
  /**
   * False when a part of the request is an estimate or was not counted (an
   * image of unknown size, a tool call): `fits` is then judged on this count,
   * and `notes` names each such part's path. Always true for a transcript.
   */
  readonly exact: boolean;
  readonly notes: readonly string[];
}

export interface ValidationResult {
  readonly kind: "transcript" | "messages";
  /** In source order. */
  readonly diagnostics: readonly ValidationDiagnostic[];
  readonly errorCount: number;
  readonly warningCount: number;
  /** Absent when nothing was counted: no model or encoding, or JSON input with invalid messages. */
  readonly count?: ValidationCount;
}

/** Options of `validateSync`: those of `validate`, and the loaded tokenizer to count with. */
export interface ValidateSyncOptions extends ValidateOptions {
  /**
   * Counts with this tokenizer (`await loadTokenizer("o200k_base")`, or
   * `await tokenizerFor({ model })`); without one, nothing is counted.
   */
  tokenizer?: Tokenizer;
}

/**
 * Validates a transcript string, a messages array, a Chat Completions request
 * body or a parsed document. Problems in the input are diagnostics, never
 * exceptions; counting rules (`context-window`, `token-budget`) run when a
 * model (or encoding) is known: the caller's, or the request body's own. The
 * async form loads the tokenizer counting needs; `validateSync` is the same
 * check with a tokenizer loaded once by the caller.
 *
 * @throws {ValidatorError} only for bad options (an unknown model or rule id, a negative budget).
 * @example
 * const result = await validate([{ role: "user", content: "Hi <|im_end|>" }]);
 * result.diagnostics[0]; // { code: "special-token", severity: "error", path: "$[0].content", start: 3, end: 13, ... }
 */
export async function validate(input: unknown, options: ValidateOptions = {}): Promise<ValidationResult> {
  checkOptions(options);
  const read = readSafely(input, options);
  const model = modelFor(read, options);
  if (model === undefined && options.encoding === undefined && options.tokenizer === undefined) {
    return checkRead(read, options, undefined);
  }
  const tokenizer = await tokenizerFor({ ...options, ...(model !== undefined && { model }) });
  return checkRead(
    read,
    options,
    contextWith(tokenizer, { ...options, ...(model !== undefined && { model }) }),
  );
}

/**
 * `validate` without `await`: the same diagnostics and count. Counting needs
 * `tokenizer`; without it, a model or budget in the options is an error and a
 * request body's own model is not counted with.
 *
 * @throws {ValidatorError} for bad options, or a model or budget without a tokenizer.
 * @example
 * validateSync([{ role: "user", content: "Hi <|im_end|>" }]).errorCount; // 1
 * const tokenizer = await loadTokenizer("o200k_base"); // once
 * validateSync({ model: "gpt-4o", messages }, { tokenizer }).count?.fits;
 */
export function validateSync(input: unknown, options: ValidateSyncOptions = {}): ValidationResult {
  checkOptions(options);
  const read = readSafely(input, options);
  const { tokenizer } = options;
  if (tokenizer === undefined) {
    if (options.model !== undefined || options.encoding !== undefined || hasBudget(options)) {
      throw new ValidatorError(
        "invalid-option",
        "counting needs a tokenizer: pass tokenizer (await tokenizerFor({ model })), or use validate",
      );
    }
    return checkRead(read, options, undefined);
  }
  const model = modelFor(read, options);
  return checkRead(
    read,
    options,
    contextWith(tokenizer, { ...options, ...(model !== undefined && { model }) }),
  );
}

function hasBudget(options: ValidateOptions): boolean {
  return options.maxPromptTokens !== undefined || options.maxMessageTokens !== undefined;
}

/**
 * The model to count with: the caller's, or the request body's own (as the
 * reader found it) if chatmlkit knows it (an Azure deployment name is not an
 * error in the input). A budget needs one of them, an encoding or a tokenizer.
 */
function modelFor(read: ReadInput, options: ValidateOptions): string | undefined {
  if (options.model !== undefined) return options.model;
  const model = read.model !== undefined && isKnown(read.model) ? read.model : undefined;
  const countsWith = options.encoding !== undefined || options.tokenizer !== undefined;
  if (model === undefined && !countsWith && hasBudget(options)) {
    throw new ValidatorError(
      "invalid-option",
      "a token budget needs a model (or an encoding, or a tokenizer) to count with",
    );
  }
  return model;
}

function isKnown(model: string): boolean {
  try {
    resolveModel({ model });
    return true;
  } catch {
    return false;
  }
}

function readSafely(input: unknown, options: ValidateOptions): ReadInput {
  try {
    const template = options.template === true || options.variables !== undefined;
    return readInput(input, options.dialect ?? "auto", options.profile, template);
  } catch (error) {
    // readInput reads any JSON value; an object that is not plain data can still throw where it
    // looks (a revoked Proxy even at Array.isArray): reported as a message that throws is.
    return {
      kind: "messages",
      parseDiagnostics: [],
      problems: [{ message: `the input could not be read: ${String(error)}`, path: "$" }],
      size: 0,
      message: () => undefined,
      bodyFields: () => [],
    };
  }
}

function checkOptions(options: ValidateOptions): void {
  checkLimitOptions(options);
  const { profile, dialect } = options;
  // parse would say so only as a diagnostic of a transcript, and JSON input never reads the option.
  if (dialect !== undefined && !isDialectOption(dialect)) {
    throw new ValidatorError("invalid-option", unknownDialectMessage(dialect));
  }
  if (profile !== undefined) {
    const info = profileInfo(profile);
    if (info === undefined) {
      throw new ValidatorError(
        "invalid-option",
        `unknown profile ${JSON.stringify(profile)}; expected one of ${PROFILE_NAMES.join(", ")}`,
      );
    }
    if (dialect !== undefined && dialect !== "auto" && dialect !== info.dialect) {
      throw new ValidatorError(
        "invalid-option",
        `the ${profile} profile reads the ${info.dialect} dialect, not ${String(dialect)}`,
      );
    }
  }
  for (const [id, level] of Object.entries(options.rules ?? {})) {
    if (!isRuleId(id)) throw new ValidatorError("invalid-option", unknownRuleMessage(id), closestRuleIds(id));
    if (level !== "off" && level !== "warn" && level !== "error") {
      throw new ValidatorError(
        "invalid-option",
        `rule ${id}: level must be off, warn or error, got ${String(level)}`,
      );
    }
  }
}
