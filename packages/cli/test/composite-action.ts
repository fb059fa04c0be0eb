// Runs a composite GitHub Action's steps as the runner would, on this machine: each `run:` step
// with `bash --noprofile --norc -eo pipefail` (GitHub's command for `shell: bash`), its `env:`
// expressions evaluated, GITHUB_OUTPUT read back for later steps, in a fake GITHUB_* environment.
// Only what action.yml needs is supported; anything else (uses: steps, if:, other expressions)
// throws, so the test cannot pass by skipping a step it does not understand.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";

/** One step as it ran. */
export interface StepRun {
  readonly id: string | undefined;
  readonly name: string | undefined;
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly outputs: Readonly<Record<string, string>>;
}

/** The run of the whole action: its steps (up to the first that failed) and its outputs. */
export interface ActionRun {
  readonly steps: readonly StepRun[];
  readonly outputs: Readonly<Record<string, string>>;
  /** The exit code of the last step run (0 when every step passed). */
  readonly code: number | null;
  /** What the steps wrote to GITHUB_STEP_SUMMARY. */
  readonly summary: string;
}

interface ActionFile {
  inputs?: Record<string, { default?: string; required?: boolean }>;
  outputs?: Record<string, { value: string }>;
  runs: { using: string; steps: StepFile[] };
}

interface StepFile {
  id?: string;
  name?: string;
  shell?: string;
  run?: string;
  env?: Record<string, string>;
  [key: string]: unknown;
}

/**
 * Runs the composite action in `actionDir`/action.yml with `inputs` (the rest take their
 * defaults), in `workspace`, with `env` added to a GitHub-like environment.
 */
export function runCompositeAction(
  actionDir: string,
  workspace: string,
  inputs: Record<string, string>,
  env: Record<string, string> = {},
): ActionRun {
  const action = parse(readFileSync(join(actionDir, "action.yml"), "utf8")) as ActionFile;
  if (action.runs.using !== "composite") throw new Error(`not a composite action: ${action.runs.using}`);
  for (const name of Object.keys(inputs)) {
    if (!action.inputs?.[name]) throw new Error(`action.yml has no input "${name}"`);
  }
  const inputValues: Record<string, string> = {};
  for (const [name, spec] of Object.entries(action.inputs ?? {})) {
    inputValues[name] = inputs[name] ?? spec.default ?? "";
  }
  const temp = mkdtempSync(join(workspace, "..", "runner-"));
  const files = {
    GITHUB_STEP_SUMMARY: join(temp, "summary.md"),
    GITHUB_ENV: join(temp, "env"),
    GITHUB_PATH: join(temp, "path"),
  };
  for (const file of Object.values(files)) writeFileSync(file, "");
  const stepOutputs: Record<string, Record<string, string>> = {};
  const evaluate = (text: string) =>
    text.replace(/\$\{\{\s*([^}]*?)\s*\}\}/g, (_, expression: string) =>
      expressionValue(expression, inputValues, stepOutputs, actionDir),
    );
  const steps: StepRun[] = [];
  for (const [index, step] of action.runs.steps.entries()) {
    const unsupported = Object.keys(step).filter((k) => !["id", "name", "shell", "run", "env"].includes(k));
    if (unsupported.length > 0)
      throw new Error(`step ${index + 1}: unsupported keys ${unsupported.join(", ")}`);
    if (step.shell !== "bash" || typeof step.run !== "string") {
      throw new Error(`step ${index + 1}: only run: steps with shell: bash are supported`);
    }
    // An expression in a script is pasted into it before bash reads it: an input could inject shell.
    if (step.run.includes("${{")) throw new Error(`step ${index + 1}: an expression inside run:`);
    const script = join(temp, `step-${index + 1}.sh`);
    writeFileSync(script, step.run);
    const output = join(temp, `output-${index + 1}`);
    writeFileSync(output, "");
    const stepEnv = Object.fromEntries(
      Object.entries(step.env ?? {}).map(([k, v]) => [k, evaluate(String(v))]),
    );
    const run = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", script], {
      cwd: workspace,
      encoding: "utf8",
      env: {
        PATH: process.env.PATH ?? "/usr/bin:/bin",
        HOME: process.env.HOME ?? temp,
        CI: "true",
        GITHUB_ACTIONS: "true",
        GITHUB_WORKSPACE: workspace,
        GITHUB_ACTION_PATH: actionDir,
        GITHUB_OUTPUT: output,
        RUNNER_TEMP: temp,
        ...files,
        ...env,
        ...stepEnv,
      },
      timeout: 120_000,
    });
    const outputs = readOutputFile(readFileSync(output, "utf8"));
    if (step.id !== undefined) stepOutputs[step.id] = outputs;
    steps.push({
      id: step.id,
      name: step.name,
      code: run.status,
      stdout: run.stdout,
      stderr: run.stderr,
      outputs,
    });
    if (run.status !== 0) break;
  }
  const outputs = Object.fromEntries(
    Object.entries(action.outputs ?? {}).map(([name, spec]) => [name, evaluate(spec.value)]),
  );
  const summary = readFileSync(files.GITHUB_STEP_SUMMARY, "utf8");
  return { steps, outputs, code: steps.at(-1)?.code ?? 0, summary };
}

/** The runner's contexts this action reads: inputs, steps' outputs, github.action_path. */
function expressionValue(
  expression: string,
  inputs: Record<string, string>,
  steps: Record<string, Record<string, string>>,
  actionDir: string,
): string {
  const input = /^inputs\.([A-Za-z0-9_-]+)$/.exec(expression);
  if (input) {
    const value = inputs[input[1] as string];
    if (value === undefined) throw new Error(`\${{ ${expression} }}: no such input`);
    return value;
  }
  const output = /^steps\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)$/.exec(expression);
  // A step that has not run, or did not set the output, gives "" (as on GitHub).
  if (output) return steps[output[1] as string]?.[output[2] as string] ?? "";
  if (expression === "github.action_path") return actionDir;
  throw new Error(`\${{ ${expression} }}: not supported by this runner`);
}

/** GITHUB_OUTPUT's two forms: `name=value` lines and `name<<DELIMITER` ... `DELIMITER` blocks. */
function readOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2] as string, i + 1);
      if (end < 0) throw new Error(`GITHUB_OUTPUT: ${heredoc[1]} is not closed by ${heredoc[2]}`);
      outputs[heredoc[1] as string] = lines.slice(i + 1, end).join("\n");
      i = end;
    } else if (line.includes("=")) {
      const at = line.indexOf("=");
      outputs[line.slice(0, at)] = line.slice(at + 1);
    }
  }
  return outputs;
}
