// The GitHub Pages workflow is valid (GitHub's own parser reads it without error) and publishes
// what the build makes: the folder Vite writes the page to.
import { readFileSync } from "node:fs";
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
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ROOT } from "./browser.js";

const FILE = ".github/workflows/playground.yml";
const content = readFileSync(join(ROOT, FILE), "utf8");

/** GitHub's problems with a workflow file, as its parser reads one against the workflow schema. */
function workflowErrors(file: string, text: string): string[] {
  // The schema file itself: the package's own loader imports JSON in a way vitest does not load.
  const schemaFile = join(ROOT, "node_modules/@actions/workflow-parser/dist/workflow-v1.0.min.json");
  const schema = TemplateSchema.load(new JSONObjectReader(undefined, readFileSync(schemaFile, "utf8")));
  const context = new TemplateContext(new TemplateValidationErrors(), schema, new NoOperationTraceWriter());
  const id = context.getFileId(file);
  const reader = new YamlObjectReader(id, text);
  for (const error of reader.errors) context.error(id, error.message, error.range);
  if (reader.errors.length === 0) readTemplate(context, "workflow-root-strict", reader, id);
  return context.errors.getErrors().map((e) => e.message);
}

describe(FILE, () => {
  it("parses as a workflow without errors (and the check sees a broken one)", () => {
    expect(workflowErrors(FILE, content)).toEqual([]);
    expect(workflowErrors(FILE, content.replace("runs-on:", "runs-onn:")).length).toBeGreaterThan(0);
  });

  it("builds with the repository's build and uploads the page's output folder", () => {
    const steps: { run?: string; uses?: string; with?: { path?: string } }[] =
      parse(content).jobs.build.steps;
    expect(steps.map((s) => s.run).filter(Boolean)).toContain("npx -y pnpm@12.4.2 run build");
    const upload = steps.find((s) => s.uses?.startsWith("actions/upload-pages-artifact@"));
    const config = readFileSync(join(ROOT, "packages/playground/vite.config.ts"), "utf8");
    expect(config).toContain('outDir: "dist"');
    expect(upload?.with?.path).toBe("packages/playground/dist");
  });
});
