import { PARSE_DIAGNOSTICS, parse } from "@chatmlkit/parser";
import { describe, expect, it } from "vitest";
import {
  closestRuleIds,
  levelOf,
  RULES,
  type RuleExample,
  type RuleInfo,
  render,
  ruleInfo,
  ValidatorError,
  validate,
} from "../src/index.js";

/** An example through validate: a transcript as text, JSON parsed, with the example's settings. */
function validateExample(example: RuleExample) {
  const { maxExampleTokens: _, values: __, ...options } = example.options ?? {};
  const input = example.kind === "chatml" ? example.text : JSON.parse(example.text);
  return validate(input, options);
}

const REPORTED_BY_VALIDATE = RULES.filter((r) => r.reportedBy !== "lint" && r.reportedBy !== "render");

describe("the rule registry", () => {
  it("declares every id once, each with an anchor, docs and a default level", () => {
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of RULES) {
      expect(rule.anchor, rule.id).toBe(rule.id);
      expect(["error", "warn"]).toContain(rule.defaultLevel);
      expect(rule.summary.length, rule.id).toBeGreaterThan(20);
      expect(rule.rationale.length, rule.id).toBeGreaterThan(40);
    }
  });

  it("lists every parser code, at the parser's severity", () => {
    for (const d of PARSE_DIAGNOSTICS) {
      expect(ruleInfo(d.code)).toMatchObject({
        reportedBy: "parser",
        defaultLevel: d.severity === "error" ? "error" : "warn",
      });
    }
  });

  it("is plain data: a JSON round trip and structuredClone give it back", () => {
    expect(JSON.parse(JSON.stringify(RULES))).toEqual(RULES);
    expect(structuredClone(RULES)).toEqual(RULES);
  });

  it("has a failing and a passing example for every rule but internal-error and unreadable-file, which no file's text triggers", () => {
    // unreadable-file is a failure to read (packages/cli/test/walk.test.ts makes one); internal-error a bug.
    const without = RULES.filter((r) => r.fails === undefined || r.passes === undefined).map((r) => r.id);
    expect(without.sort()).toEqual(["internal-error", "unreadable-file"]);
  });
});

describe("every parser and validator rule's examples, through validate", () => {
  for (const rule of REPORTED_BY_VALIDATE.filter((r) => r.fails !== undefined)) {
    it(`${rule.id}: reported for its failing example, at its default level, and not for its passing one`, async () => {
      const failing = await validateExample(rule.fails as RuleExample);
      const found = failing.diagnostics.filter((d) => d.code === rule.id);
      expect(found.length, JSON.stringify(failing.diagnostics)).toBeGreaterThan(0);
      expect(found[0]?.severity).toBe(rule.defaultLevel === "error" ? "error" : "warning");
      const passing = await validateExample(rule.passes as RuleExample);
      expect(passing.diagnostics.map((d) => d.code)).not.toContain(rule.id);
    });
  }

  it("and the parser reports its codes' failing examples with the severity its table gives", () => {
    for (const d of PARSE_DIAGNOSTICS) {
      if (d.fails === undefined) continue;
      const options = { ...d.fails.options, placeholders: d.fails.options?.template === true };
      const found = parse(d.fails.text, options).diagnostics.filter((x) => x.code === d.code);
      expect(found.length, d.code).toBeGreaterThan(0);
      for (const x of found) expect(x.severity, d.code).toBe(d.severity);
    }
  });
});

describe("every rule only render reports, through render", () => {
  for (const rule of RULES.filter((r) => r.reportedBy === "render")) {
    it(`${rule.id}: reported for its failing example's values, and not for its passing one's`, () => {
      const run = (example: RuleExample) => {
        const { values = {}, variables } = example.options ?? {};
        const template = example.kind === "chatml" ? example.text : JSON.parse(example.text);
        return render(template, values, variables === undefined ? {} : { variables });
      };
      const failing = run(rule.fails as RuleExample);
      expect(failing.problems.map((p) => p.code)).toContain(rule.id);
      expect(failing.output).toBeUndefined();
      const passing = run(rule.passes as RuleExample);
      expect(passing.problems.map((p) => p.code)).not.toContain(rule.id);
    });
  }
});

describe("the rules option", () => {
  it("refuses a misspelt id with the closest known ids", async () => {
    const error = await validate([], { rules: { "special-tokn": "off" } as never }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidatorError);
    expect(error).toMatchObject({
      code: "invalid-option",
      message: 'unknown rule "special-tokn"; did you mean "special-token"?',
    });
    expect((error as ValidatorError).suggestions[0]).toBe("special-token");
  });

  it("takes every id of the registry, those only lint reports too (one config serves both)", async () => {
    const rules = Object.fromEntries(RULES.map((r) => [r.id, "off"]));
    const result = await validate([{ role: "user", content: "Hi <|im_end|>" }], { rules });
    expect(result.diagnostics).toEqual([]);
  });

  it("sets the level of a validator rule and of a parser code", async () => {
    const rule = (await validate([{ role: "user", content: "   " }], { rules: { "empty-content": "error" } }))
      .diagnostics[0];
    expect(rule).toMatchObject({ code: "empty-content", severity: "error" });
    const code = (
      await validate("<|im_start|>user name=a name=b\nHi<|im_end|>\n", {
        rules: { "duplicate-header-attribute": "error" },
      })
    ).diagnostics[0];
    expect(code).toMatchObject({ code: "duplicate-header-attribute", severity: "error" });
  });
});

describe("levelOf and closestRuleIds", () => {
  it("gives the configured level, else the reported severity, else the registry's default", () => {
    const info = ruleInfo("dataset-no-system") as RuleInfo;
    expect(levelOf("dataset-no-system", undefined)).toBe(info.defaultLevel);
    expect(levelOf("dataset-no-system", { "dataset-no-system": "off" })).toBe("off");
    // a dialect asked for makes dialect-mismatch an error
    expect(levelOf("dialect-mismatch", {}, "error")).toBe("error");
  });

  it("suggests ids by edit distance", () => {
    expect(closestRuleIds("invisble-character")[0]).toBe("invisible-character");
    expect(closestRuleIds("dataset-no-sytem")[0]).toBe("dataset-no-system");
    expect(closestRuleIds("zzzzzzzzzzzzzzzzzzzzzzzzzzzzzz")).toEqual([]);
  });
});
