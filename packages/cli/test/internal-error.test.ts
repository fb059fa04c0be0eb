// What runCli does with a failure that is none of its own errors (a bug, or an Io that breaks):
// one line, "internal error", the advice to rerun with --debug, exit 2; the stack only with
// --debug; a thrown value that is no Error is said as text. Here the Io's stdout throws.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../src/cli.js";
import { memoryIo } from "../src/io.js";

const work = mkdtempSync(join(tmpdir(), "chatml-internal-error-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
writeFileSync(join(work, "m.json"), JSON.stringify([{ role: "user", content: "Hi" }]));

/** chatml compile with a stdout that throws `thrown` on the first write. */
async function compileInto(thrown: unknown, debug = false) {
  const io = memoryIo({ cwd: work });
  const broken = {
    ...io,
    stdout: {
      isTTY: false,
      write: () => {
        throw thrown;
      },
    },
  };
  const code = await runCli(["compile", "m.json", ...(debug ? ["--debug"] : [])], broken);
  return { code, err: io.err() };
}

describe("an internal error", () => {
  it("is one line and the advice, exit 2", async () => {
    expect(await compileInto(new TypeError("boom"))).toEqual({
      code: 2,
      err: "chatml: internal error: boom\nRun again with --debug for the stack trace, and please report it.\n",
    });
  });

  it("with --debug, the stack instead of the advice", async () => {
    const { code, err } = await compileInto(new TypeError("boom"), true);
    expect(code).toBe(2);
    const [first, stack, frame] = err.split("\n");
    expect(first).toBe("chatml: internal error: boom");
    expect(stack).toBe("TypeError: boom");
    expect(frame).toMatch(/^ {4}at /);
    expect(err).not.toContain("Run again");
  });

  it("a thrown value that is no Error is said as text", async () => {
    expect(await compileInto("a string")).toEqual({
      code: 2,
      err: "chatml: internal error: a string\nRun again with --debug for the stack trace, and please report it.\n",
    });
    const { err } = await compileInto(42, true);
    expect(err).toBe("chatml: internal error: 42\n\n");
  });
});
