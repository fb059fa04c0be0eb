// scripts/mutation-explained.json lists the surviving mutants no test can kill, each by its file
// and source line. The mutation run is hours and not in CI; this checks in CI that the list still
// names lines that exist, so an edit that moves or changes a line fails here, not silently there.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../../../scripts/fixtures.js";

interface Explanation {
  file: string;
  line: string;
  /** The mutated code, when only some of the line's code is explained. */
  original?: string;
  mutants: string[];
  why: string;
}

const explanations = JSON.parse(
  readFileSync(join(ROOT, "scripts", "mutation-explained.json"), "utf8"),
) as Explanation[];
/** Stryker's mutator names, as its reports spell them. */
const MUTATORS = new Set([
  "ArithmeticOperator",
  "ArrayDeclaration",
  "ArrowFunction",
  "AssignmentOperator",
  "BlockStatement",
  "BooleanLiteral",
  "ConditionalExpression",
  "EqualityOperator",
  "LogicalOperator",
  "MethodExpression",
  "ObjectLiteral",
  "OptionalChaining",
  "Regex",
  "StringLiteral",
  "UnaryOperator",
  "UpdateOperator",
]);

describe("scripts/mutation-explained.json", () => {
  it("each entry names a source line that exists, known mutators and a reason", () => {
    const sources = new Map<string, Set<string>>();
    for (const e of explanations) {
      const label = `${e.file}: ${e.line}`;
      let lines = sources.get(e.file);
      if (lines === undefined) {
        lines = new Set(
          readFileSync(join(ROOT, e.file), "utf8")
            .split("\n")
            .map((l) => l.trim()),
        );
        sources.set(e.file, lines);
      }
      expect(lines.has(e.line), `${label}: no such line now; update or remove the entry`).toBe(true);
      if (e.original !== undefined) expect(e.line, `${label}: original`).toContain(e.original);
      expect(e.mutants.length, label).toBeGreaterThan(0);
      for (const spec of e.mutants)
        expect(MUTATORS.has(spec.split(":")[0] as string), `${label}: ${spec}`).toBe(true);
      expect(e.why.trim().length, `${label}: why`).toBeGreaterThan(10);
    }
  });

  it("names each line of a file once (or each of its mutated codes once)", () => {
    const keys = explanations.map((e) => `${e.file}\n${e.line}\n${e.original ?? ""}`);
    expect(keys.length - new Set(keys).size).toBe(0);
  });
});
