// lint of walked JSON files that are not UTF-8: one that reads as a conversation (its text with
// the bad bytes replaced) is an invalid-encoding error, one that does not is skipped, as a walk
// skips JSON that is no conversation; with invalid-encoding off, neither is reported. And the
// note that dataset-too-long was not checked is left out when that rule is off. In-process.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../src/cli.js";
import { memoryIo } from "../src/io.js";

const work = mkdtempSync(join(tmpdir(), "chatml-walk-encoding-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const latin1 = (before: string, after: string) =>
  Buffer.concat([Buffer.from(before), Buffer.from([0xe9]), Buffer.from(after)]);
mkdirSync(join(work, "prompts"));
writeFileSync(join(work, "prompts", "conv.json"), latin1('[{"role": "user", "content": "caf', '"}]'));
writeFileSync(join(work, "prompts", "other.json"), latin1('{"name": "caf', '"}'));
writeFileSync(
  join(work, "train.jsonl"),
  `${JSON.stringify({
    messages: [
      { role: "user", content: "hi" },
      { role: "assistant", content: "yo" },
    ],
  })}\n`,
);

async function lint(args: string[]) {
  const io = memoryIo({ cwd: work });
  const code = await runCli(["lint", ...args, "--jobs", "1"], io);
  return { code, out: io.out(), err: io.err() };
}

describe("walked JSON that is not UTF-8", () => {
  it("a conversation is an invalid-encoding error at the byte; other JSON is skipped", async () => {
    const { code, out } = await lint(["prompts"]);
    expect(code).toBe(1);
    expect(out).toBe(
      "\nprompts/conv.json\n  1:34  error  not UTF-8: the byte at offset 33 is not valid UTF-8  invalid-encoding\n\n✖ 1 problem (1 error, 0 warnings)\n",
    );
  });

  it("with invalid-encoding off, the conversation is checked and clean, the other still skipped", async () => {
    expect(await lint(["prompts", "--rule", "invalid-encoding=off"])).toEqual({
      code: 0,
      out: "checked 1 file (1 skipped), no problems\n",
      err: "",
    });
  });
});

describe("the note that dataset-too-long was not checked", () => {
  it("is given without a model, and not when the rule is off", async () => {
    const withNote = await lint(["train.jsonl", "--rule", "dataset-no-system=off"]);
    expect(withNote.code).toBe(0);
    expect(withNote.err).toMatch(
      /^chatml: dataset-too-long was not checked \(no model to count tokens with\)/,
    );
    expect(
      await lint(["train.jsonl", "--rule", "dataset-no-system=off", "--rule", "dataset-too-long=off"]),
    ).toEqual({
      code: 0,
      out: "checked 1 file, no problems\n",
      err: "",
    });
  });
});
