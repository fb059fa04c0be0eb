import { RULES } from "@chatmlkit/validator/rules";
import { afterEach, describe, expect, it, vi } from "vitest";
import { github } from "../src/format/github.js";
import { json } from "../src/format/json.js";
import { sarif } from "../src/format/sarif.js";
import { stylish } from "../src/format/stylish.js";
import { InOrder } from "../src/lint/in-order.js";
import { type LintMessage, type Reporter, type ReportPart, resultOf } from "../src/lint/types.js";

const at = (ruleId: string, line: number, column: number, endColumn = column + 1): LintMessage => ({
  ruleId,
  severity: 1,
  message: `${ruleId} here`,
  line,
  column,
  endLine: line,
  endColumn,
});

/** The code frame rows of a stylish report: each `>` row with the marker row under it. */
function marked(report: string): { row: string; marker: string }[] {
  const rows = report.split("\n");
  const out: { row: string; marker: string }[] = [];
  rows.forEach((row, i) => {
    if (/^\s+> +\d+ \|/.test(row)) out.push({ row, marker: rows[i + 1] ?? "" });
  });
  return out;
}

afterEach(() => vi.restoreAllMocks());

describe("stylish", () => {
  it("splits a file's text into lines once, however many problems it has", () => {
    const source = Array.from({ length: 2000 }, (_, i) => `line ${i} <|im_end|>`).join("\n");
    const messages = Array.from({ length: 2000 }, (_, i) => at("special-token", i + 1, 8));
    const split = vi.spyOn(String.prototype, "split");
    const report = stylish([resultOf("a.chatml", messages, source)], { color: false });
    const splitsOfSource = split.mock.contexts.filter((text) => String(text) === source).length;
    expect(splitsOfSource).toBe(1);
    // and every problem still has its frame, at its own line
    expect(marked(report)).toHaveLength(2000);
    expect(report).toContain("> 1234 | line 1233 <|im_end|>");
  });

  it("shows at most --max-problems per file and a fifth of them per rule, and says how many more", () => {
    const messages = [
      ...Array.from({ length: 40 }, (_, i) => at("special-token", i + 1, 1)),
      ...Array.from({ length: 3 }, (_, i) => at("invisible-character", i + 1, 5)),
    ];
    const report = stylish([resultOf("x.jsonl", messages)], { color: false, maxProblems: 10 });
    expect(report.match(/ {2}\d+:\d+ {2}warning/g)).toHaveLength(4);
    expect(report).toContain(
      "  ... and 39 more problems in x.jsonl (special-token 38, invisible-character 1); --max-problems 0 shows all\n",
    );
    // the summary counts every problem
    expect(report).toContain("⚠ 43 problems (0 errors, 43 warnings)");
    // 0 shows all
    const all = stylish([resultOf("x.jsonl", messages)], { color: false, maxProblems: 0 });
    expect(all.match(/ {2}\d+:\d+ {2}warning/g)).toHaveLength(43);
    expect(all).not.toContain("more problems");
  });

  it("always shows each rule's first problem, so noise of other rules cannot hide a real token", () => {
    const noise = [
      "invisible-character",
      "foreign-special-token",
      "special-token-lookalike",
      "empty-content",
      "unknown-role",
      "invalid-name",
    ];
    const messages = [
      ...noise.flatMap((rule) => Array.from({ length: 200 }, (_, i) => at(rule, i + 1, 1))),
      { ...at("special-token", 900, 3), severity: 2 as const },
    ];
    const report = stylish([resultOf("x.json", messages)], { color: false, maxProblems: 100 });
    expect(report).toContain("900:3  error  special-token here  special-token");
    // The error is shown, not counted among the hidden ones.
    expect(report).toMatch(
      /\.\.\. and [\d,]+ more problems in x\.json \((?![^)]*(?<![-\w])special-token \d)[^)]*\)/,
    );
  });

  it("escapes terminal controls in code frames, messages and file names, with the marker under them", () => {
    const line = "hi \u001b[2K\u001b]0;PWNED\u0007 there\t<|im_end|>";
    const long = `${"word ".repeat(60)}\u200b\u202e${"x".repeat(200)}`;
    const source = `${line}\n${long}\n`;
    const messages: LintMessage[] = [
      { ...at("invisible-character", 1, 4), message: "bad \u001b[31m\r\nthing" },
      at("invisible-character", 1, 17),
      at("special-token", 1, 25, 35),
      at("invisible-character", 2, 302),
    ];
    const report = stylish([resultOf("n\u001b[31mame.chatml", messages, source)], { color: false });
    // nothing in the report is a control character but its line breaks and the tab
    expect(report).not.toMatch(/(?![\n\t])\p{Cc}|\p{Cf}/u);
    expect(report).toContain("n\\u{1B}[31mame.chatml");
    expect(report).toContain("bad \\u{1B}[31m\\u{D}\\u{A}thing");
    const frames = marked(report);
    expect(frames).toHaveLength(4);
    // each marker starts under the escaped character (tabs are kept; the frame lays them out)
    const under = (i: number, text: string) => {
      const { row, marker } = frames[i] as { row: string; marker: string };
      expect(marker.indexOf("^")).toBe(row.indexOf(text));
      return { row, marker };
    };
    under(0, "\\u{1B}[2K");
    under(1, "\\u{7}");
    expect(under(2, "<|im_end|>").marker.match(/\^+/)?.[0]).toHaveLength(10);
    // a long line is cropped around the problem, escaped characters counted at their shown width
    expect(under(3, "\\u{202E}").row.length).toBeLessThan(160);
  });
});

describe("github", () => {
  it("escapes terminal controls in messages and file names", () => {
    const result = resultOf("a\u001b]0;x\u0007.json", [
      { ...at("invisible-character", 1, 1), message: "found \u009b[2K\r\nhere" },
    ]);
    expect(github([result])).toBe(
      "::warning file=a\\u{1B}]0;x\\u{7}.json,line=1,col=1,endLine=1,endColumn=2,title=chatml invisible-character::found \\u{9B}[2K%0D%0Ahere\n",
    );
  });

  it("caps problems per file and ends with a notice of how many more", () => {
    const messages = Array.from({ length: 30 }, (_, i) => at("dataset-no-system", i + 1, 1));
    const out = github([resultOf("t.jsonl", messages)], 100).split("\n");
    // 20 shown: the 10 GitHub annotates as workflow commands, the others as log lines (github-annotations.test.ts)
    expect(out.filter((l) => l.startsWith("::warning"))).toHaveLength(10);
    expect(out.filter((l) => l.startsWith("t.jsonl:"))).toHaveLength(10);
    expect(out).toContain(
      "::notice file=t.jsonl,title=chatml::... and 10 more problems in t.jsonl (dataset-no-system 10); --max-problems 0 shows all",
    );
  });
});

describe("machine formats", () => {
  const messages = Array.from({ length: 250 }, (_, i) => at("dataset-no-system", i + 1, 1));
  const results = [resultOf("clean.json", []), resultOf("t.jsonl", messages)];

  it("json carries every problem, in ESLint's shape", () => {
    const parsed = JSON.parse(json(results, "/w"));
    expect(parsed).toEqual([
      expect.objectContaining({ filePath: "/w/clean.json", messages: [], errorCount: 0, warningCount: 0 }),
      expect.objectContaining({ filePath: "/w/t.jsonl", messages, errorCount: 0, warningCount: 250 }),
    ]);
    expect(json([], "/w")).toBe("[]\n");
  });

  it("sarif carries every problem, and an empty run has an empty results list", () => {
    const rules = RULES.filter((r) => r.id === "dataset-no-system");
    const log = JSON.parse(sarif(results, rules, "/w", "1.0.0"));
    expect(log.runs[0].results).toHaveLength(250);
    expect(log.runs[0].results[249].locations[0].physicalLocation.region.startLine).toBe(250);
    const empty = sarif([resultOf("clean.json", [])], rules, "/w", "1.0.0");
    expect(JSON.parse(empty).runs[0].results).toEqual([]);
    expect(empty).toContain('"results": []');
  });
});

describe("InOrder", () => {
  const part = (filePath: string, n: number): ReportPart => ({ filePath, messages: [at("r", n, 1)] });

  it("passes parts on in file order whatever order the files finish in, holding later files back", async () => {
    const seen: string[] = [];
    const reporter: Reporter = {
      add: (p) => seen.push(`${p.filePath}:${p.messages[0]?.line}`),
      endFile: (f) => seen.push(`end ${f}`),
    };
    const order = new InOrder(reporter);
    expect(order.add(1, part("b", 1))).toBeUndefined();
    // a later file with two parts held is told to wait
    const wait = order.add(1, part("b", 2));
    expect(wait).toBeInstanceOf(Promise);
    order.end(2, "c");
    order.add(0, part("a", 1));
    expect(seen).toEqual(["a:1"]);
    let woken = false;
    void (wait as Promise<void>).then(() => {
      woken = true;
    });
    order.end(0, "a");
    await Promise.resolve();
    expect(woken).toBe(true);
    order.add(1, part("b", 3));
    order.end(1, "b");
    expect(seen).toEqual(["a:1", "end a", "b:1", "b:2", "b:3", "end b", "end c"]);
  });
});

describe("error lines", () => {
  it("show what they quote (a file name, content) escaped", async () => {
    const { memoryIo, runCli } = await import("../src/index.js");
    const { problemLine } = await import("../src/commands/shared.js");
    const io = memoryIo({ cwd: process.cwd() });
    expect(await runCli(["compile", "x\u001b[31m.json"], io)).toBe(2);
    expect(io.err()).toBe("chatml: cannot read x\\u{1B}[31m.json: no such file\n");
    expect(problemLine("a\u001b]0;t\u0007.json", { line: 1, column: 2 }, "error", "role \u009b", "c")).toBe(
      "a\\u{1B}]0;t\\u{7}.json:1:2: error: role \\u{9B} (c)\n",
    );
  });
});
