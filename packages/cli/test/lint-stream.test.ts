import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { memoryIo, runCli } from "../src/index.js";
import { lintFiles } from "../src/lint/run.js";
import { lintSettings } from "../src/lint/settings.js";
import type { Reporter } from "../src/lint/types.js";
import { Progress } from "../src/output/progress.js";

const dir = mkdtempSync(join(tmpdir(), "chatml-stream-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `lines` examples with a zero-width space: one warning each (invisible-character). */
function dataset(lines: number): string {
  const line = JSON.stringify({
    messages: [
      { role: "system", content: "s" },
      { role: "user", content: `a question long enough to fill a chunk quickly ${"x".repeat(200)}\u200b` },
      { role: "assistant", content: "an answer" },
    ],
  });
  return `${Array.from({ length: lines }, () => line).join("\n")}\n`;
}

describe("lint reports as it goes", () => {
  it("reports a dataset's problems chunk by chunk while the later chunks are linted, not at the end", async () => {
    // ~1.3 MB: five chunks of 256 KiB
    writeFileSync(join(dir, "d.jsonl"), dataset(5000));
    const io = memoryIo({ cwd: dir });
    const progress = new Progress(io, 0, true);
    const events: string[] = [];
    vi.spyOn(progress, "advance").mockImplementation(() => {
      events.push("chunk");
    });
    let warnings = 0;
    const reporter: Reporter = {
      add: (part) => {
        events.push("report");
        warnings += part.messages.length;
        // a dataset's lines come back with their text only when code frames are wanted
        expect(part.lines?.size).toBe(0);
      },
      endFile: (file) => events.push(`end ${file}`),
    };
    await lintFiles(io, ["d.jsonl"], lintSettings({}, false), {
      kind: undefined,
      stdinName: undefined,
      pool: undefined,
      progress,
      reporter,
    });
    expect(warnings).toBe(5000);
    expect(events.filter((e) => e === "chunk").length).toBeGreaterThanOrEqual(5);
    // each chunk is reported before the next one is done
    expect(events.slice(0, 4)).toEqual(["chunk", "report", "chunk", "report"]);
    expect(events.at(-1)).toBe("end d.jsonl");
  });

  it("counts every file's bytes for the progress bar, also one whose text the report does not keep", async () => {
    // not a prompt (no <|im_start|>): its text is not kept for code frames (see input/prompt.ts)
    writeFileSync(join(dir, "notes.txt"), "just notes, héllo\n");
    writeFileSync(join(dir, "p.chatml"), "<|im_start|>user\nhi<|im_end|>\n");
    const io = memoryIo({ cwd: dir });
    const progress = new Progress(io, 0, true);
    const advance = vi.spyOn(progress, "advance");
    for (const codeFrames of [true, false]) {
      advance.mockClear();
      await lintFiles(io, ["notes.txt", "p.chatml"], lintSettings({}, codeFrames), {
        kind: undefined,
        stdinName: undefined,
        pool: undefined,
        progress,
      });
      expect(advance.mock.calls).toEqual([
        [19, "notes.txt"],
        [30, "p.chatml"],
      ]);
    }
  });

  it("prints the same report for a dataset as one whole, with the summary at the end", async () => {
    writeFileSync(join(dir, "e.jsonl"), dataset(3000));
    const run = async (args: string[]) => {
      const io = memoryIo({ cwd: dir });
      const code = await runCli(["lint", "e.jsonl", ...args], io);
      return { code, out: io.out() };
    };
    const all = await run(["--max-problems", "0", "-f", "github"]);
    // the first 10 as annotations (GitHub shows no more per step), the others as log lines
    const warnings = all.out.split("\n").filter((l) => l.startsWith("::warning") || l.startsWith("e.jsonl:"));
    expect(warnings.filter((l) => l.startsWith("::warning"))).toHaveLength(10);
    expect(warnings).toHaveLength(3000);
    expect(new Set(warnings.map((l) => /line=(\d+)|^e\.jsonl:(\d+):/.exec(l)?.slice(1).join(""))).size).toBe(
      3000,
    );
    const capped = await run([]);
    expect(capped.code).toBe(0);
    expect(capped.out.match(/ {2}\d+:\d+ {2}warning/g)).toHaveLength(20);
    expect(capped.out).toContain(
      "... and 2,980 more problems in e.jsonl (invisible-character 2,980); --max-problems 0 shows all",
    );
    expect(capped.out.endsWith("⚠ 3000 problems (0 errors, 3000 warnings)\n")).toBe(true);
  });
});
