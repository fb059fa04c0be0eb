// The worst case of a template: its fixed part (the template with every placeholder empty),
// counted as the API counts it, plus each placeholder's allowance from its variable's declared
// bound. The budget rules (limits.ts's checkFits) judge this count, so a template that some
// allowed values would push past the context window fails before it ships.
import { type ProfileName, scanPlaceholders } from "@chatmlkit/parser";
import { type ChatRequest, countChat } from "../count-chat.js";
import { type CountContext, type CountOptions, countContext, imageContext } from "../count-options.js";
import { tokenizeTranscript } from "../count-transcript.js";
import { ValidatorError } from "../errors.js";
import { InvalidInputError } from "../input-error.js";
import {
  checkFits,
  checkLimitOptions,
  type LimitBreach,
  type LimitOptions,
  limitsOf,
  modelWho,
} from "../limits.js";
import { mapMessageContents, mapTranscriptContents } from "./contents.js";
import { NOT_A_TEMPLATE } from "./render.js";
import { type DeclaredVariable, readVariables, type VariablesSchema } from "./variables.js";

/**
 * The most tokens one character (code point) takes, in cl100k_base and o200k_base: 4. Every
 * token is at least one byte and a code point at most four in UTF-8; and the bound is reached:
 * U+10000 alone is 4 tokens in both, as are 1,007,676 of the 1,112,064 code points in
 * cl100k_base (984,302 in o200k_base), and U+10000 written 1,000 times is 4,000 tokens. So a
 * `maxLength` of n bounds a value at 4n tokens, not n.
 */
export const MAX_TOKENS_PER_CHARACTER = 4;

/**
 * Tokens a value can add beyond its own, by changing how the template's text on either side of
 * it is split (a pre-token broken in two, a run of spaces split differently): measured at most 3
 * in 3,000,000 random fills of each encoding, so each placeholder is allowed 3 more. Measured,
 * not proven.
 */
export const BOUNDARY_TOKENS = 3;

/** One variable's share of the worst case. */
export interface VariableAllowance {
  readonly name: string;
  /** How many placeholders use it. */
  readonly occurrences: number;
  /** Its bound, in tokens per placeholder (BOUNDARY_TOKENS included); undefined when it has none. */
  readonly allowance: number | undefined;
  /** Where the bound came from: `maxTokens`, `maxLength` (times MAX_TOKENS_PER_CHARACTER), or none. */
  readonly bound: "maxTokens" | "maxLength" | "none";
}

/** The worst case of a template, as `checkFits` takes it, and how it was made. */
export interface WorstCase {
  /** The template with every placeholder empty. */
  readonly fixedTokens: number;
  /** `fixedTokens` plus every placeholder's allowance. */
  readonly promptTokens: number;
  /** Per message, worst case. */
  readonly perMessage: readonly number[];
  /** Tokens before the messages (the reply priming of a chat count). */
  readonly fixed: number;
  readonly variables: readonly VariableAllowance[];
  /** Variables without a bound (undeclared, or neither maxTokens nor maxLength): the worst case leaves them out. */
  readonly unbounded: readonly string[];
}

/**
 * Counts a template's worst case: a transcript (string) or a messages
 * template (array, or object with `messages`), with each variable's allowance
 * `maxTokens + BOUNDARY_TOKENS`, or `maxLength * MAX_TOKENS_PER_CHARACTER +
 * BOUNDARY_TOKENS` without one, per placeholder.
 *
 * @throws {InvalidInputError} for a template that is none (a number, null, an object without
 * messages), and for messages the count refuses, each at its JSON path.
 * @example
 * const declared = readVariables({ properties: { q: { maxTokens: 100 } } }).variables;
 * worstCase("<|im_start|>user\n{{ q }}<|im_end|>\n", declared, await countContext({ model: "gpt-4o" })).promptTokens;
 * // the fixed part's tokens + 103
 */
export function worstCase(
  template: unknown,
  declared: ReadonlyMap<string, DeclaredVariable>,
  context: CountContext,
  /** Messages are counted as this profile writes them (`CountOptions.profile`). */
  profile: ProfileName = "chatml",
): WorstCase {
  const uses: { name: string; message: number }[] = [];
  const emptied = (text: string, message: number) => {
    const scan = scanPlaceholders(text);
    if (scan.placeholders.length === 0 && scan.escapes.length === 0) return text;
    for (const p of scan.placeholders) uses.push({ name: p.name, message });
    const cuts = [
      ...scan.placeholders.map((p) => [p.start, p.end] as const),
      ...scan.escapes.map((at) => [at, at + 1] as const),
    ].sort((a, b) => a[0] - b[0]);
    let out = "";
    let from = 0;
    for (const [start, end] of cuts) {
      out += text.slice(from, start);
      from = end;
    }
    return out + text.slice(from);
  };
  let fixedTokens: number;
  let perMessage: number[];
  let fixed: number;
  if (typeof template === "string") {
    const text = mapTranscriptContents(template, (m, i) => emptied(m.content, i));
    const counted = tokenizeTranscript(text, context.tokenizer);
    fixedTokens = counted.tokens;
    perMessage = counted.messages.map((m) => m.tokens);
    fixed = 0;
  } else {
    // A list stays a list, so that what cannot be counted is at its own path (`$[i]`).
    const request = mapMessageContents(template, emptied);
    if (request === undefined)
      throw new InvalidInputError([{ code: "invalid-input", message: NOT_A_TEMPLATE, path: "$" }]);
    const counted = countChat(
      // The reader's body with its messages replaced: countChat reads and checks it as any input.
      request as ChatRequest | unknown[],
      context.tokenizer,
      context.model.formula,
      imageContext(context.model, {}),
      profile,
    );
    fixedTokens = counted.promptTokens;
    perMessage = counted.messages.map((m) => m.tokens);
    fixed = fixedTokens - perMessage.reduce((s, t) => s + t, 0);
  }
  const byName = new Map<string, { occurrences: number }>();
  let promptTokens = fixedTokens;
  const unbounded: string[] = [];
  for (const use of uses) {
    const seen = byName.get(use.name);
    if (seen) seen.occurrences++;
    else byName.set(use.name, { occurrences: 1 });
    const allowance = allowanceOf(declared.get(use.name));
    if (allowance === undefined) continue;
    promptTokens += allowance.tokens;
    perMessage[use.message] = (perMessage[use.message] ?? 0) + allowance.tokens;
  }
  const variables = [...byName].map(([name, { occurrences }]): VariableAllowance => {
    const allowance = allowanceOf(declared.get(name));
    if (allowance === undefined) unbounded.push(name);
    return { name, occurrences, allowance: allowance?.tokens, bound: allowance?.bound ?? "none" };
  });
  return { fixedTokens, promptTokens, perMessage, fixed, variables, unbounded };
}

function allowanceOf(
  variable: DeclaredVariable | undefined,
): { tokens: number; bound: "maxTokens" | "maxLength" } | undefined {
  if (variable?.maxTokens !== undefined)
    return { tokens: variable.maxTokens + BOUNDARY_TOKENS, bound: "maxTokens" };
  if (variable?.maxLength !== undefined) {
    return { tokens: variable.maxLength * MAX_TOKENS_PER_CHARACTER + BOUNDARY_TOKENS, bound: "maxLength" };
  }
  return undefined;
}

/** One line saying what a worst case is made of, for a count's notes and `chatml count`. */
export function worstCaseNote(worst: WorstCase): string {
  const parts = worst.variables.map((v) =>
    v.allowance === undefined
      ? `${v.name} unbounded (left out)`
      : `${v.name} ${v.occurrences > 1 ? `${v.occurrences} x ` : ""}${v.allowance} (${v.bound})`,
  );
  return `worst case ${worst.promptTokens} tokens: the fixed part ${worst.fixedTokens}${parts.length > 0 ? ` + ${parts.join(" + ")}` : ""}`;
}

/** A template's worst case, judged: what `countWorstCase` gives. */
export interface WorstCaseCount extends WorstCase {
  /** The model's name, when one was given. */
  readonly model?: string;
  readonly encoding: string;
  readonly contextWindow: number;
  readonly maxTokens: number;
  /** The worst case is within the window and every budget (limits.ts's `checkFits`). */
  readonly fits: boolean;
  readonly breaches: readonly LimitBreach[];
}

/**
 * The worst case of a template, and whether it fits: `worstCase` with the
 * tokenizer the options name, judged by `checkFits` against the model's
 * window and the budgets given. `variables` is the declared schema (as a
 * `.vars.json` sidecar holds it).
 *
 * @throws {ValidatorError} for an unknown model, bad limits, a schema that is no schema of variables, or a template that is none (a number, null, an object without messages).
 * @example
 * const vars = { properties: { q: { maxTokens: 200 } } };
 * (await countWorstCase("<|im_start|>user\n{{ q }}<|im_end|>\n", vars, { model: "gpt-4o" })).fits; // true
 */
export async function countWorstCase(
  template: unknown,
  variables: VariablesSchema,
  options: CountOptions & LimitOptions,
): Promise<WorstCaseCount> {
  checkLimitOptions(options);
  const declared = readVariables(variables);
  const problem = declared.problems[0];
  if (problem !== undefined)
    throw new ValidatorError("invalid-option", `variables ${problem.path}: ${problem.message}`);
  const context = await countContext(options);
  const worst = worstCase(template, declared.variables, context, options.profile);
  const limits = limitsOf(context.model, options);
  const verdict = checkFits(worst, limits, modelWho(context.model));
  return {
    ...worst,
    ...(context.model.name !== "custom" && { model: context.model.name }),
    encoding: context.tokenizer.encoding,
    contextWindow: limits.contextWindow,
    maxTokens: limits.maxTokens,
    fits: verdict.fits,
    breaches: verdict.breaches,
  };
}
