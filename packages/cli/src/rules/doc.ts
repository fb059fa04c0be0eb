// How a rule's registry entry reads as documentation: its section of docs/rules.md, SARIF's help
// (text and Markdown) and `chatml rules <id>`. One rendering, so the three say the same thing.

import { escapeHidden } from "@chatmlkit/parser/visible";
import { RULES_DOC_URL, type RuleExample, type RuleInfo, ruleDocUrl } from "@chatmlkit/validator/rules";

export { RULES_DOC_URL };

/** The URL of a rule's section in docs/rules.md (SARIF's helpUri): the registry's. */
export const helpUri = ruleDocUrl;

/** Who reports a rule, for the docs. */
const REPORTED_BY: Readonly<Record<RuleInfo["reportedBy"], string>> = {
  parser: "`parse`, `validate` and `chatml lint` (a parser diagnostic)",
  validator: "`validate` and `chatml lint`",
  render: "`render` and `chatml render`",
  lint: "`chatml lint` only",
};

/** An example's settings, as a config file writes them. */
function settings(example: RuleExample): string | undefined {
  const parts = Object.entries(example.options ?? {}).map(([k, v]) => `\`"${k}": ${JSON.stringify(v)}\``);
  if (example.encoding === "latin1") parts.push("the file saved as Latin-1, not UTF-8");
  return parts.length === 0 ? undefined : parts.join(", ");
}

/** An example's text as shown: invisible characters escaped (and said so), no final newline. */
function shown(example: RuleExample): { text: string; escaped: boolean } {
  const text = escapeHidden(example.text.replace(/\n$/, ""), "\n");
  return { text, escaped: text !== example.text.replace(/\n$/, "") };
}

const FENCE: Readonly<Record<RuleExample["kind"], string>> = { chatml: "text", json: "json", jsonl: "jsonl" };

function exampleMarkdown(title: string, example: RuleExample): string {
  const { text, escaped } = shown(example);
  const notes = [
    ...(settings(example) === undefined ? [] : [`with ${settings(example)}`]),
    ...(escaped ? ["`\\u{...}` stands for an invisible character"] : []),
  ];
  return `${title}${notes.length > 0 ? ` (${notes.join("; ")})` : ""}:\n\n\`\`\`${FENCE[example.kind]}\n${text}\n\`\`\``;
}

function exampleText(title: string, example: RuleExample): string {
  const { text, escaped } = shown(example);
  const notes = [
    ...(settings(example) === undefined ? [] : [`with ${settings(example)?.replaceAll("`", "")}`]),
    ...(escaped ? ["\\u{...} stands for an invisible character"] : []),
  ];
  const indented = text.replace(/^/gm, "    ");
  return `${title}${notes.length > 0 ? ` (${notes.join("; ")})` : ""}:\n${indented}`;
}

/** A rule's documentation in Markdown, without its heading: docs/rules.md's section and SARIF's help.markdown. */
export function ruleMarkdown(rule: RuleInfo): string {
  const parts = [
    `Default: **${rule.defaultLevel}** · category: ${rule.category} · reported by ${REPORTED_BY[rule.reportedBy]}`,
    rule.summary,
    `**Why:** ${rule.rationale}`,
  ];
  if (rule.details !== undefined) parts.push(rule.details);
  if (rule.fails !== undefined) parts.push(exampleMarkdown("Reported", rule.fails));
  if (rule.passes !== undefined) parts.push(exampleMarkdown("Not reported", rule.passes));
  const option = rule.reportedBy === "lint" ? "" : ", or `validate`'s `rules` option";
  parts.push(
    `Set its level with \`"rules": { "${rule.id}": "warn" }\` in a config file, \`--rule ${rule.id}=off\`${option}.`,
  );
  return parts.join("\n\n");
}

/** A rule's documentation as plain text: SARIF's help.text and `chatml rules <id>`. */
export function ruleText(rule: RuleInfo): string {
  const parts = [
    `${rule.id} (default ${rule.defaultLevel}, ${rule.category}): ${rule.summary}`,
    `Why: ${rule.rationale}`,
  ];
  if (rule.details !== undefined) parts.push(rule.details);
  if (rule.fails !== undefined) parts.push(exampleText("Reported", rule.fails));
  if (rule.passes !== undefined) parts.push(exampleText("Not reported", rule.passes));
  parts.push(`Docs: ${helpUri(rule)}`);
  return parts.join("\n\n");
}
