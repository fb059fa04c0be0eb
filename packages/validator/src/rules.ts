// The rule registry: every id the toolkit can report, each declared once (the parser's codes in
// the parser's PARSE_DIAGNOSTICS, each validator rule in its module under rules/, the dataset
// rules and lint's input problems in rules/dataset.ts and rules/input.ts). Types, option checking,
// the CLI's SARIF rules and `chatml rules`, and docs/rules.md all derive from RULES.
import { PARSE_DIAGNOSTICS, type ParseDiagnosticInfo } from "@chatmlkit/parser/diagnostics";
import { rule as contextWindow } from "./rules/context-window.js";
import { DATASET_RULES } from "./rules/dataset.js";
import type { RuleInfo, RuleSeverity } from "./rules/define.js";
import { rule as emptyContent } from "./rules/empty-content.js";
import { rule as foreignSpecialToken } from "./rules/foreign-special-token.js";
import { INPUT_RULES } from "./rules/input.js";
import { rule as invalidMessage } from "./rules/invalid-message.js";
import { rule as invalidName } from "./rules/invalid-name.js";
import { rule as invalidUnicode } from "./rules/invalid-unicode.js";
import { rule as invisibleCharacter } from "./rules/invisible-character.js";
import { invalidValue, rule as missingValue } from "./rules/missing-value.js";
import { rule as placeholderAdjacentSpecial } from "./rules/placeholder-adjacent-special.js";
import { rule as specialToken } from "./rules/special-token.js";
import { rule as specialTokenLookalike } from "./rules/special-token-lookalike.js";
import { rule as structuralTag } from "./rules/structural-tag.js";
import { rule as systemNotFirst } from "./rules/system-not-first.js";
import { rule as tokenBudget } from "./rules/token-budget.js";
import { rule as toolArguments } from "./rules/tool-arguments.js";
import { rule as toolCallReference } from "./rules/tool-call-reference.js";
import { rule as toolSchema } from "./rules/tool-schema.js";
import { rule as undeclaredVariable, unused as unusedVariable } from "./rules/undeclared-variable.js";
import { rule as unknownField } from "./rules/unknown-field.js";
import { rule as unknownModel } from "./rules/unknown-model.js";
import { rule as unknownRole } from "./rules/unknown-role.js";
import { closest, didYouMean } from "./suggest.js";

export type {
  RuleCategory,
  RuleDocFields,
  RuleExample,
  RuleExampleOptions,
} from "@chatmlkit/parser/diagnostics";
export type { RuleInfo, RuleLevel, RuleSeverity, RuleSource } from "./rules/define.js";
// scan-text.ts reads the default roles from here.
export { DEFAULT_ROLES, FINE_TUNING_ROLES } from "./rules/unknown-role.js";

/** A parser code as a registry entry: its severity is its default level. */
function fromParser<C extends string>(d: ParseDiagnosticInfo<C>): RuleInfo<C> {
  const { code, severity, anchor, ...doc } = d;
  return {
    id: code,
    defaultLevel: severity === "error" ? "error" : "warn",
    reportedBy: "parser",
    ...doc,
    anchor,
  };
}

/** The validator's own rules, in the order the docs list them. */
const VALIDATOR_RULES = [
  specialToken,
  foreignSpecialToken,
  structuralTag,
  specialTokenLookalike,
  invisibleCharacter,
  invalidUnicode,
  unknownRole,
  invalidName,
  systemNotFirst,
  emptyContent,
  invalidMessage,
  toolArguments,
  toolCallReference,
  toolSchema,
  unknownField,
  placeholderAdjacentSpecial,
  undeclaredVariable,
  unusedVariable,
  contextWindow,
  tokenBudget,
  unknownModel,
] as const;

/** What `render` refuses in the values it is given (the template's own problems are the parser's and validate's). */
const RENDER_RULES = [missingValue, invalidValue] as const;

/**
 * Every rule the toolkit can report, in the order the docs list them: the
 * parser's codes, the validator's rules, the dataset rules and the input
 * problems of `chatml lint`. Each with its default level, what it protects
 * against, a failing and a passing example, and its docs anchor.
 *
 * @example
 * RULES.find((r) => r.id === "special-token")?.defaultLevel; // "error"
 */
export const RULES = Object.freeze([
  ...VALIDATOR_RULES,
  ...PARSE_DIAGNOSTICS.map(fromParser),
  ...RENDER_RULES,
  ...DATASET_RULES,
  ...INPUT_RULES,
]);

/** Every id the toolkit can report, and that `rules` options, config files and `--rule` may name. */
export type RuleId =
  | ValidatorRuleId
  | (typeof PARSE_DIAGNOSTICS)[number]["code"]
  | RenderRuleId
  | (typeof DATASET_RULES)[number]["id"]
  | (typeof INPUT_RULES)[number]["id"];

/** The ids of what `render` refuses in values (`missing-value`, `invalid-value`). */
export type RenderRuleId = (typeof RENDER_RULES)[number]["id"];

/** The validator's own rules' ids (what its text and message checks find). */
export type ValidatorRuleId = (typeof VALIDATOR_RULES)[number]["id"];

/** The ids `validate` reports: the parser's codes and the validator's rules. */
export type DiagnosticCode = ValidatorRuleId | (typeof PARSE_DIAGNOSTICS)[number]["code"];

/** Where docs/rules.md, every rule's documentation, is published. */
export const RULES_DOC_URL = "https://github.com/chatmlkit/chatmlkit/blob/main/docs/rules.md";

/**
 * The URL of a rule's section in docs/rules.md (SARIF's helpUri, the playground's links).
 *
 * @example
 * ruleDocUrl({ anchor: "special-token" }); // "https://github.com/chatmlkit/chatmlkit/blob/main/docs/rules.md#special-token"
 */
export function ruleDocUrl(rule: Pick<RuleInfo, "anchor">): string {
  return `${RULES_DOC_URL}#${rule.anchor}`;
}

const BY_ID: ReadonlyMap<string, RuleInfo<RuleId>> = new Map(RULES.map((r) => [r.id, r]));

/** The registry entry of `id`, or undefined for an id no rule has. */
export function ruleInfo(id: string): RuleInfo<RuleId> | undefined {
  return BY_ID.get(id);
}

/** True for an id of the registry. */
export function isRuleId(id: string): id is RuleId {
  return BY_ID.has(id);
}

/** Up to three known rule ids closest to `id` (a misspelling), best first. */
export function closestRuleIds(id: string): RuleId[] {
  return closest(id, [...BY_ID.keys()]) as RuleId[];
}

/**
 * `unknown rule "x"; did you mean "y"?`, for an id no rule has; `where` is
 * said after the id (`in "rules"`).
 */
export function unknownRuleMessage(id: string, where?: string): string {
  return `unknown rule ${JSON.stringify(id)}${where === undefined ? "" : ` ${where}`}${didYouMean(closestRuleIds(id))}`;
}

/**
 * The level of `id` under the caller's configuration: the configured one,
 * else the severity it was reported with (a parser code whose severity the
 * caller's options raised: `dialect-mismatch` for a dialect asked for), else
 * its default from the registry.
 */
export function levelOf(
  id: RuleId,
  configured: Readonly<Partial<Record<string, RuleSeverity>>> | undefined,
  reported?: "error" | "warning" | "info",
): RuleSeverity {
  const set = configured?.[id];
  if (set !== undefined) return set;
  if (reported !== undefined) return reported === "error" ? "error" : "warn";
  return (BY_ID.get(id) as RuleInfo).defaultLevel;
}
