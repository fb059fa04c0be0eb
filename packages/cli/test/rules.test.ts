import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RULES, type RuleExample, type RuleInfo } from "@chatmlkit/validator/rules";
import { afterAll, describe, expect, it } from "vitest";
import { memoryIo, runCli } from "../src/index.js";
import { helpUri } from "../src/rules/doc.js";

const work = mkdtempSync(join(tmpdir(), "chatml-rules-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const EXTENSION: Readonly<Record<RuleExample["kind"], string>> = {
  chatml: "chatml",
  json: "json",
  jsonl: "jsonl",
};

/** Writes an example as a file (and its settings as the folder's config); returns the folder and file name. */
function exampleFile(name: string, example: RuleExample): { cwd: string; file: string } {
  const cwd = join(work, name);
  mkdirSync(cwd, { recursive: true });
  const file = `example.${EXTENSION[example.kind]}`;
  writeFileSync(join(cwd, file), Buffer.from(example.text, example.encoding ?? "utf8"));
  // A profile is no config key: its examples are read by `chatml parse --profile` (see below).
  // Values are render's: its examples are rendered with them (see below).
  const { profile: _profile, values, ...settings } = example.options ?? {};
  if (values !== undefined) writeFileSync(join(cwd, "values.json"), JSON.stringify(values));
  if (settings.variables !== undefined)
    writeFileSync(join(cwd, `${file}.vars.json`), JSON.stringify(settings.variables));
  if (Object.keys(settings).length > 0)
    writeFileSync(join(cwd, "chatml.config.json"), JSON.stringify(settings));
  return { cwd, file };
}

/** `chatml lint` in-process, as CI runs it; the rule ids reported, and the exit code. */
async function lint(cwd: string, args: string[]): Promise<{ code: number; rules: string[]; out: string }> {
  const io = memoryIo({ cwd });
  const code = await runCli(["lint", ...args, "--jobs", "1", "-f", "json"], io);
  const report = JSON.parse(io.out() || "[]") as { messages: { ruleId: string }[] }[];
  return { code, rules: report.flatMap((f) => f.messages.map((m) => m.ruleId)), out: io.err() };
}

/** `chatml render FILE --vars values.json` in-process: the rule ids of its problem lines, and the exit code. */
async function renderWith(
  cwd: string,
  file: string,
): Promise<{ code: number; rules: string[]; out: string }> {
  const io = memoryIo({ cwd });
  const code = await runCli(["render", file, "--vars", "values.json"], io);
  const rules = [...io.err().matchAll(/\(([a-z-]+)\)$/gm)].map((m) => m[1] as string);
  return { code, rules, out: io.err() };
}

const documented = RULES.filter((r) => r.fails !== undefined && r.passes !== undefined);

describe("every rule's examples, through chatml lint", () => {
  for (const rule of documented) {
    // A profile's own diagnostics come from reading with the profile: lint --profile.
    const profile = rule.fails?.options?.profile;
    const rendered = rule.reportedBy === "render";
    const run = (cwd: string, file: string) =>
      rendered
        ? renderWith(cwd, file)
        : lint(cwd, profile === undefined ? [file] : [file, "--profile", profile]);
    it(`${rule.id}: reported for its failing example and not for its passing one${rendered ? " (chatml render --vars)" : profile === undefined ? "" : ` (--profile ${profile})`}`, async () => {
      const failing = exampleFile(`${rule.id}-fails`, rule.fails as RuleExample);
      const found = await run(failing.cwd, failing.file);
      expect(found.rules, found.out).toContain(rule.id);
      const passing = exampleFile(`${rule.id}-passes`, rule.passes as RuleExample);
      expect((await run(passing.cwd, passing.file)).rules).not.toContain(rule.id);
    });
  }

  // Until the registry, --rule invalid-json=off did nothing: lint wrote these levels itself.
  for (const id of ["invalid-json", "invalid-encoding", "dataset-invalid-json"] as const) {
    it(`--rule ${id}=off silences it and =warn makes it a warning`, async () => {
      const rule = RULES.find((r) => r.id === id) as RuleInfo;
      const { cwd, file } = exampleFile(`${id}-levels`, rule.fails as RuleExample);
      expect((await lint(cwd, [file])).code).toBe(1);
      const off = await lint(cwd, [file, "--rule", `${id}=off`]);
      expect(off).toMatchObject({ code: 0, rules: [] });
      const io = memoryIo({ cwd });
      expect(await runCli(["lint", file, "--jobs", "1", "-f", "json", "--rule", `${id}=warn`], io)).toBe(0);
      expect(JSON.parse(io.out())[0].messages[0]).toMatchObject({ ruleId: id, severity: 1 });
    });
  }
});

describe("rule ids in --rule and config files", () => {
  it("a misspelt id in --rule is a usage error naming the closest ids", async () => {
    const { cwd, file } = exampleFile("misspelt-flag", { kind: "json", text: "[]" });
    const io = memoryIo({ cwd });
    expect(await runCli(["lint", file, "--rule", "special-tokn=off"], io)).toBe(2);
    expect(io.err()).toBe(
      'chatml: --rule special-tokn=off: unknown rule "special-tokn"; did you mean "special-token"? (chatml rules lists them)\n',
    );
  });

  it("a misspelt id in a config file is a usage error at its line and column, naming the closest ids", async () => {
    const { cwd, file } = exampleFile("misspelt-config", { kind: "json", text: "[]" });
    writeFileSync(join(cwd, "chatml.config.json"), '{ "rules": { "special-tokn": "off" } }');
    for (const command of [
      ["lint", file],
      ["count", file, "--model", "gpt-4o"],
    ]) {
      const io = memoryIo({ cwd });
      expect(await runCli(command, io)).toBe(2);
      expect(io.err()).toBe(
        'chatml.config.json:1:15: unknown rule "special-tokn" in "rules"; did you mean "special-token"? (chatml rules lists them)\n',
      );
    }
  });

  it("every id of the registry is accepted, dataset and input rules too", async () => {
    const { cwd, file } = exampleFile("every-id", {
      kind: "json",
      text: '[{ "role": "user", "content": "Hi" }]',
    });
    const flags = RULES.flatMap((r) => ["--rule", `${r.id}=warn`]);
    expect((await lint(cwd, [file, ...flags])).code).toBe(0);
  });
});

describe("SARIF's rules", () => {
  it("describe every rule a run reports: full description, help text and Markdown, and its docs anchor", async () => {
    const cwd = join(work, "sarif");
    mkdirSync(cwd, { recursive: true });
    const files = documented.map((rule) => {
      // The examples' own settings are left out: --model below is all a whole run gets.
      const { options: _, ...example } = rule.fails as RuleExample;
      const { file } = exampleFile(`sarif/${rule.id}`, example);
      return `${rule.id}/${file}`;
    });
    const io = memoryIo({ cwd });
    await runCli(["lint", ...files, "--jobs", "1", "-f", "sarif", "--model", "gpt-4o"], io);
    const run = JSON.parse(io.out()).runs[0];
    const reported = new Set<string>(run.results.map((r: { ruleId: string }) => r.ruleId));
    expect(reported.size).toBeGreaterThan(25);
    const rules: { id: string; helpUri: string }[] = run.tool.driver.rules;
    expect(rules.map((r) => r.id)).toEqual(RULES.map((r) => r.id));
    for (const result of run.results as { ruleId: string; ruleIndex: number }[]) {
      const info = RULES[result.ruleIndex] as RuleInfo;
      expect(info.id).toBe(result.ruleId);
      expect(rules[result.ruleIndex]).toEqual({
        id: info.id,
        shortDescription: { text: info.summary },
        fullDescription: { text: expect.stringContaining(info.rationale) },
        help: {
          text: expect.stringContaining(info.rationale),
          markdown: expect.stringContaining(info.rationale),
        },
        helpUri: `https://github.com/chatmlkit/chatmlkit/blob/main/docs/rules.md#${info.anchor}`,
        defaultConfiguration: { level: info.defaultLevel === "error" ? "error" : "warning" },
        properties: { tags: [info.category] },
      });
      expect(helpUri(info)).toBe(rules[result.ruleIndex]?.helpUri);
    }
  });
});

describe("chatml rules", () => {
  it("--format json prints the registry's entries as plain JSON", async () => {
    const io = memoryIo({ cwd: work });
    expect(await runCli(["rules", "--format", "json"], io)).toBe(0);
    expect(JSON.parse(io.out())).toEqual(RULES);
  });

  it("--format json with ids prints those entries", async () => {
    const io = memoryIo({ cwd: work });
    expect(await runCli(["rules", "invalid-json", "special-token", "-f", "json"], io)).toBe(0);
    expect(JSON.parse(io.out()).map((r: RuleInfo) => r.id)).toEqual(["invalid-json", "special-token"]);
  });

  it("lists every rule on a line: id, default level, summary", async () => {
    const io = memoryIo({ cwd: work });
    expect(await runCli(["rules"], io)).toBe(0);
    const lines = io.out().split("\n");
    for (const rule of RULES) {
      expect(lines.find((l) => l.startsWith(`${rule.id} `))).toMatch(
        new RegExp(
          `^${rule.id} +${rule.defaultLevel} +${rule.summary.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`,
        ),
      );
    }
  });

  it("refuses an unknown id with the closest ones (exit 2)", async () => {
    const io = memoryIo({ cwd: work });
    expect(await runCli(["rules", "dataset-no-sytem"], io)).toBe(2);
    expect(io.err()).toContain('unknown rule "dataset-no-sytem"; did you mean "dataset-no-system"');
  });
});
