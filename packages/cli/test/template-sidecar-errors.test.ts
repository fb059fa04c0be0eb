// A template's sidecar (NAME.vars.json) that cannot be read as a schema: invalid JSON, empty,
// not UTF-8, each at its line and column in the sidecar (render: exit 2; lint: an unreadable-file
// error of the template, the others still linted); a folder of that name is no sidecar. In-process.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../src/cli.js";
import { memoryIo } from "../src/io.js";

const work = mkdtempSync(join(tmpdir(), "chatml-sidecar-errors-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const TEMPLATE = "<|im_start|>user\n{{ q }}<|im_end|>\n";
const template = (name: string, sidecar: string | Buffer | undefined) => {
  writeFileSync(join(work, name), TEMPLATE);
  if (sidecar !== undefined) writeFileSync(join(work, `${name}.vars.json`), sidecar);
};
template("bad-json.chatml", '{\n  "type": oops\n}');
template("empty.chatml", "");
template("latin1.chatml", Buffer.from([0x7b, 0xff, 0x7d]));
template("folder.chatml", undefined);
mkdirSync(join(work, "folder.chatml.vars.json"));
writeFileSync(join(work, "values.json"), '{"q":"hi"}');

async function chatml(args: string[]) {
  const io = memoryIo({ cwd: work });
  const code = await runCli(args, io);
  return { code, out: io.out(), err: io.err() };
}

const PROBLEMS = {
  "bad-json.chatml": 'bad-json.chatml.vars.json:2:11: invalid JSON: an unexpected character, found "o"',
  "empty.chatml": "empty.chatml.vars.json:1:1: invalid JSON: expected a value, found the end of the input",
  "latin1.chatml": "latin1.chatml.vars.json:1:2: not UTF-8: the byte at offset 1 is not valid UTF-8",
};

describe("a sidecar that is no schema", () => {
  it.each(Object.entries(PROBLEMS))("render %s: exit 2 at the sidecar's place", async (file, problem) => {
    expect(await chatml(["render", file, "--vars", "values.json"])).toEqual({
      code: 2,
      out: "",
      err: `chatml: ${problem}\n`,
    });
  });

  it("lint: each template's own unreadable-file error, and the others still linted", async () => {
    const io = memoryIo({ cwd: work });
    const files = [...Object.keys(PROBLEMS), "folder.chatml"];
    expect(await runCli(["lint", ...files, "-f", "json"], io)).toBe(2);
    const report = JSON.parse(io.out()) as {
      filePath: string;
      messages: { ruleId: string; message: string }[];
    }[];
    expect(
      report.map((r) => [r.filePath.replace(`${work}/`, ""), r.messages.map((m) => [m.ruleId, m.message])]),
    ).toEqual([
      ...Object.entries(PROBLEMS).map(([file, problem]) => [file, [["unreadable-file", problem]]]),
      ["folder.chatml", []],
    ]);
  });

  it("a folder named like a sidecar is none: the template renders", async () => {
    expect(await chatml(["render", "folder.chatml", "--vars", "values.json"])).toEqual({
      code: 0,
      out: "<|im_start|>user\nhi<|im_end|>\n",
      err: "",
    });
  });
});
