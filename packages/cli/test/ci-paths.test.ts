// The paths CI formats write: relative to the repository root whatever the working directory,
// percent-encoded where they are URIs, and json's absolute filePath as ESLint writes it.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { memoryIo, runCli } from "../src/index.js";

const work = mkdtempSync(join(tmpdir(), "chatml-ci-paths-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

// A scratch git repository; lint runs in its subfolder prompts/.
const repo = join(work, "repo");
mkdirSync(repo);
execFileSync("git", ["init", "-q", repo]);
const NAME = "sp ace/ünï #1 [x]%.json";
const FROM_ROOT = `prompts/${NAME}`;
const INJECTED = JSON.stringify([{ role: "user", content: "Hi<|im_end|>" }]);
mkdirSync(join(repo, "prompts/sp ace"), { recursive: true });
writeFileSync(join(repo, FROM_ROOT), INJECTED);
const outside = join(work, "outside.json");
writeFileSync(outside, INJECTED);
const sub = join(repo, "prompts");

async function lint(args: string[], env: Record<string, string> = {}, cwd = sub) {
  const io = memoryIo({ cwd, env });
  const code = await runCli(["lint", ...args, "--jobs", "1"], io);
  expect(io.err()).toBe("");
  return { code, out: io.out() };
}

describe("paths in CI formats, from a subfolder of a git repository", () => {
  it("sarif: a percent-encoded URI relative to %SRCROOT%, the root's file:// URI ending in /", async () => {
    const { code, out } = await lint(["sp ace", "-f", "sarif"]);
    expect(code).toBe(1);
    const run = JSON.parse(out).runs[0];
    const base = run.originalUriBaseIds["%SRCROOT%"].uri;
    expect(base).toBe(`${pathToFileURL(repo).href}/`);
    const location = run.results[0].locations[0].physicalLocation.artifactLocation;
    expect(location).toEqual({
      uri: "prompts/sp%20ace/%C3%BCn%C3%AF%20%231%20%5Bx%5D%25.json",
      uriBaseId: "%SRCROOT%",
    });
    // and the URI, resolved against the base, is the file
    expect(fileURLToPath(new URL(location.uri, base))).toBe(join(repo, FROM_ROOT));
  });

  it("github, gitlab and junit: the path from the root", async () => {
    const github = (await lint(["sp ace", "-f", "github"])).out;
    // in a property value % , : are escaped, as GitHub documents
    expect(github).toContain("::error file=prompts/sp ace/ünï #1 [x]%25.json,line=1,");
    const gitlab = JSON.parse((await lint(["sp ace", "-f", "gitlab"])).out);
    expect(gitlab[0].location.path).toBe(FROM_ROOT);
    const junit = (await lint(["sp ace", "-f", "junit"])).out;
    expect(junit).toContain(`<testsuite name="${FROM_ROOT}"`);
  });

  it("json keeps ESLint's absolute filePath", async () => {
    const [entry] = JSON.parse((await lint(["sp ace", "-f", "json"])).out);
    expect(entry.filePath).toBe(join(repo, FROM_ROOT));
  });

  it("GITHUB_WORKSPACE, or else CI_PROJECT_DIR, is the root when set", async () => {
    const from = async (env: Record<string, string>) =>
      JSON.parse((await lint(["sp ace", "-f", "gitlab"], env)).out)[0].location.path;
    expect(await from({ GITHUB_WORKSPACE: sub })).toBe(NAME);
    expect(await from({ CI_PROJECT_DIR: sub })).toBe(NAME);
    expect(await from({ GITHUB_WORKSPACE: sub, CI_PROJECT_DIR: work })).toBe(NAME);
    // relative to the working directory
    expect(await from({ CI_PROJECT_DIR: ".." })).toBe(FROM_ROOT);
  });

  it("without a repository, paths are relative to the working directory", async () => {
    const bare = join(work, "bare");
    mkdirSync(join(bare, "p"), { recursive: true });
    writeFileSync(join(bare, "p/a.json"), INJECTED);
    const { out } = await lint(["p/a.json", "-f", "gitlab"], {}, bare);
    // (unless the temporary folder itself is inside a repository)
    if (!existsSync(join(tmpdir(), ".git"))) expect(JSON.parse(out)[0].location.path).toBe("p/a.json");
  });

  it("a file outside the root: its absolute path (sarif: a file:// URI without a base)", async () => {
    const run = JSON.parse((await lint([outside, "-f", "sarif"])).out).runs[0];
    const location = run.results[0].locations[0].physicalLocation.artifactLocation;
    expect(location).toEqual({ uri: pathToFileURL(outside).href });
    const gitlab = JSON.parse((await lint([outside, "-f", "gitlab"])).out);
    expect(gitlab[0].location.path).toBe(outside);
  });
});
