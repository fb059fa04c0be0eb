// docs/rules.md and the READMEs' rule tables, generated from the rule registry (RULES): checked
// for drift by packages/cli/test/rules-docs.test.ts, rewritten by `pnpm generate`.
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import type { RuleCategory, RuleInfo } from "@chatmlkit/validator/rules";
import { helpUri, ruleMarkdown } from "../packages/cli/src/rules/doc.js";
import { ROOT } from "./fixtures.js";

/** The categories in the order the page lists them, with their headings. */
const CATEGORIES: ReadonlyArray<readonly [RuleCategory, string]> = [
  ["injection", "Injection"],
  ["message", "Messages"],
  ["template", "Prompt templates"],
  ["structure", "Transcript and input structure"],
  ["budget", "Token limits"],
  ["dataset", "Fine-tuning datasets"],
  ["input", "Files lint cannot read"],
];

export const GENERATED =
  "Generated from the rule registry (packages/parser/src/diagnostics.ts, packages/validator/src/rules/) by packages/cli/test/rules-docs.test.ts: edit the rules there and run `pnpm generate`.";

/** A Markdown table of `rules`: id (linked to its section), default level, summary. */
export function rulesTable(rules: readonly RuleInfo[], link: (rule: RuleInfo) => string): string {
  const cell = (text: string) => text.replaceAll("|", "\\|");
  const rows = rules.map((r) => `| [\`${r.id}\`](${link(r)}) | ${r.defaultLevel} | ${cell(r.summary)} |`);
  return ["| rule | default | what |", "| --- | --- | --- |", ...rows].join("\n");
}

/** docs/rules.md: every rule, by category, each in a section whose anchor is its id. */
export function rulesPage(rules: readonly RuleInfo[]): string {
  const parts = [
    "# Rules",
    `<!-- ${GENERATED} -->`,
    "Every problem chatmlkit reports carries the id of a rule. Each rule has a default level, `error` or `warn`; set another (or `off`) in a config file's `rules`, with `chatml lint --rule <id>=<level>`, or with `validate`'s `rules` option. An id that no rule has is refused, with the closest ids. `chatml rules` lists the rules and `chatml rules <id>` shows one; SARIF output links each alert here.",
    rulesTable(rules, (r) => `#${r.anchor}`),
  ];
  for (const [category, title] of CATEGORIES) {
    const inCategory = rules.filter((r) => r.category === category);
    if (inCategory.length === 0) continue;
    parts.push(`## ${title}`);
    for (const rule of inCategory) parts.push(`### ${rule.anchor}`, ruleMarkdown(rule));
  }
  const listed = new Set(CATEGORIES.map(([c]) => c));
  const missed = rules.filter((r) => !listed.has(r.category)).map((r) => r.id);
  if (missed.length > 0) throw new Error(`rules of no category docs/rules.md lists: ${missed.join(", ")}`);
  return `${parts.join("\n\n")}\n`;
}

/** `text` as biome formats Markdown: the repository's lint checks every .md file so. */
export function formatMarkdown(text: string, path: string): string {
  return execFileSync(join(ROOT, "node_modules/.bin/biome"), ["format", `--stdin-file-path=${path}`], {
    input: text,
    encoding: "utf8",
    cwd: ROOT,
  });
}

/** Markers around a generated part of a README. */
export const BEGIN = "<!-- rules:begin (generated: pnpm generate) -->";
export const END = "<!-- rules:end -->";

/** `readme` with the text between its markers replaced by `table`; an error if it has no markers. */
export function withTable(readme: string, table: string, name: string): string {
  const begin = readme.indexOf(BEGIN);
  const end = readme.indexOf(END);
  if (begin === -1 || end < begin) throw new Error(`${name} has no ${BEGIN} ... ${END} section`);
  return `${readme.slice(0, begin + BEGIN.length)}\n\n${table}\n\n${readme.slice(end)}`;
}

/** A rule's link from a README: its section of docs/rules.md on GitHub (npm shows READMEs too). */
export const readmeLink = (rule: RuleInfo): string => helpUri(rule);
