import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, it } from "vitest";
import { fixtureCases } from "../../../scripts/fixtures.js";
import { memoryIo, runCli } from "../src/index.js";

/**
 * fixtures/cli/<case>/: `case.json` ({ args, env? }), an optional `stdin` file and the
 * inputs the args name. The case runs in-process in a copy of its folder; stdout,
 * stderr and the exit code are compared with `expected.stdout`, `expected.stderr`
 * and `expected.exit` (UPDATE_FIXTURES=1 rewrites them).
 */
const work = mkdtempSync(join(tmpdir(), "chatml-cli-fixtures-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("chatml CLI fixtures", () => {
  for (const fixture of fixtureCases("cli")) {
    it(fixture.name, async () => {
      const spec = fixture.json<{ args: string[]; env?: Record<string, string> }>("case.json");
      const cwd = join(work, fixture.name.replace("/", "_"));
      cpSync(fixture.dir, cwd, { recursive: true });
      const stdinFile = join(cwd, "stdin");
      const io = memoryIo({
        cwd,
        ...(existsSync(stdinFile) && { stdin: readFileSync(stdinFile) }),
        ...(spec.env && { env: spec.env }),
      });
      const code = await runCli(spec.args, io);
      const clean = (text: string) => text.replaceAll(cwd, "<cwd>");
      fixture.golden("expected.stdout", clean(io.out()));
      fixture.golden("expected.stderr", clean(io.err()));
      fixture.golden("expected.exit", `${code}\n`);
    });
  }
});
