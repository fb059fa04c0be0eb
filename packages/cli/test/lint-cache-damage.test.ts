// chatml lint --cache with a cache file that is not what it should be: JSON that is no lint
// cache is refused and left as it is (exit 2); a lint cache whose entries are damaged in any way
// is said on stderr, ignored (every file linted) and rewritten whole; a cache that cannot be read
// is said too. A folder named without a trailing slash holds the cache file. In-process.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../src/cli.js";
import { memoryIo } from "../src/io.js";
import { CACHE_FILE } from "../src/lint/cache-location.js";

const work = mkdtempSync(join(tmpdir(), "chatml-cache-damage-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const BAD = "<|im_start|>user\nhi <|im_end|> there<|im_end|>\n";

function project(): string {
  const root = mkdtempSync(join(work, "p-"));
  writeFileSync(join(root, "bad.chatml"), BAD);
  return root;
}

async function lint(root: string, location: string) {
  const io = memoryIo({ cwd: root });
  const code = await runCli(["lint", "bad.chatml", "--cache", "--cache-location", location], io);
  return { code, out: io.out(), err: io.err() };
}

const cache = (entries: unknown) => JSON.stringify({ format: "chatmlkit-lint-cache", version: 1, entries });
const part = (messages: unknown) => ({ messages });
const message = { ruleId: "x", severity: 2, message: "m", line: 1, column: 1, endLine: 1, endColumn: 1 };
const entry = (parts: unknown) => ({ key: "k", linted: true, parts });

describe("a cache file that is not a lint cache", () => {
  it.each([["null"], ["[1]"], ['{"format":"eslint"}'], ["not json"]])(
    "%s is refused and left as it is",
    async (text) => {
      const root = project();
      writeFileSync(join(root, "c.json"), text);
      const run = await lint(root, "c.json");
      expect({ code: run.code, out: run.out }).toEqual({ code: 2, out: "" });
      expect(run.err).toBe(
        "chatml: --cache-location c.json is a file that is not a chatml lint cache; it is left as it is: delete it, or name another file or a folder\n",
      );
      expect(readFileSync(join(root, "c.json"), "utf8")).toBe(text);
    },
  );
});

describe("a damaged lint cache is ignored and rewritten", () => {
  it.each([
    ["entries that are a list", cache([])],
    ["entries of null", cache(null)],
    ["an entry that is no object", cache({ "/a": 5 })],
    ["an entry without a key", cache({ "/a": { linted: true, parts: [] } })],
    ["parts that are not a list", cache({ "/a": { key: "k", linted: true, parts: {} } })],
    ["a part that is null", cache({ "/a": entry([null]) })],
    ["a message that is null", cache({ "/a": entry([part([null])]) })],
    ["a message of severity 3", cache({ "/a": entry([part([{ ...message, severity: 3 }])]) })],
    ["a message at line 1.5", cache({ "/a": entry([part([{ ...message, line: 1.5 }])]) })],
    ["a source that is no text", cache({ "/a": entry([{ ...part([message]), source: 1 }]) })],
    ["lines that are not pairs", cache({ "/a": entry([{ ...part([message]), lines: [[1]] }]) })],
  ])("%s", async (_what, text) => {
    const root = project();
    writeFileSync(join(root, "c.json"), text);
    const run = await lint(root, "c.json");
    expect(run.code).toBe(1);
    expect(run.out).toContain("bad.chatml");
    expect(run.err).toBe(
      "chatml: ignored the lint cache c.json: another version of chatml wrote it, or it is damaged; it will be rewritten\n",
    );
    const rewritten = JSON.parse(readFileSync(join(root, "c.json"), "utf8"));
    expect(Object.keys(rewritten.entries)).toEqual([join(root, "bad.chatml")]);
    // The next run replays it, quietly.
    expect(await lint(root, "c.json")).toEqual({ ...run, err: "" });
  });

  it("a cache that cannot be read is said with the reason, and replaced", async () => {
    const root = project();
    // A link to itself: reading it fails with ELOOP, even for root.
    symlinkSync("loop.json", join(root, "loop.json"));
    const run = await lint(root, "loop.json");
    expect(run.code).toBe(1);
    expect(run.err).toBe(
      "chatml: ignored the lint cache loop.json: it could not be read (ELOOP); it will be rewritten\n",
    );
    expect(JSON.parse(readFileSync(join(root, "loop.json"), "utf8")).format).toBe("chatmlkit-lint-cache");
  });

  it("a folder named without a trailing slash holds the cache's file", async () => {
    const root = project();
    mkdirSync(join(root, "cachedir"));
    expect((await lint(root, "cachedir")).code).toBe(1);
    const stored = JSON.parse(readFileSync(join(root, "cachedir", CACHE_FILE), "utf8"));
    expect(Object.keys(stored.entries)).toEqual([join(root, "bad.chatml")]);
  });
});
