import type { ProfileName } from "./profiles/types.js";

/**
 * What the docs say of a rule (or of a parser diagnostic, which is configured
 * like one): the shape every entry of the rule registry has. The parser, the
 * bottom layer, declares it; the validator's registry (`RULES`) lists every
 * id the toolkit reports with it. Plain data only: it is printed as JSON by
 * `chatml rules --format json` and rendered into docs/rules.md.
 */

/** What a rule is about, to group rules in docs and listings. */
export type RuleCategory =
  | "structure"
  | "injection"
  | "message"
  | "template"
  | "budget"
  | "dataset"
  | "input";

/**
 * Settings an example needs for its rule to run, by the names a config file
 * uses (`maxTokens`, not `--max-tokens`).
 */
export interface RuleExampleOptions {
  readonly model?: string;
  readonly maxTokens?: number;
  readonly maxPromptTokens?: number;
  readonly maxMessageTokens?: number;
  /** Token limit per fine-tuning example (dataset rules). */
  readonly maxExampleTokens?: number;
  readonly roles?: readonly string[];
  readonly dialect?: "auto" | "chatml" | "chatml-sep";
  /** The model profile the transcript is read with (`parse`'s and `validate`'s `profile`). */
  readonly profile?: ProfileName;
  /** Read as a prompt template (`{{ name }}` placeholders): validate's `template` option; lint finds templates itself. */
  readonly template?: boolean;
  /** The template's declared variables: a JSON Schema object whose `properties` are they (a `.vars.json` sidecar). */
  readonly variables?: Readonly<Record<string, unknown>>;
  /** The values a template is rendered with (`render`, `chatml render --vars`): the example of a rule only render reports. */
  readonly values?: Readonly<Record<string, unknown>>;
}

/** An input a rule reports (a failing example) or leaves alone (a passing one), as a file holds it. */
export interface RuleExample {
  /** A ChatML transcript, JSON (a messages array or a request body), or JSONL dataset lines. */
  readonly kind: "chatml" | "json" | "jsonl";
  readonly text: string;
  readonly options?: RuleExampleOptions;
  /** The file's encoding when it is not UTF-8: its bytes are `text` in this encoding. */
  readonly encoding?: "latin1";
}

/** The documentation of one rule, besides its id and level. */
export interface RuleDocFields {
  readonly category: RuleCategory;
  /** One line: what the rule reports. */
  readonly summary: string;
  /** What it protects against: why a report matters. */
  readonly rationale: string;
  /** More of what is reported and what is left alone, where a line is not enough (Markdown). */
  readonly details?: string;
  /** Input the rule reports. Absent only where no input can trigger it (`internal-error`). */
  readonly fails?: RuleExample;
  /** Input like `fails` that the rule leaves alone. */
  readonly passes?: RuleExample;
}

/** The anchor of a rule's section in docs/rules.md (GitHub's anchor of its `## <id>` heading). */
export function ruleAnchor(id: string): string {
  return id;
}
