import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { RULES, type RuleInfo } from "@chatmlkit/validator/rules";
import { describe, expect, it } from "vitest";
import { fixtureCase, ROOT, UPDATE } from "../../../scripts/fixtures.js";
import { formatMarkdown, readmeLink, rulesPage, rulesTable, withTable } from "../../../scripts/rules-docs.js";

// docs/rules.md and the READMEs' rule tables are checked like fixtures: UPDATE_FIXTURES=1
// (`pnpm generate`) rewrites them from the registry.
const docs = fixtureCase("docs");

describe("docs/rules.md", () => {
  it("is what the registry generates (UPDATE_FIXTURES=1 rewrites it)", () => {
    docs.golden("rules.md", formatMarkdown(rulesPage(RULES), "docs/rules.md"));
  });

  it("has a section at every rule's anchor, the one SARIF's helpUri and chatml rules point at", () => {
    const page = docs.text("rules.md");
    for (const rule of RULES) expect(page, rule.id).toContain(`\n### ${rule.anchor}\n`);
  });
});

/** Each README's table: the rules that package reports. */
const READMES: ReadonlyArray<readonly [string, (rule: RuleInfo) => boolean]> = [
  ["packages/parser/README.md", (r) => r.reportedBy === "parser"],
  ["packages/validator/README.md", (r) => r.reportedBy === "validator" || r.reportedBy === "render"],
  ["packages/cli/README.md", (r) => r.reportedBy === "lint"],
];

describe("the READMEs' rule tables", () => {
  for (const [name, reports] of READMES) {
    it(`${name} lists the rules the package reports, as the registry says (UPDATE_FIXTURES=1 rewrites it)`, () => {
      const path = join(ROOT, name);
      const readme = readFileSync(path, "utf8");
      const expected = formatMarkdown(
        withTable(readme, rulesTable(RULES.filter(reports), readmeLink), name),
        name,
      );
      if (UPDATE) writeFileSync(path, expected);
      else expect(readme, `${name}'s rule table (UPDATE_FIXTURES=1 regenerates)`).toBe(expected);
    });
  }

  it("together list every rule once", () => {
    const listed = READMES.flatMap(([, reports]) => RULES.filter(reports).map((r) => r.id));
    expect(listed.sort()).toEqual(RULES.map((r) => r.id).sort());
  });
});
