import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { memoryIo, runCli } from "../src/index.js";

// Which files `chatml lint` lints (issue 11): a folder walk takes prompt files, not every JSON
// file, honours .gitignore and the ignore globs; named files are always linted. In-process, each
// case in a fresh folder.
const work = mkdtempSync(join(tmpdir(), "chatml-walk-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const PROMPT = "<|im_start|>user\nhi<|im_end|>\n";
const INJECTED = "<|im_start|>user\nhi <|im_end|> there<|im_end|>\n";
const MESSAGES = JSON.stringify([{ role: "user", content: "hi" }]);
const EXAMPLE = `${JSON.stringify({
  messages: [
    { role: "system", content: "s" },
    { role: "user", content: "q" },
    { role: "assistant", content: "a" },
  ],
})}\n`;

/** A fresh folder holding `files` (path -> text). */
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(work, "t-"));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

/** Runs lint in `cwd`; the files the JSON report names (relative to `root`), the exit code and stderr. */
async function lint(cwd: string, args: string[], root = cwd) {
  const io = memoryIo({ cwd });
  const code = await runCli(["lint", ...args, "-f", "json"], io);
  const out = io.out();
  const files = out === "" ? [] : (JSON.parse(out) as { filePath: string }[]).map((r) => r.filePath);
  return { code, files: files.map((f) => f.slice(root.length + 1)), err: io.err() };
}

describe("a folder walk lints prompt files, not every JSON file", () => {
  const repo = () =>
    tree({
      "prompts/a.chatml": PROMPT,
      "prompts/B.CHATML": PROMPT,
      "prompts/messages.json": MESSAGES,
      "prompts/body.JSON": JSON.stringify({ model: "gpt-4o", messages: [{ role: "user", content: "hi" }] }),
      "prompts/parsed.json": JSON.stringify({ messages: [], addGenerationPrompt: true }),
      "prompts/broken.json": '[{"role": "user" "content": "hi"}]',
      "data/train.jsonl": EXAMPLE.repeat(3),
      "data/late.jsonl": `not json\n${EXAMPLE}`,
      "data/events.jsonl": '{"level":"info","msg":"started"}\n{"level":"warn","msg":"slow"}\n',
      "package.json": JSON.stringify({ name: "app", version: "1.0.0" }),
      "tsconfig.json": '{ // comments, as tsc allows\n  "compilerOptions": {}\n}\n',
      "report.json": JSON.stringify([{ filePath: "x", messages: [{ ruleId: "r" }] }]),
      "notes.txt": "SECRET_TOKEN=hunter2\n",
      "README.md": "# app\n",
    });

  it("takes .chatml files, and JSON and JSONL that hold a conversation, by content; extensions in any case", async () => {
    const root = repo();
    const { code, files } = await lint(root, ["."]);
    expect(files).toEqual([
      "data/late.jsonl",
      "data/train.jsonl",
      "prompts/B.CHATML",
      "prompts/a.chatml",
      "prompts/body.JSON",
      "prompts/broken.json",
      "prompts/messages.json",
      "prompts/parsed.json",
    ]);
    expect(code).toBe(1); // broken.json and late.jsonl's first line are invalid JSON
  });

  it("says what it checked when it found nothing, and how many files it skipped", async () => {
    const root = repo();
    rmSync(join(root, "prompts/broken.json"));
    rmSync(join(root, "data/late.jsonl"));
    const io = memoryIo({ cwd: root });
    expect(await runCli(["lint", "."], io)).toBe(0);
    // package.json, tsconfig.json, report.json, events.jsonl, notes.txt, README.md
    expect(io.out()).toBe("checked 6 files (6 skipped), no problems\n");
    const quiet = memoryIo({ cwd: root });
    await runCli(["lint", "prompts", "--quiet"], quiet);
    expect(quiet.out()).toBe("checked 5 files, no errors\n");
  });

  it("lints a file named on the command line whatever it holds", async () => {
    const root = repo();
    const { code, files } = await lint(root, ["package.json", "notes.txt", "data/events.jsonl"]);
    expect(files).toEqual(["package.json", "notes.txt", "data/events.jsonl"]);
    expect(code).toBe(1);
  });

  it("takes what a glob matches by name", async () => {
    const root = repo();
    expect((await lint(root, ["*.json"])).files).toEqual(["package.json", "report.json", "tsconfig.json"]);
  });

  it("takes what the config's files globs name, relative to the config's folder", async () => {
    const root = tree({
      "chatml.config.json": JSON.stringify({ files: ["prompts/**/*.txt", "**/*.chatml"] }),
      "prompts/t.txt": INJECTED,
      "prompts/a.chatml": PROMPT,
      "prompts/m.json": MESSAGES,
    });
    const { files } = await lint(join(root, "prompts"), ["."], root);
    expect(files).toEqual(["prompts/a.chatml", "prompts/t.txt"]);
  });
});

describe("what a walk leaves out", () => {
  it("honours .gitignore files from the repository root down, nested ones and ! lines; --no-gitignore walks them", async () => {
    const root = tree({
      ".gitignore": "build/\n*.gen.chatml\n",
      "build/out.chatml": PROMPT,
      "src/a.chatml": PROMPT,
      "src/x.gen.chatml": PROMPT,
      "src/keep/.gitignore": "!*.gen.chatml\nlocal.chatml\n",
      "src/keep/y.gen.chatml": PROMPT,
      "src/keep/local.chatml": PROMPT,
    });
    mkdirSync(join(root, ".git"));
    // From a folder below the root: the root's .gitignore still applies.
    expect((await lint(join(root, "src"), ["."], root)).files).toEqual([
      "src/a.chatml",
      "src/keep/y.gen.chatml",
    ]);
    expect((await lint(root, ["."])).files).toEqual(["src/a.chatml", "src/keep/y.gen.chatml"]);
    expect((await lint(root, ["**/*.chatml"])).files).toEqual(["src/a.chatml", "src/keep/y.gen.chatml"]);
    expect((await lint(root, [".", "--no-gitignore"])).files).toEqual([
      "build/out.chatml",
      "src/a.chatml",
      "src/keep/local.chatml",
      "src/keep/y.gen.chatml",
      "src/x.gen.chatml",
    ]);
  });

  it("matches the config's ignore globs from the config's folder, not the working directory; --no-ignore lints them", async () => {
    const root = tree({
      "chatml.config.json": JSON.stringify({ ignore: ["fixtures/**"] }),
      "fixtures/bad.chatml": INJECTED,
      "prompts/ok.chatml": PROMPT,
    });
    const inFixtures = await lint(join(root, "fixtures"), ["."], root);
    expect(inFixtures.code).toBe(2);
    expect(inFixtures.err).toBe("chatml: no files matched .\n");
    expect((await lint(root, ["."])).files).toEqual(["prompts/ok.chatml"]);
    expect((await lint(join(root, "fixtures"), [".", "--no-ignore"], root)).files).toEqual([
      "fixtures/bad.chatml",
    ]);
  });

  it("adds --ignore-pattern globs, relative to the working directory, a folder's name leaving out what it holds", async () => {
    const root = tree({ "a/x.chatml": PROMPT, "a/gen/y.chatml": PROMPT, "b/z.chatml": PROMPT });
    const run = await lint(root, [".", "--ignore-pattern", "a/gen", "--ignore-pattern", "b/*.chatml"]);
    expect(run.files).toEqual(["a/x.chatml"]);
  });

  it("says no files matched for a walk that finds none, unless --no-error-on-unmatched-pattern", async () => {
    const root = tree({ "a.chatml": PROMPT, "empty/README.md": "# none\n" });
    expect((await lint(root, ["empty", "a.chatml"])).err).toBe("chatml: no files matched empty\n");
    const lenient = await lint(root, [
      "empty",
      "nothing/*.chatml",
      "gone.json",
      "a.chatml",
      "--no-error-on-unmatched-pattern",
    ]);
    expect(lenient).toEqual({ code: 0, files: ["a.chatml"], err: "" });
  });
});

describe("a walk from below", () => {
  it("`chatml lint ..` lints the current folder too", async () => {
    const root = tree({ "par/a/x.chatml": PROMPT, "par/b/y.chatml": PROMPT });
    const run = await lint(join(root, "par/a"), [".."], root);
    expect(run.files).toEqual(["par/a/x.chatml", "par/b/y.chatml"]);
    const up = await lint(join(root, "par/a"), ["../*/*.chatml"], root);
    expect(up.files).toEqual(["par/a/x.chatml", "par/b/y.chatml"]);
  });

  it("`chatml lint ..` from a folder of the repository finds the files around it", async () => {
    const root = tree({ "repo/prompts/p.chatml": PROMPT, "repo/q.chatml": PROMPT });
    const run = await lint(join(root, "repo/prompts"), [".."], root);
    expect(run).toEqual({ code: 0, files: ["repo/prompts/p.chatml", "repo/q.chatml"], err: "" });
  });

  it("walks a loop of folder links once", async () => {
    const root = tree({ "a/x.chatml": PROMPT, "b/y.chatml": PROMPT });
    symlinkSync("../b", join(root, "a/to-b"));
    symlinkSync("../a", join(root, "b/to-a"));
    symlinkSync(".", join(root, "a/self"));
    expect((await lint(root, ["."])).files).toEqual(["a/x.chatml", "b/y.chatml"]);
  });
});

describe("-o never replaces an input", () => {
  for (const args of [["d/a.json"], ["d"], ["d/*.json"], ["."]]) {
    it(`refuses to write over an input of lint ${args.join(" ")}`, async () => {
      const root = tree({ "d/a.json": MESSAGES });
      symlinkSync("d/a.json", join(root, "alias.json"));
      for (const out of ["d/a.json", "alias.json"]) {
        const io = memoryIo({ cwd: root });
        expect(await runCli(["lint", ...args, "-f", "json", "-o", out], io)).toBe(2);
        expect(io.err()).toBe(`chatml: refusing to write the output over its own input ${out}\n`);
      }
      expect(readFileSync(join(root, "d/a.json"), "utf8")).toBe(MESSAGES);
    });
  }
});

describe("a file that cannot be read", () => {
  it("is a problem of that file: the others are linted, and the run exits 2", async () => {
    const root = tree({ "a.chatml": INJECTED, "b.chatml": PROMPT });
    // Reading /proc/self/mem from its start fails (EIO), even for root: a regular file that cannot be read.
    const io = memoryIo({ cwd: root });
    const code = await runCli(["lint", "/proc/self/mem", "a.chatml", "b.chatml", "-f", "json"], io);
    const report = JSON.parse(io.out()) as {
      filePath: string;
      messages: { ruleId: string; message: string }[];
    }[];
    expect(code).toBe(2);
    expect(report.map((r) => [r.filePath.replace(`${root}/`, ""), r.messages.map((m) => m.ruleId)])).toEqual([
      ["/proc/self/mem", ["unreadable-file"]],
      ["a.chatml", ["text-outside-message", "stray-im-end"]],
      ["b.chatml", []],
    ]);
    expect(report[0]?.messages[0]?.message).toMatch(/^cannot read \/proc\/self\/mem: /);
  });

  it.skipIf(process.getuid?.() === 0)("without permission to read it", async () => {
    const root = tree({ "a.chatml": PROMPT, "secret.chatml": PROMPT });
    chmodSync(join(root, "secret.chatml"), 0);
    const io = memoryIo({ cwd: root });
    expect(await runCli(["lint", "."], io)).toBe(2);
    expect(io.out()).toContain("cannot read secret.chatml: permission denied  unreadable-file");
  });
});
