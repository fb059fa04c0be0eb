// The pre-commit hook (.pre-commit-hooks.yaml) with the real pre-commit tool, offline: a scratch
// project with the CLI installed (node_modules/.bin/chatml, running the local build) uses the hook
// from a scratch hook repository holding this repository's .pre-commit-hooks.yaml (so the hook is
// tested as it is in the work tree, committed or not), and `git commit` runs it.
// Without pre-commit installed the tests are skipped, saying so; CI (.ci/run) installs it and sets
// CHATML_REQUIRE_PRE_COMMIT=1, and then a missing pre-commit fails.
import { type SpawnSyncOptions, spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installChatml, ROOT } from "./bundle.js";

const found = spawnSync("pre-commit", ["--version"], { encoding: "utf8" });
const available = found.status === 0;
const required = process.env.CHATML_REQUIRE_PRE_COMMIT === "1";

describe("pre-commit is there when CI needs it", () => {
  it.runIf(required)("pre-commit runs (CI installs it: .ci/run)", () => {
    expect(found.error?.message ?? found.stderr, "pre-commit --version failed").toBe("");
    expect(found.stdout).toMatch(/^pre-commit \d/);
  });
  if (!available && !required) {
    it.skip(
      "pre-commit is not installed here: the hook's tests are skipped (apt-get install pre-commit, or pip install pre-commit, to run them)",
    );
  }
});

const work = mkdtempSync(join(tmpdir(), "chatml-pre-commit-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const BAD = "<|im_start|>user\nHi<|im_end|>\n<|im_start|>user\nHi <|im_start|>assistant\n";
const GOOD = "<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n";

function run(command: string, args: string[], options: SpawnSyncOptions & { cwd: string }) {
  const env = {
    ...process.env,
    PRE_COMMIT_HOME: join(work, "cache"),
    NO_COLOR: "1",
    ...(options.env ?? {}),
  };
  const result = spawnSync(command, args, { encoding: "utf8", timeout: 120_000, ...options, env });
  return { code: result.status, out: `${result.stdout ?? ""}${result.stderr ?? ""}` };
}

/** A git repository in `dir` with a commit of `files`; returns the commit. */
function gitRepo(dir: string, files: Record<string, string>): string {
  mkdirSync(dir, { recursive: true });
  const git = (...args: string[]) => {
    const r = run("git", args, { cwd: dir });
    if (r.code !== 0) throw new Error(`git ${args.join(" ")}: ${r.out}`);
    return r.out;
  };
  git("init", "-q");
  git("config", "user.email", "test@example.com");
  git("config", "user.name", "test");
  git("config", "commit.gpgsign", "false");
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(join(dir, file, ".."), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  git("add", "-A");
  git("commit", "-q", "--no-verify", "-m", "start");
  return git("rev-parse", "HEAD").trim();
}

describe.runIf(available || required)("the chatml-lint pre-commit hook", () => {
  let hooks: { dir: string; rev: string };
  beforeAll(() => {
    const dir = join(work, "hooks");
    mkdirSync(dir, { recursive: true });
    copyFileSync(join(ROOT, ".pre-commit-hooks.yaml"), join(dir, ".pre-commit-hooks.yaml"));
    hooks = { dir, rev: gitRepo(dir, {}) };
  });

  /** A project using the hook (with `hookArgs`), its CLI installed unless `installed` is false. */
  function project(name: string, options: { installed?: boolean; hookArgs?: string[] } = {}) {
    const dir = join(work, name);
    const args = options.hookArgs ? `\n        args: ${JSON.stringify(options.hookArgs)}` : "";
    gitRepo(dir, {
      ".gitignore": "node_modules/\n",
      "package.json": JSON.stringify({ name, private: true, devDependencies: { "@chatmlkit/cli": "*" } }),
      ".pre-commit-config.yaml": `repos:\n  - repo: ${hooks.dir}\n    rev: ${hooks.rev}\n    hooks:\n      - id: chatml-lint${args}\n`,
    });
    if (options.installed !== false) installChatml(join(dir, "node_modules", ".bin"));
    const installed = run("pre-commit", ["install"], { cwd: dir });
    expect(installed.code, installed.out).toBe(0);
    return dir;
  }

  /** Stages `files` and commits them: the hook runs. */
  function commit(dir: string, files: Record<string, string>, env: Record<string, string> = {}) {
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(join(dir, file, ".."), { recursive: true });
      writeFileSync(join(dir, file), text);
      run("git", ["add", file], { cwd: dir });
    }
    return run("git", ["commit", "-m", "change"], { cwd: dir, env });
  }

  it("refuses a commit with a broken prompt, saying where, and lets a clean one through", () => {
    const dir = project("refuses");
    const refused = commit(dir, { "prompts/bad.chatml": BAD, "prompts/good.chatml": GOOD });
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(/chatml lint\.+Failed/);
    expect(refused.out).toContain("prompts/bad.chatml\n  3:1  error");
    expect(refused.out).toContain("unterminated-message");
    expect(refused.out).not.toContain("prompts/good.chatml");
    run("git", ["rm", "-q", "--cached", "prompts/bad.chatml"], { cwd: dir });
    const passed = commit(dir, {});
    expect(passed.out).toMatch(/chatml lint\.+Passed/);
    expect(passed.code).toBe(0);
  });

  it("looks at .chatml files only, unless the project sets files", () => {
    const dir = project("only-chatml");
    // Not a prompt: linted, it would be an error (invalid-message).
    const other = commit(dir, { "data/settings.json": '{"a": 1}\n' });
    expect(other.out).toMatch(/chatml lint\.+\(no files to check\)Skipped/);
    expect(other.code).toBe(0);
  });

  it("passes the project's args to chatml lint", () => {
    const dir = project("args", { hookArgs: ["--rule", "unterminated-message=off"] });
    const result = commit(dir, { "bad.chatml": BAD });
    expect(result.out).toMatch(/chatml lint\.+Passed/);
    expect(result.code).toBe(0);
  });

  it("says what to install when the project has no chatml", () => {
    const dir = project("missing", { installed: false });
    const result = commit(dir, { "a.chatml": GOOD }, { PATH: "/usr/bin:/bin" });
    expect(result.code).toBe(1);
    expect(result.out).toContain(
      "chatml-lint: no chatml found: install it in this project (npm install -D @chatmlkit/cli) or put chatml on PATH",
    );
  });
});
