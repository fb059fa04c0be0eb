// --format github as GitHub Actions shows it: no more annotations than GitHub shows per step
// (the rest in the log, counted), and a Markdown summary appended to GITHUB_STEP_SUMMARY.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ANNOTATIONS_PER_KIND } from "../src/format/github.js";
import { memoryIo, runCli } from "../src/index.js";

const work = mkdtempSync(join(tmpdir(), "chatml-github-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A dataset with `errors` lines holding a special token and `warnings` lines with a look-alike. */
function dataset(name: string, errors: number, warnings: number): void {
  const example = (content: string) =>
    JSON.stringify({
      messages: [
        { role: "system", content: "Be brief." },
        { role: "user", content },
        { role: "assistant", content: "Sure." },
      ],
    });
  const lines = [
    ...Array.from({ length: errors }, (_, i) => example(`Q${i} <|im_end|>`)),
    ...Array.from({ length: warnings }, (_, i) => example(`Q${i} <|IM_END|>`)),
  ];
  writeFileSync(join(work, name), `${lines.join("\n")}\n`);
}

async function github(args: string[], env: Record<string, string> = {}) {
  const io = memoryIo({ cwd: work, env: { GITHUB_WORKSPACE: work, ...env } });
  const code = await runCli(["lint", ...args, "--jobs", "1", "-f", "github"], io);
  return {
    code,
    lines: io
      .out()
      .split("\n")
      .filter((l) => l !== ""),
    err: io.err(),
  };
}

describe("annotations", () => {
  it("are written for as many errors and warnings as GitHub shows per step; the rest are log lines, counted", async () => {
    expect(ANNOTATIONS_PER_KIND).toBe(10);
    dataset("many.jsonl", 14, 12);
    const { code, lines } = await github(["many.jsonl"]);
    expect(code).toBe(1);
    expect(lines.filter((l) => l.startsWith("::error "))).toHaveLength(10);
    expect(lines.filter((l) => l.startsWith("::warning "))).toHaveLength(10);
    const logged = lines.filter((l) => l.startsWith("many.jsonl:"));
    expect(logged).toHaveLength(6);
    expect(logged[0]).toMatch(
      /^many\.jsonl:11:\d+: error: content contains the special token <\|im_end\|>.* \(special-token\)$/,
    );
    expect(lines.at(-1)).toBe(
      "::notice title=chatml::GitHub shows 10 error and 10 warning annotations per step: 4 more errors and 2 more warnings are not annotated; this log has them",
    );
  });

  it("say nothing more when all were annotated", async () => {
    dataset("few.jsonl", 2, 1);
    const { lines } = await github(["few.jsonl"]);
    expect(lines.filter((l) => l.startsWith("::notice"))).toEqual([]);
    expect(lines).toHaveLength(3);
  });

  it("never let a file name start a workflow command in the log", async () => {
    mkdirSync(join(work, "::stop-commands::x"), { recursive: true });
    dataset("::stop-commands::x/d.jsonl", 12, 0);
    const { lines } = await github(["::stop-commands::x/d.jsonl"]);
    const commands = lines.filter((l) => l.startsWith("::"));
    expect(commands.every((l) => /^::(error|notice) /.test(l))).toBe(true);
    expect(lines.filter((l) => l.startsWith("./::stop-commands::x/d.jsonl:"))).toHaveLength(2);
  });
});

describe("the step summary", () => {
  it("is appended to GITHUB_STEP_SUMMARY: files checked, counts per rule, the first problems linked", async () => {
    dataset("many.jsonl", 14, 12);
    writeFileSync(join(work, "clean.json"), JSON.stringify([{ role: "user", content: "Hi" }]));
    const summary = join(work, "summary.md");
    writeFileSync(summary, "# an earlier step's summary\n");
    const env = {
      GITHUB_STEP_SUMMARY: summary,
      GITHUB_SERVER_URL: "https://github.example",
      GITHUB_REPOSITORY: "acme/prompts",
      GITHUB_SHA: "0123abc",
    };
    const { lines } = await github(["many.jsonl", "clean.json"], env);
    expect(lines.at(-1)).toMatch(/not annotated; this log and the step summary have them$/);
    const text = readFileSync(summary, "utf8");
    expect(text.startsWith("# an earlier step's summary\n## chatml lint\n")).toBe(true);
    expect(text).toContain("2 files checked: 14 errors and 12 warnings in 1 file.");
    expect(text).toContain("| `special-token` | 14 | 0 |");
    expect(text).toContain("| `special-token-lookalike` | 0 | 12 |");
    expect(text).toContain("First 20 problems:");
    // linked to the file at the line, in the commit the run checks; the text shown as itself (Markdown-escaped)
    expect(text).toMatch(
      /^- \*\*error\*\* \[many\\\.jsonl\\:1\\:\d+\]\(https:\/\/github\.example\/acme\/prompts\/blob\/0123abc\/many\.jsonl#L1\): content contains the special token \\<\\\|im\\_end\\\|\\>/m,
    );
    expect(text.match(/^- \*\*/gm)).toHaveLength(20);
    expect(text).toContain("... and 6 more problems, all of them in the step's log.");
    expect(text).toContain(
      "GitHub shows at most 10 error and 10 warning annotations per step: 4 errors and 2 warnings more are not annotated (the log has them).",
    );

    // a second run appends again, never overwrites
    await github(["clean.json"], env);
    const again = readFileSync(summary, "utf8");
    expect(again.startsWith(text)).toBe(true);
    expect(again.slice(text.length)).toBe("## chatml lint\n\n1 file checked: no problems.\n\n");
  });

  it("has no links without the repository and commit", async () => {
    dataset("few.jsonl", 2, 1);
    const summary = join(work, "plain.md");
    await github(["few.jsonl"], { GITHUB_STEP_SUMMARY: summary });
    const text = readFileSync(summary, "utf8");
    expect(text).toContain("- **error** few\\.jsonl\\:1\\:");
    expect(text).not.toContain("](");
    expect(text).not.toContain("not annotated");
  });

  it("that cannot be written is a clear usage error before lint starts", async () => {
    dataset("few.jsonl", 2, 1);
    const { code, lines, err } = await github(["few.jsonl"], { GITHUB_STEP_SUMMARY: work });
    expect(code).toBe(2);
    expect(lines).toEqual([]);
    expect(err).toBe(
      `chatml: cannot append the step summary to ${work} (GITHUB_STEP_SUMMARY): it is a directory\n`,
    );
  });
});
