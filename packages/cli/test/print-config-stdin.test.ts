// lint --print-config - says the kind lint reads stdin as: JSON, or what --stdin-filename's
// extension says (it said "transcript" for stdin, which lint reads as JSON). In-process.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../src/cli.js";
import { memoryIo } from "../src/io.js";

const work = mkdtempSync(join(tmpdir(), "chatml-print-config-stdin-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const TRANSCRIPT = "<|im_start|>user\nhi<|im_end|>\n";

async function chatml(args: string[], stdin = "") {
  const io = memoryIo({ cwd: work, stdin });
  const code = await runCli(args, io);
  return { code, out: io.out(), err: io.err() };
}

const kindOf = async (args: string[]) =>
  (JSON.parse((await chatml(["lint", "--print-config", "-", ...args])).out) as { kind: string }).kind;

describe("lint --print-config -", () => {
  it("is JSON, as lint reads stdin: a transcript piped in is invalid JSON", async () => {
    expect(await kindOf([])).toBe("json");
    const lint = await chatml(["lint", "-", "-f", "json"], TRANSCRIPT);
    const [report] = JSON.parse(lint.out) as { messages: { ruleId: string }[] }[];
    expect(report?.messages.map((m) => m.ruleId)).toEqual(["invalid-json"]);
  });

  it("is what --stdin-filename's extension says, or --kind", async () => {
    expect(await kindOf(["--stdin-filename", "a.chatml"])).toBe("transcript");
    expect(await kindOf(["--stdin-filename", "train.jsonl"])).toBe("jsonl");
    expect(await kindOf(["--stdin-filename", "a.chatml", "--kind", "json"])).toBe("json");
    const lint = await chatml(["lint", "-", "--stdin-filename", "a.chatml"], TRANSCRIPT);
    expect(lint).toEqual({ code: 0, out: "checked 1 file, no problems\n", err: "" });
  });

  it("a file is still read by its extension, a transcript when it has none", async () => {
    expect(JSON.parse((await chatml(["lint", "--print-config", "notes"])).out).kind).toBe("transcript");
    expect(JSON.parse((await chatml(["lint", "--print-config", "d.jsonl"])).out).kind).toBe("jsonl");
  });
});
