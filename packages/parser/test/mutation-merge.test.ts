// scripts/mutation-report.mjs --merge puts the results of a mutation run made at the same time in
// another worktree into the local ones. Test ids are a report's own, so a mutant's tests must still
// be the same tests after the merge: checked here on two small reports.
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain .mjs script, untyped
import { mergeReports } from "../../../scripts/mutation-report.mjs";

const SOURCE = "it('a')\nit('b')\nit('c')";
const mutant = (file: string, id: string, tests: string[]) => ({
  id,
  mutatorName: "BooleanLiteral",
  replacement: "true",
  status: "Killed",
  location: { start: { line: 1, column: 1 }, end: { line: 1, column: 5 } },
  coveredBy: tests,
  killedBy: tests.slice(0, 1),
  source: file,
});

function reports() {
  const into = {
    files: {
      "packages/validator/src/a.ts": {
        language: "typescript",
        source: "A",
        mutants: [mutant("a", "0", ["0", "1"])],
      },
    },
    testFiles: {
      "t.test.ts": {
        source: SOURCE,
        tests: [
          { id: "0", name: "a" },
          { id: "1", name: "b" },
        ],
      },
    },
  };
  const from = {
    files: {
      "packages/validator/src/a.ts": { language: "typescript", source: "A", mutants: [mutant("a", "0", [])] },
      "packages/parser/src/p.ts": {
        language: "typescript",
        source: "P",
        mutants: [mutant("p", "0", ["7", "5"])],
      },
    },
    // The same tests under other ids, and one the first report does not have.
    testFiles: {
      "t.test.ts": {
        source: SOURCE,
        tests: [
          { id: "5", name: "b" },
          { id: "6", name: "a" },
          { id: "7", name: "c" },
        ],
      },
    },
  };
  return { into, from };
}

describe("mergeReports", () => {
  it("takes the files under the prefixes, their tests mapped to the same tests' ids", () => {
    const { into, from } = reports();
    const merged = mergeReports(into, from, ["packages/parser/"]);
    expect(merged.testFiles["t.test.ts"].tests).toEqual([
      { id: "0", name: "a" },
      { id: "1", name: "b" },
      { id: "2", name: "c" },
    ]);
    const [p] = merged.files["packages/parser/src/p.ts"].mutants;
    expect([p.coveredBy, p.killedBy]).toEqual([["2", "1"], ["2"]]);
    // A file outside the prefixes keeps its own results.
    expect(merged.files["packages/validator/src/a.ts"].mutants[0].coveredBy).toEqual(["0", "1"]);
  });

  it("keeps the first report's version of a test file the runs read differently, its tests matched by name", () => {
    const { into, from } = reports();
    from.testFiles["t.test.ts"].source = "it('a')\n\nit('b')\nit('c')";
    const merged = mergeReports(into, from, ["packages/parser/"]);
    expect(merged.testFiles["t.test.ts"].source).toBe(SOURCE);
    expect(merged.testFiles["t.test.ts"].tests.map((t: { id: string }) => t.id)).toEqual(["0", "1", "2"]);
    expect(merged.files["packages/parser/src/p.ts"].mutants[0].coveredBy).toEqual(["2", "1"]);
  });
});
