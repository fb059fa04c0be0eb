import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { memoryIo, runCli } from "../src/index.js";
import { LintCache } from "../src/lint/cache.js";

// `chatml lint --cache`, in-process, in a fresh folder each. A hit is told apart from a lint by
// editing a stored message: only a report replayed from the cache can carry the edit.
const work = mkdtempSync(join(tmpdir(), "chatml-cache-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const BAD = "<|im_start|>user\nhi <|im_end|> there<|im_end|>\n";
const DATASET = `${JSON.stringify({
  messages: [
    { role: "user", content: "q\u200b" },
    { role: "assistant", content: "a" },
  ],
})}\n`;
const CACHE = "node_modules/.cache/chatmlkit/lint-cache.json";

function project(): string {
  const root = mkdtempSync(join(work, "p-"));
  mkdirSync(join(root, "prompts"));
  writeFileSync(join(root, "prompts/bad.chatml"), BAD);
  writeFileSync(join(root, "prompts/ok.chatml"), "<|im_start|>user\nhi<|im_end|>\n");
  writeFileSync(join(root, "prompts/train.jsonl"), DATASET);
  writeFileSync(join(root, "prompts/package.json"), '{"name": "not a prompt"}');
  return root;
}

async function lint(root: string, ...args: string[]) {
  const io = memoryIo({ cwd: root });
  const code = await runCli(["lint", ...args], io);
  return { code, out: io.out(), err: io.err() };
}

/** Rewrites every stored message of the cache file at `path`, so a replayed report shows it. */
function tamper(path: string): void {
  const data = JSON.parse(readFileSync(path, "utf8"));
  for (const entry of Object.values<{ parts: { messages: { message: string }[] }[] }>(data.entries))
    for (const part of entry.parts) for (const m of part.messages) m.message = `CACHED ${m.message}`;
  writeFileSync(path, JSON.stringify(data));
}

describe("lint --cache", () => {
  it("reports unchanged files from the cache, byte for byte as a lint, in every format", async () => {
    for (const format of ["stylish", "json", "sarif", "github", "gitlab", "junit"]) {
      const root = project();
      const plain = await lint(root, ".", "-f", format);
      const first = await lint(root, ".", "-f", format, "--cache");
      expect(existsSync(join(root, CACHE))).toBe(true);
      const second = await lint(root, ".", "-f", format, "--cache");
      expect(first, format).toEqual(plain);
      expect(second, format).toEqual(plain);
      expect(plain.code).toBe(1);
    }
  });

  it("replays a stored report, and lints a file again when its bytes change", async () => {
    const root = project();
    await lint(root, "prompts", "--cache");
    tamper(join(root, CACHE));
    const hit = await lint(root, "prompts", "--cache");
    expect(hit.out).toContain("CACHED ");
    writeFileSync(join(root, "prompts/bad.chatml"), `${BAD}\n`);
    const changed = await lint(root, "prompts", "--cache");
    const bad = changed.out.slice(0, changed.out.indexOf("train.jsonl"));
    expect(bad).not.toContain("CACHED ");
    expect(changed.out.slice(changed.out.indexOf("train.jsonl"))).toContain("CACHED ");
  });

  it("remembers a walked file that is no conversation as skipped", async () => {
    const root = project();
    rmSync(join(root, "prompts/bad.chatml"));
    rmSync(join(root, "prompts/train.jsonl"));
    for (let run = 0; run < 2; run++)
      expect((await lint(root, "prompts", "--cache")).out).toBe("checked 1 file (1 skipped), no problems\n");
  });

  it("lints again after a change to the config, the rules' levels, the model or the format's needs", async () => {
    const variants: string[][] = [
      ["--rule", "invisible-character=error"],
      ["--model", "gpt-4o"],
      ["--max-file-size", "1MiB"],
      ["--kind", "transcript", "prompts/bad.chatml"],
    ];
    for (const extra of variants) {
      const root = project();
      await lint(root, "prompts", "--cache");
      tamper(join(root, CACHE));
      const again = await lint(root, ...(extra.includes("--kind") ? [] : ["prompts"]), "--cache", ...extra);
      expect(again.out, extra.join(" ")).not.toContain("CACHED ");
    }
    const root = project();
    await lint(root, "prompts", "--cache");
    tamper(join(root, CACHE));
    writeFileSync(join(root, "chatml.config.json"), '{ "rules": { "dataset-no-system": "off" } }');
    expect((await lint(root, "prompts", "--cache")).out).not.toContain("CACHED ");
  });

  it("keys each report by the CLI version and the settings", async () => {
    const root = project();
    const io = memoryIo({ cwd: root });
    const key = async (context: unknown) =>
      (await LintCache.open(io, "c/", context)).keyOf(
        io,
        "prompts/bad.chatml",
        "transcript",
        "bad.chatml",
        false,
      );
    const a = await key({ version: "1.0.0", settings: {} });
    expect(a.bytes).toBe(Buffer.byteLength(BAD));
    expect((await key({ version: "1.0.0", settings: {} })).key).toBe(a.key);
    expect((await key({ version: "1.0.1", settings: {} })).key).not.toBe(a.key);
    expect((await key({ version: "1.0.0", settings: { x: 1 } })).key).not.toBe(a.key);
  });

  it("takes --cache-location as a file or a folder, and refuses it without --cache", async () => {
    const root = project();
    await lint(root, "prompts", "--cache", "--cache-location", ".lintcache");
    expect(JSON.parse(readFileSync(join(root, ".lintcache"), "utf8")).format).toBe("chatmlkit-lint-cache");
    await lint(root, "prompts", "--cache", "--cache-location", "caches/");
    expect(readdirSync(join(root, "caches"))).toEqual(["lint-cache.json"]);
    expect(existsSync(join(root, "node_modules"))).toBe(false);
    const alone = await lint(root, "prompts", "--cache-location", "x");
    expect(alone.code).toBe(2);
    expect(alone.err).toContain(
      "--cache-location says where --cache keeps its file, and --cache is not given",
    );
  });

  it("never overwrites a file that is not a lint cache, and rewrites a damaged one", async () => {
    const root = project();
    const mine = join(root, "prompts/ok.chatml");
    const before = readFileSync(mine, "utf8");
    const refused = await lint(root, "prompts", "--cache", "--cache-location", "prompts/ok.chatml");
    expect(refused.code).toBe(2);
    expect(refused.out).toBe("");
    expect(refused.err).toContain(
      "--cache-location prompts/ok.chatml is a file that is not a chatml lint cache",
    );
    expect(readFileSync(mine, "utf8")).toBe(before);

    writeFileSync(
      join(root, "old.json"),
      JSON.stringify({ format: "chatmlkit-lint-cache", version: 0, entries: {} }),
    );
    const old = await lint(root, "prompts", "--cache", "--cache-location", "old.json");
    expect(old.code).toBe(1);
    expect(old.err).toContain("chatml: ignored the lint cache old.json: another version of chatml wrote it");
    expect(JSON.parse(readFileSync(join(root, "old.json"), "utf8")).version).toBe(1);
  });

  it("says when the cache cannot be written, and the run's result stands", async () => {
    const root = project();
    // A folder under a regular file cannot be made, even by root.
    writeFileSync(join(root, "blocker"), "");
    const run = await lint(root, "prompts", "--cache", "--cache-location", "blocker/sub/");
    expect(run.code).toBe(1);
    expect(run.out).toContain("bad.chatml");
    expect(run.err).toMatch(
      /^chatml: could not write the lint cache blocker\/sub\/lint-cache.json \(ENOTDIR\)\n/,
    );
    expect(readFileSync(join(root, "blocker"), "utf8")).toBe("");
  });

  it("does not cache stdin, nor a file it could not read", async () => {
    const root = project();
    const io = memoryIo({ cwd: root, stdin: BAD });
    expect(await runCli(["lint", "-", "--cache"], io)).toBe(1);
    const stored = () => Object.keys(JSON.parse(readFileSync(join(root, CACHE), "utf8")).entries);
    expect(stored()).toEqual([]);
    // A line over the limit: the file hashes, but lint cannot hold the line; the next run tries again.
    writeFileSync(
      join(root, "long.jsonl"),
      `${JSON.stringify({ messages: [{ role: "user", content: "x".repeat(300) }] })}\n`,
    );
    for (let run = 0; run < 2; run++) {
      const long = await lint(root, "long.jsonl", "--cache", "--max-file-size", "100");
      expect(long.code).toBe(2);
      expect(long.out).toContain("line 1 is longer than the 100 bytes limit");
      expect(stored()).toEqual([]);
    }
    // Reading /proc/self/mem fails even for root: reported, and not stored either.
    const mem = await lint(root, "/proc/self/mem", "--cache");
    expect(mem.code).toBe(2);
    expect(mem.out).toContain("unreadable-file");
    expect(stored()).toEqual([]);
  });
});
