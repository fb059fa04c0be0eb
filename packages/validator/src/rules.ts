import type { ParseDiagnosticCode } from "@chatmlkit/parser";

/** A rule's configured level; `off` silences it. */
export type RuleSeverity = "off" | "warn" | "error";

/** The validator's own rules. */
export type RuleId =
  | "special-token"
  | "foreign-special-token"
  | "special-token-lookalike"
  | "invisible-character"
  | "invalid-unicode"
  | "unknown-role"
  | "invalid-name"
  | "system-not-first"
  | "empty-content"
  | "invalid-message"
  | "context-window"
  | "token-budget";

/** Every id a diagnostic can carry: the validator's rules and the parser's codes. */
export type DiagnosticCode = RuleId | ParseDiagnosticCode;

/** What a rule is for: its default level and a sentence for docs, help and SARIF. */
export interface RuleInfo {
  readonly id: RuleId;
  readonly defaultSeverity: Exclude<RuleSeverity, "off">;
  readonly description: string;
}

/** The validator's rules, in the order the docs list them. */
export const RULES: readonly RuleInfo[] = Object.freeze([
  rule(
    "special-token",
    "error",
    "A ChatML special token in a message's text would let that text forge structure.",
  ),
  rule(
    "foreign-special-token",
    "warn",
    "Another model family's control token (harmony, Llama 3, DeepSeek, Gemma) in content.",
  ),
  rule(
    "special-token-lookalike",
    "warn",
    "Text a person or a lenient normaliser reads as a special token (NFKC and NFKD forms, combining marks, invisible characters, controls or spaces inside, case, UTS #39 confusables), or that an HTML, URL or JSON decoder turns into one.",
  ),
  rule(
    "invisible-character",
    "warn",
    "Bidi controls (Trojan Source), zero-width characters, C0 controls, or tag characters and variation selectors that hide text (ASCII and emoji smuggling).",
  ),
  rule("invalid-unicode", "error", "A lone surrogate, which cannot be encoded as UTF-8."),
  rule("unknown-role", "error", "A role outside the allowed set."),
  rule(
    "invalid-name",
    "error",
    "A name outside ^[a-zA-Z0-9_-]{1,64}$, as the Chat Completions API requires.",
  ),
  rule("system-not-first", "warn", "A system message after other turns, the typical shape of a forged turn."),
  rule("empty-content", "warn", "A message whose content is empty or only whitespace."),
  rule(
    "invalid-message",
    "error",
    "Input that is not a list of messages with a string role and text content.",
  ),
  rule("context-window", "error", "Prompt tokens plus max_tokens exceed the model's context window."),
  rule("token-budget", "error", "Prompt (or one message) exceeds the token budget the caller set."),
]);

function rule(id: RuleId, defaultSeverity: RuleInfo["defaultSeverity"], description: string): RuleInfo {
  return { id, defaultSeverity, description };
}

const DEFAULTS = new Map(RULES.map((r) => [r.id as string, r.defaultSeverity]));

/** True for the ids `rules` options may name (the validator's and the parser's). */
export function isRuleId(id: string): id is RuleId {
  return DEFAULTS.has(id);
}

/** The roles allowed unless the caller says otherwise. */
export const DEFAULT_ROLES: readonly string[] = Object.freeze([
  "system",
  "developer",
  "user",
  "assistant",
  "tool",
  "function",
]);

/** The level of `id` under the caller's configuration (parser codes keep their own unless configured). */
export function levelOf(
  id: DiagnosticCode,
  configured: Partial<Record<string, RuleSeverity>> | undefined,
  parserSeverity?: "error" | "warning" | "info",
): RuleSeverity {
  const set = configured?.[id];
  if (set !== undefined) return set;
  const fallback = DEFAULTS.get(id);
  if (fallback !== undefined) return fallback;
  return parserSeverity === "error" ? "error" : "warn";
}
