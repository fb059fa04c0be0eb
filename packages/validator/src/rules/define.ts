import { type RuleDocFields, type RuleExample, ruleAnchor } from "@chatmlkit/parser/diagnostics";

/** A rule's configured level; `off` silences it. */
export type RuleSeverity = "off" | "warn" | "error";

/** The level a rule has unless configured. */
export type RuleLevel = Exclude<RuleSeverity, "off">;

/** Who reports a rule: the parser (through `parse` and `validate`), `validate`, `render` (and `chatml render`), or only `chatml lint`. */
export type RuleSource = "parser" | "validator" | "render" | "lint";

/**
 * One entry of the rule registry: an id the toolkit can report, with its
 * default level and its documentation. Plain data.
 */
export interface RuleInfo<Id extends string = string> extends RuleDocFields {
  readonly id: Id;
  readonly defaultLevel: RuleLevel;
  readonly reportedBy: RuleSource;
  /** The anchor of its section in docs/rules.md. */
  readonly anchor: string;
}

/** Declares a rule: the one place its id, default level and docs are written. */
export function defineRule<const Id extends string>(
  id: Id,
  defaultLevel: RuleLevel,
  reportedBy: RuleSource,
  doc: RuleDocFields,
): RuleInfo<Id> {
  return { id, defaultLevel, reportedBy, ...doc, anchor: ruleAnchor(id) };
}

/** A JSON example: `text` is the file's text (escapes as written). */
export function json(text: string, options?: RuleExample["options"]): RuleExample {
  return { kind: "json", text, ...(options && { options }) };
}

/** A JSONL example: dataset lines. */
export function jsonl(text: string, options?: RuleExample["options"]): RuleExample {
  return { kind: "jsonl", text, ...(options && { options }) };
}

/** A ChatML example: the transcript's text. */
export function chatml(text: string, options?: RuleExample["options"]): RuleExample {
  return { kind: "chatml", text, ...(options && { options }) };
}
