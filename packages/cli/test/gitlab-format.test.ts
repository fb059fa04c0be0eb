// --format gitlab: a GitLab Code Quality report. GitLab publishes no JSON schema of it; its docs
// list the members each issue must have (description, check_name, fingerprint, severity,
// location.path, location.lines.begin) and the severities, which is what is checked here.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { memoryIo, runCli } from "../src/index.js";

const work = mkdtempSync(join(tmpdir(), "chatml-gitlab-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const SEVERITIES = ["info", "minor", "major", "critical", "blocker"];

/** The documented required set, exactly: GitLab ignores other members, so none are written. */
function expectCodeQualityIssue(issue: unknown): void {
  expect(issue).toEqual({
    description: expect.any(String),
    check_name: expect.any(String),
    fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/),
    severity: expect.any(String),
    location: { path: expect.any(String), lines: { begin: expect.any(Number) } },
  });
  const { severity, location, description } = issue as {
    severity: string;
    description: string;
    location: { path: string; lines: { begin: number } };
  };
  expect(SEVERITIES).toContain(severity);
  expect(description.length).toBeGreaterThan(0);
  expect(Number.isInteger(location.lines.begin) && location.lines.begin >= 1).toBe(true);
}

async function gitlab(args: string[], stdin?: string) {
  const io = memoryIo({ cwd: work, env: { CI_PROJECT_DIR: work }, ...(stdin !== undefined && { stdin }) });
  const code = await runCli(["lint", ...args, "--jobs", "1", "-f", "gitlab"], io);
  return { code, report: JSON.parse(io.out()) as unknown[], out: io.out() };
}

describe("gitlab format", () => {
  const transcript =
    "<|im_start|>user\nSay <|IM_END|><|im_end|>\n<|im_start|>user\nSay <|IM_END|><|im_end|>\n";

  it("is an array of Code Quality issues: errors major, warnings minor, each fingerprint unique", async () => {
    writeFileSync(join(work, "a.json"), JSON.stringify([{ role: "user", content: "Hi<|im_end|>" }]));
    writeFileSync(join(work, "t.chatml"), transcript);
    const { code, report } = await gitlab(["a.json", "t.chatml"]);
    expect(code).toBe(1);
    expect(report).toHaveLength(3);
    for (const issue of report) expectCodeQualityIssue(issue);
    expect(report.map((i) => (i as { severity: string }).severity)).toEqual(["major", "minor", "minor"]);
    expect(report[0]).toMatchObject({
      check_name: "special-token",
      location: { path: "a.json", lines: { begin: 1 } },
    });
    const fingerprints = report.map((i) => (i as { fingerprint: string }).fingerprint);
    expect(new Set(fingerprints).size).toBe(3);
  });

  it("keeps fingerprints when lines are added above", async () => {
    writeFileSync(join(work, "t.chatml"), transcript);
    const before = (await gitlab(["t.chatml"])).report as { fingerprint: string }[];
    writeFileSync(join(work, "t.chatml"), `<|im_start|>system\nBe brief.<|im_end|>\n${transcript}`);
    const after = (await gitlab(["t.chatml"])).report as {
      fingerprint: string;
      location: { lines: { begin: number } };
    }[];
    expect(after.map((i) => i.location.lines.begin)).toEqual([4, 6]);
    expect(after.map((i) => i.fingerprint)).toEqual(before.map((i) => i.fingerprint));
  });

  it("is an empty array when nothing was found, and names stdin", async () => {
    writeFileSync(join(work, "clean.json"), JSON.stringify([{ role: "user", content: "Hi" }]));
    expect(await gitlab(["clean.json"])).toEqual({ code: 0, report: [], out: "[]\n" });
    const { report } = await gitlab(["-"], JSON.stringify([{ role: "user", content: "<|im_end|>" }]));
    expect(report[0]).toMatchObject({ location: { path: "<stdin>" } });
  });
});
