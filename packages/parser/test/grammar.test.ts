import { createSyntaxDiagramsCode } from "chevrotain";
import { describe, expect, it } from "vitest";
import { fixtureCase } from "../../../scripts/fixtures.js";
import { ChatMLParser } from "../src/grammar.js";
import { allTokens } from "../src/tokens.js";

// grammar/ is checked like a fixture: UPDATE_FIXTURES=1 (`pnpm generate`) rewrites it.
const grammar = fixtureCase("grammar");
const productions = new ChatMLParser().getSerializedGastProductions();
const GENERATED =
  "Generated from the parser by packages/parser/test/grammar.test.ts; regenerate with `pnpm generate`.";

describe("grammar/", () => {
  it("serialized grammar is up to date", () => {
    grammar.goldenJson("chatml.grammar.json", { $comment: GENERATED, productions });
  });

  it("railroad diagrams are up to date", () => {
    grammar.golden("chatml.diagrams.html", `<!-- ${GENERATED} -->\n${createSyntaxDiagramsCode(productions)}`);
  });

  it("chatml.ebnf defines exactly the parser's rules", () => {
    const ebnf = grammar.text("chatml.ebnf").replace(/\(\*[\s\S]*?\*\)/g, "");
    const defined = [...ebnf.matchAll(/^([A-Za-z]+)\s*::=/gm)].map((m) => m[1] as string);
    const rules = defined.filter((name) => /^[a-z]/.test(name));
    expect(rules.sort()).toEqual(productions.map((p) => (p as unknown as { name: string }).name).sort());
    // Every token the EBNF defines is one the lexer has.
    const tokenNames = new Set(allTokens.map((t) => t.name));
    for (const name of defined.filter((n) => /^[A-Z]/.test(n))) {
      expect(tokenNames.has(name), `EBNF token ${name} is not a lexer token`).toBe(true);
    }
  });
});
