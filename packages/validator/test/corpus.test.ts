import { describe, expect, it } from "vitest";
import { fixtureCase } from "../../../scripts/fixtures.js";
import { type ValidateOptions, validate } from "../src/index.js";

/** One hand-written case of fixtures/validate/cases.json: input, and the verdict a reviewer expects. */
interface CorpusCase {
  name: string;
  class: "attack" | "benign" | "structure" | "budget";
  note: string;
  input: unknown;
  options?: ValidateOptions;
  verdict: "pass" | "warn" | "error";
  rules: string[];
}

const corpus = fixtureCase("fixtures/validate");
const cases = corpus.json<CorpusCase[]>("cases.json");

describe("validation corpus (fixtures/validate/cases.json)", () => {
  it("holds at least 60 cases with unique names, attacks and benign look-alikes both", () => {
    expect(cases.length).toBeGreaterThanOrEqual(60);
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
    expect(cases.filter((c) => c.class === "benign").length).toBeGreaterThanOrEqual(15);
  });

  for (const c of cases) {
    it(`${c.class}: ${c.name}`, async () => {
      const result = await validate(c.input, c.options);
      const verdict = result.errorCount > 0 ? "error" : result.warningCount > 0 ? "warn" : "pass";
      const rules = [...new Set(result.diagnostics.map((d) => d.code))].sort();
      const label = `case ${c.name} (${c.note})`;
      expect({ verdict, rules }, label).toEqual({ verdict: c.verdict, rules: c.rules });
      corpus.goldenJson(`expected/${c.name}.json`, { diagnostics: result.diagnostics, count: result.count });
    });
  }
});
