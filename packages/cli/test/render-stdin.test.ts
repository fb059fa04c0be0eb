// chatml render of a template from stdin: no file, so no sidecar beside it; --stdin-filename
// sets its kind (a messages template as JSON). In-process.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../src/cli.js";
import { memoryIo } from "../src/io.js";

const work = mkdtempSync(join(tmpdir(), "chatml-render-stdin-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
writeFileSync(join(work, "values.json"), '{"q":"Why?"}');

async function render(stdin: string, args: string[] = []) {
  const io = memoryIo({ cwd: work, stdin });
  const code = await runCli(["render", "-", "--vars", "values.json", ...args], io);
  return { code, out: io.out(), err: io.err() };
}

describe("chatml render -", () => {
  it("fills a transcript template read from stdin", async () => {
    expect(await render("<|im_start|>user\n{{ q }}<|im_end|>\n")).toEqual({
      code: 0,
      out: "<|im_start|>user\nWhy?<|im_end|>\n",
      err: "",
    });
  });

  it("fills a messages template when --stdin-filename says JSON", async () => {
    const { code, out } = await render(JSON.stringify([{ role: "user", content: "{{ q }}" }]), [
      "--stdin-filename",
      "t.json",
    ]);
    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual([{ role: "user", content: "Why?" }]);
  });
});
