// The config's variables key: a schema whose properties are no object is refused at the key
// (exit 2); a schema without properties declares none, so a template's placeholder is undeclared.
// And a rule set to a level that is none is refused at its value. In-process.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../src/cli.js";
import { memoryIo } from "../src/io.js";

const work = mkdtempSync(join(tmpdir(), "chatml-config-variables-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
writeFileSync(join(work, "t.chatml"), "<|im_start|>user\n{{ q }}<|im_end|>\n");
writeFileSync(join(work, "bad-properties.json"), '{"variables": {"properties": 5}}');
writeFileSync(join(work, "no-properties.json"), '{"variables": {"type": "object"}}');
writeFileSync(join(work, "bad-level.json"), '{"rules": {"special-token": "loud"}}');

async function lint(config: string) {
  const io = memoryIo({ cwd: work });
  const code = await runCli(["lint", "t.chatml", "-c", config, "-f", "json"], io);
  return { code, out: io.out(), err: io.err() };
}

describe("the config's variables and rules", () => {
  it("variables whose properties are no object: refused at the key", async () => {
    expect(await lint("bad-properties.json")).toEqual({
      code: 2,
      out: "",
      err: 'bad-properties.json:1:15: config key "variables" must be a JSON Schema object whose properties are the variables, got {"properties":5}\n',
    });
  });

  it("variables without properties declare none: the placeholder is undeclared", async () => {
    const { code, out } = await lint("no-properties.json");
    expect(code).toBe(1);
    const [report] = JSON.parse(out) as { messages: { ruleId: string; message: string }[] }[];
    expect(report?.messages.map((m) => [m.ruleId, m.message])).toEqual([
      ["undeclared-variable", "{{ q }} is not a declared variable; none are declared"],
    ]);
  });

  it("a rule's level that is none: refused at its value", async () => {
    expect(await lint("bad-level.json")).toEqual({
      code: 2,
      out: "",
      err: 'bad-level.json:1:30: rule "special-token" must be "off", "warn" or "error", got "loud"\n',
    });
  });
});
