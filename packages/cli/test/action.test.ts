// The repository's GitHub Action (action.yml, composite): checked against GitHub's own action
// schema (the one its Actions language service validates action.yml with, from
// @actions/workflow-parser), and its steps run by composite-action.ts in a fake GITHUB_*
// environment, against the local build: the action's `cli` input names the chatml to run
// instead of installing @chatmlkit/cli from npm (the install branch runs a stand-in npm).
import {
  chmodSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { JSONObjectReader } from "@actions/workflow-parser/templates/json-object-reader";
import { TemplateSchema } from "@actions/workflow-parser/templates/schema/index";
import {
  TemplateContext,
  TemplateValidationErrors,
} from "@actions/workflow-parser/templates/template-context";
import { readTemplate } from "@actions/workflow-parser/templates/template-reader";
import { NoOperationTraceWriter } from "@actions/workflow-parser/templates/trace-writer";
import { YamlObjectReader } from "@actions/workflow-parser/workflows/yaml-object-reader";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { installChatml, ROOT } from "./bundle.js";
import { runCompositeAction } from "./composite-action.js";

const work = mkdtempSync(join(tmpdir(), "chatml-action-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
let chatml: string;
beforeAll(() => {
  chatml = installChatml(join(work, "bin"));
});

/** GitHub's problems with an action file, each "action.yml (Line: L, Col: C): message". */
function actionSchemaErrors(file: string, content: string): string[] {
  // The schema file itself: the package's own loader imports JSON in a way vitest does not load.
  const schemaFile = join(ROOT, "node_modules/@actions/workflow-parser/dist/action-v1.0.min.json");
  const schema = TemplateSchema.load(new JSONObjectReader(undefined, readFileSync(schemaFile, "utf8")));
  const context = new TemplateContext(new TemplateValidationErrors(), schema, new NoOperationTraceWriter());
  const id = context.getFileId(file);
  const reader = new YamlObjectReader(id, content);
  for (const error of reader.errors) context.error(id, error.message, error.range);
  // The strict root, as @actions/workflow-parser's parseAction reads an action.
  if (reader.errors.length === 0) readTemplate(context, "action-root-strict", reader, id);
  return context.errors.getErrors().map((e) => e.message);
}

/** A workspace (a repository checkout) with a clean prompt and one with an injected turn. */
function workspace(name: string): string {
  const dir = join(work, name, "repo");
  mkdirSync(dir, { recursive: true });
  cpSync(join(ROOT, "packages/cli/examples/prompts"), join(dir, "prompts"), { recursive: true });
  return dir;
}

describe("action.yml", () => {
  const text = readFileSync(join(ROOT, "action.yml"), "utf8");

  it("is a valid action by GitHub's action schema", () => {
    expect(actionSchemaErrors("action.yml", text)).toEqual([]);
  });

  it("the schema check finds a broken action (so the check above can fail)", () => {
    const broken = text
      .replace("shell: bash", "shell: bash\n      bogus: 1")
      .replace("inputs.cli }}", "input.cli }}");
    const errors = actionSchemaErrors("action.yml", broken);
    expect(errors.some((e) => e.includes("Unexpected value 'bogus'"))).toBe(true);
    expect(errors.some((e) => e.includes("Unrecognized named-value: 'input'"))).toBe(true);
  });

  it("installs by default the version of @chatmlkit/cli this commit builds", () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, "packages/cli/package.json"), "utf8"));
    expect(parse(text).inputs.version.default).toBe(version);
  });
});

describe("the README's copy-paste workflow and pre-commit config", () => {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const blocks = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => parse(m[1] ?? ""));
  const inputs = parse(readFileSync(join(ROOT, "action.yml"), "utf8")).inputs;

  it("uses this action with inputs it has, and its required ones", () => {
    type Step = { uses?: string; with?: Record<string, string> };
    const steps: Step[] = blocks.flatMap((b) =>
      Object.values(b?.jobs ?? {}).flatMap((j) => (j as { steps: Step[] }).steps),
    );
    const ours = steps.filter((s) => s.uses?.startsWith("chatmlkit/chatmlkit@"));
    expect(ours.length).toBe(1);
    const given = Object.keys(ours[0]?.with ?? {});
    expect(given.filter((k) => !(k in inputs))).toEqual([]);
    const required = Object.keys(inputs).filter((k) => inputs[k].required);
    expect(required.filter((k) => !given.includes(k))).toEqual([]);
  });

  it("names a hook .pre-commit-hooks.yaml defines", () => {
    const hooks = parse(readFileSync(join(ROOT, ".pre-commit-hooks.yaml"), "utf8")) as { id: string }[];
    const used = blocks.flatMap((b) => (b?.repos ?? []).flatMap((r: { hooks: { id: string }[] }) => r.hooks));
    expect(used.map((h: { id: string }) => h.id)).toEqual(["chatml-lint"]);
    expect(hooks.map((h) => h.id)).toContain("chatml-lint");
  });
});

describe("the action's steps, run as GitHub runs them", () => {
  it("annotate the problems, write the step summary, and fail with lint's exit code", () => {
    const repo = workspace("problems");
    const run = runCompositeAction(ROOT, repo, { paths: "prompts/", cli: chatml });
    expect(run.steps.map((s) => [s.id, s.code])).toEqual([
      ["install", 0],
      ["lint", 1],
    ]);
    const lint = run.steps[1]?.stdout ?? "";
    expect(lint).toContain(
      "::error file=prompts/support-chat.json,line=5,col=41,endLine=5,endColumn=51,title=chatml special-token::",
    );
    expect(lint).toContain("::warning file=prompts/support-chat.json,line=7,col=52");
    expect(run.summary).toContain("2 files checked: 2 errors and 1 warning in 1 file.");
    expect(run.outputs).toEqual({ "exit-code": "1", "sarif-file": "" });
  });

  it("pass a clean file with exit 0", () => {
    const run = runCompositeAction(ROOT, workspace("clean"), {
      paths: "prompts/tax-assistant.chatml",
      cli: chatml,
    });
    expect({ code: run.code, annotations: run.steps[1]?.stdout.match(/^::(error|warning)/gm) ?? [] }).toEqual(
      {
        code: 0,
        annotations: [],
      },
    );
    expect(run.outputs["exit-code"]).toBe("0");
  });

  it("write SARIF for upload-sarif as well as the annotations", () => {
    const repo = workspace("sarif");
    const run = runCompositeAction(ROOT, repo, {
      paths: "prompts",
      cli: chatml,
      "sarif-file": "chatml.sarif",
    });
    expect(run.code).toBe(1);
    expect(run.steps[1]?.stdout).toContain("::error file=prompts/support-chat.json");
    const sarif = JSON.parse(readFileSync(join(repo, "chatml.sarif"), "utf8"));
    expect(sarif.version).toBe("2.1.0");
    expect(sarif.runs[0].results.map((r: { ruleId: string }) => r.ruleId)).toEqual([
      "special-token",
      "special-token",
      "special-token-lookalike",
    ]);
    expect(run.outputs).toEqual({ "exit-code": "1", "sarif-file": "chatml.sarif" });
  });

  it("take paths separated by newlines and spaces, globs expanded by chatml", () => {
    const repo = workspace("globs");
    writeFileSync(join(repo, "prompts", "my prompt.chatml"), "<|im_start|>user\nHi<|im_end|>\n");
    // The shell would expand prompts/*.chatml in the workspace; chatml expands it the same, but
    // a glob matching nothing is chatml's usage error, not a literal path the shell left.
    const run = runCompositeAction(ROOT, repo, {
      paths: "prompts/*.chatml\n  prompts/none-*.json\n",
      cli: chatml,
    });
    expect(run.code).toBe(2);
    expect(run.steps[1]?.stderr).toContain("prompts/none-*.json");
    const two = runCompositeAction(ROOT, repo, {
      paths: " prompts/*.chatml\n\tprompts/support-chat.json ",
      cli: chatml,
    });
    expect(two.code).toBe(1);
    expect(two.steps[1]?.stdout).toContain("::error file=prompts/support-chat.json");
  });

  it("never run an input as shell", () => {
    const repo = workspace("inject");
    const run = runCompositeAction(ROOT, repo, {
      paths: "$(touch pwned-1) `touch pwned-2` ;touch pwned-3",
      args: "$(touch pwned-4)",
      model: "gpt-4o; touch pwned-5",
      cli: chatml,
    });
    expect(run.code).toBe(2);
    expect(readdirSync(repo).filter((f) => f.startsWith("pwned"))).toEqual([]);
  });

  it("pass args, max-warnings, model and config to chatml lint", () => {
    const repo = workspace("flags");
    const off = { paths: "prompts", cli: chatml, args: "--rule special-token=off" };
    expect(runCompositeAction(ROOT, repo, off).code).toBe(0);
    const strict = runCompositeAction(ROOT, repo, { ...off, "max-warnings": "0" });
    expect(strict.code).toBe(1);
    expect(strict.steps[1]?.stderr).toContain("too many warnings (maximum: 0)");
    const model = runCompositeAction(ROOT, repo, { ...off, model: "gpt-4q" });
    expect(model.code).toBe(2);
    expect(model.steps[1]?.stderr).toContain("gpt-4q");
    writeFileSync(join(repo, "lint.json"), JSON.stringify({ rules: { "special-token-lookalike": "error" } }));
    const config = runCompositeAction(ROOT, repo, { ...off, config: "lint.json" });
    expect(config.steps[1]?.stdout).toContain("::error file=prompts/support-chat.json,line=7,col=52");
  });

  it("refuse an empty paths input with an annotation", () => {
    const run = runCompositeAction(ROOT, workspace("empty"), { paths: " \n ", cli: chatml });
    expect(run.code).toBe(2);
    expect(run.steps[1]?.stdout).toContain("::error title=chatml lint::the paths input is empty");
  });

  it("install @chatmlkit/cli with npm outside the workspace when no cli is given", () => {
    const repo = workspace("install");
    // A stand-in npm (the test runs offline): it logs its arguments and "installs" the local build.
    const bin = join(work, "install", "fake-bin");
    mkdirSync(bin);
    const log = join(work, "install", "npm.log");
    writeFileSync(
      join(bin, "npm"),
      `#!/bin/sh\necho "$@" > "${log}"\nwhile [ $# -gt 0 ]; do [ "$1" = --prefix ] && prefix=$2; shift; done\n` +
        `mkdir -p "$prefix/node_modules/.bin" && ln -s "${chatml}" "$prefix/node_modules/.bin/chatml"\n`,
    );
    chmodSync(join(bin, "npm"), 0o755);
    const run = runCompositeAction(
      ROOT,
      repo,
      { paths: "prompts", version: "0.1.0-rc.1" },
      {
        PATH: `${bin}:${process.env.PATH}`,
      },
    );
    expect(run.steps.map((s) => [s.id, s.code])).toEqual([
      ["install", 0],
      ["lint", 1],
    ]);
    const args = readFileSync(log, "utf8");
    expect(args).toContain("install --no-save");
    expect(args).toMatch(/--prefix \S+\/chatmlkit-cli @chatmlkit\/cli@0\.1\.0-rc\.1\n$/);
    expect(args).not.toContain(repo);
    expect(run.steps[1]?.stdout).toContain("::error file=prompts/support-chat.json");
  });
});
