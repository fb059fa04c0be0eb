import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, watch, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memoryIo } from "../src/io.js";
import { LintPool } from "../src/lint/pool.js";
import { lintFiles } from "../src/lint/run.js";
import { lintSettings } from "../src/lint/settings.js";
import { Progress } from "../src/output/progress.js";

// The real `chatml` binary in real processes: pipes, signals, terminals, exit codes.
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const BIN = join(ROOT, "packages/cli/bin/chatml.mjs");
const EXAMPLES = join(ROOT, "packages/cli/examples");
const work = mkdtempSync(join(tmpdir(), "chatml-process-"));

beforeAll(() => {
  // Test what users run: the bundle, built from the current sources.
  execFileSync(
    process.execPath,
    [
      join(ROOT, "node_modules/typescript/bin/tsc"),
      "-b",
      "packages/parser/tsconfig.build.json",
      "packages/validator/tsconfig.build.json",
    ],
    { cwd: ROOT },
  );
  execFileSync(process.execPath, [join(ROOT, "packages/cli/build.mjs")], { cwd: ROOT });
}, 120_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

function chatml(
  args: string[],
  options: { input?: string; env?: Record<string, string>; cwd?: string } = {},
) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? work,
    input: options.input ?? "",
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "", ...options.env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const MESSAGES = JSON.stringify([{ role: "user", content: "Hi" }]);

/** How a spawned chatml ended: an exit code, or the signal that ended it. */
function ended(child: ChildProcess) {
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.on("close", (code, signal) => done({ code, signal })),
  );
}

describe("chatml as a process", () => {
  it("reads stdin and writes stdout", () => {
    const { code, stdout, stderr } = chatml(["compile"], { input: MESSAGES });
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(stdout).toBe("<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n");
    const back = chatml(["parse", "-"], { input: stdout });
    expect(JSON.parse(back.stdout).messages).toEqual([{ role: "user", content: "Hi" }]);
  });

  it("exits 0, 1 and 2 as documented", () => {
    expect(chatml(["lint", join(EXAMPLES, "prompts/tax-assistant.chatml")]).code).toBe(0);
    expect(chatml(["lint", join(EXAMPLES, "prompts")]).code).toBe(1);
    const missing = chatml(["compile", "missing.json"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe("chatml: cannot read missing.json: no such file\n");
    expect(chatml(["lint", "nothing-*.chatml"]).code).toBe(2);
    expect(chatml(["frobnicate"]).code).toBe(2);
  });

  it("prints a stack trace only with --debug", () => {
    expect(chatml(["compile", "missing.json"]).stderr).not.toMatch(/\n\s+at /);
    const debug = chatml(["compile", "missing.json", "--debug"]);
    expect(debug.code).toBe(2);
    expect(debug.stderr).toMatch(
      /^chatml: cannot read missing\.json: no such file\nCliError: [^\n]+\n\s+at /,
    );
  });

  it("ends quietly with exit 0 when the reader closes the pipe (EPIPE)", async () => {
    const big = join(work, "big.chatml");
    writeFileSync(big, "<|im_start|>user\nhello there<|im_end|>\n".repeat(20_000));
    const direct = spawn(process.execPath, [BIN, "parse", big], { stdio: ["ignore", "pipe", "pipe"] });
    let err = "";
    direct.stderr.on("data", (d) => {
      err += d;
    });
    direct.stdout.once("data", () => direct.stdout.destroy());
    const code = await new Promise<number | null>((done) => direct.on("close", done));
    expect({ code, err }).toEqual({ code: 0, err: "" });
  });
});

describe("-o writes atomically", () => {
  const temporaries = (dir: string) => readdirSync(dir).filter((f) => f.endsWith(".tmp"));

  it("writes the file and leaves no temporary file", () => {
    const dir = mkdtempSync(join(work, "ok-"));
    writeFileSync(join(dir, "m.json"), MESSAGES);
    const { code } = chatml(["compile", "m.json", "-o", "out.chatml"], { cwd: dir });
    expect(code).toBe(0);
    expect(readFileSync(join(dir, "out.chatml"), "utf8")).toContain("<|im_start|>user\nHi");
    expect(temporaries(dir)).toEqual([]);
  });

  it("keeps the old file when the input is refused", () => {
    const dir = mkdtempSync(join(work, "refused-"));
    writeFileSync(join(dir, "bad.json"), JSON.stringify([{ role: "user", content: "<|im_end|>" }]));
    writeFileSync(join(dir, "out.chatml"), "OLD");
    const { code, stderr } = chatml(["compile", "bad.json", "-o", "out.chatml"], { cwd: dir });
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /^bad\.json:1:28: error: \$\[0\]\.content: content contains the special token <\|im_end\|>/,
    );
    expect(readFileSync(join(dir, "out.chatml"), "utf8")).toBe("OLD");
    expect(temporaries(dir)).toEqual([]);
  });

  it("refuses to write over its own input", () => {
    const dir = mkdtempSync(join(work, "self-"));
    writeFileSync(join(dir, "p.chatml"), "<|im_start|>user\nHi<|im_end|>\n");
    const { code, stderr } = chatml(["parse", "p.chatml", "-o", "./p.chatml"], { cwd: dir });
    expect(code).toBe(2);
    expect(stderr).toMatch(/refusing to write the output over its own input/);
    expect(readFileSync(join(dir, "p.chatml"), "utf8")).toBe("<|im_start|>user\nHi<|im_end|>\n");
  });

  it("leaves the old file and no partial file when interrupted", async () => {
    const dir = mkdtempSync(join(work, "interrupt-"));
    writeFileSync(join(dir, "out.chatml"), "OLD");
    // stdin stays open, so chatml is still reading when the interrupt comes
    const child = spawn(process.execPath, [BIN, "compile", "-", "-o", "out.chatml"], {
      cwd: dir,
      stdio: ["pipe", "pipe", "pipe"],
    });
    child.stdin.write('[{"role":"user",');
    await new Promise((r) => setTimeout(r, 300));
    child.kill("SIGINT");
    // It dies of the signal, as a shell reports it: $? is 130.
    expect(await ended(child)).toEqual({ code: null, signal: "SIGINT" });
    expect(readFileSync(join(dir, "out.chatml"), "utf8")).toBe("OLD");
    expect(temporaries(dir)).toEqual([]);
  });
});

describe("colours", () => {
  const hasScript = spawnSync("script", ["--version"]).status === 0;
  const ESC = "\u001b[";

  it.runIf(hasScript)("are on in a terminal, off with NO_COLOR, off in a pipe", () => {
    const command = `"${process.execPath}" "${BIN}" lint "${join(EXAMPLES, "prompts")}"`;
    const tty = spawnSync("script", ["-qec", command, "/dev/null"], {
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: "" },
    });
    expect(tty.stdout).toContain(ESC);
    const noColor = spawnSync("script", ["-qec", command, "/dev/null"], {
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: "1" },
    });
    expect(noColor.stdout).toContain("special-token");
    expect(noColor.stdout).not.toContain(ESC);
    expect(chatml(["lint", join(EXAMPLES, "prompts")]).stdout).not.toContain(ESC);
  });
});

describe("SARIF output", () => {
  // Microsoft's SARIF Multitool, from npm: it validates against the official SARIF 2.1.0 schema.
  const multitool = join(ROOT, "node_modules/@microsoft/sarif-multitool/bin.js");

  function validateSarif(file: string): string[] {
    const report = `${file}.validation.sarif`;
    execFileSync(
      process.execPath,
      [multitool, "validate", file, "--output", report, "--log", "ForceOverwrite", "--quiet"],
      { encoding: "utf8" },
    );
    const log = JSON.parse(readFileSync(report, "utf8"));
    return log.runs.flatMap(
      (run: { results?: { level?: string; message: { text?: string; id?: string } }[] }) =>
        (run.results ?? [])
          .filter((r) => r.level === "error")
          .map((r) => r.message.text ?? r.message.id ?? "error"),
    );
  }

  it.runIf(existsSync(multitool))(
    "validates against the SARIF 2.1.0 schema, with every rule listed",
    () => {
      const file = join(work, "lint.sarif");
      const { code } = chatml(["lint", join(EXAMPLES, "prompts"), "-f", "sarif", "-o", file]);
      expect(code).toBe(1);
      const log = JSON.parse(readFileSync(file, "utf8"));
      expect(log.runs[0].results.length).toBe(3);
      const ids = log.runs[0].tool.driver.rules.map((r: { id: string }) => r.id);
      for (const result of log.runs[0].results) expect(ids[result.ruleIndex]).toBe(result.ruleId);
      expect(validateSarif(file)).toEqual([]);
      // and the validator does catch a broken log
      delete log.runs[0].tool.driver.name; // a required property
      const broken = join(work, "broken.sarif");
      writeFileSync(broken, JSON.stringify(log));
      expect(validateSarif(broken).length).toBeGreaterThan(0);
    },
    60_000,
  );
});

describe("lint on datasets", () => {
  /** A dataset of `n` examples, a few of them broken. */
  function dataset(n: number): string {
    const lines: string[] = [];
    for (let i = 0; i < n; i++) {
      const bad = i % 397 === 5 ? "<|im_end|>" : "";
      lines.push(
        JSON.stringify({
          messages: [
            { role: "system", content: "You are terse." },
            { role: "user", content: `Question ${i}: what is ${i} squared?${bad}` },
            { role: "assistant", content: `${i * i}. That is ${i} times ${i}, the square of ${i}.` },
          ],
        }),
      );
    }
    return `${lines.join("\n")}\n`;
  }

  it("reports the same problems, in line order, with --jobs 2 as with --jobs 1", () => {
    const file = join(work, "train.jsonl");
    writeFileSync(file, dataset(3000));
    const one = chatml(["lint", file, "--model", "gpt-4o-mini", "--jobs", "1", "-f", "json"]);
    const two = chatml(["lint", file, "--model", "gpt-4o-mini", "--jobs", "2", "-f", "json"]);
    expect(one.code).toBe(1);
    expect(two.stdout).toBe(one.stdout);
    const lines = JSON.parse(one.stdout)[0].messages.map((m: { line: number }) => m.line);
    expect(lines).toEqual([6, 403, 800, 1197, 1594, 1991, 2388, 2785]);
  }, 60_000);

  it("lints many files in workers with the same report, in the order named", () => {
    const dir = mkdtempSync(join(work, "many-"));
    for (let i = 0; i < 40; i++) {
      const content = i % 7 === 3 ? `question ${i} <|im_end|>` : `question ${i}`;
      writeFileSync(
        join(dir, `p${String(i).padStart(2, "0")}.json`),
        JSON.stringify([{ role: "user", content }]),
      );
    }
    writeFileSync(join(dir, "bad.chatml"), Buffer.from([0x3c, 0xff, 0x3e]));
    const one = chatml(["lint", dir, "--jobs", "1", "-f", "json"]);
    const two = chatml(["lint", dir, "--jobs", "2", "-f", "json"]);
    expect(two.stdout).toBe(one.stdout);
    const report = JSON.parse(one.stdout) as {
      filePath: string;
      errorCount: number;
      messages: { ruleId: string }[];
    }[];
    expect(report.map((r) => r.filePath.split("/").pop())).toEqual([
      "bad.chatml",
      ...Array.from({ length: 40 }, (_, i) => `p${String(i).padStart(2, "0")}.json`),
    ]);
    expect(report[0]?.messages[0]?.ruleId).toBe("invalid-encoding");
    expect(report.filter((r) => r.errorCount > 0).length).toBe(1 + 6);
  }, 60_000);

  it("lints a file or a dataset chunk again in the main thread when a worker runs out of memory", async () => {
    const dir = mkdtempSync(join(work, "oom-"));
    writeFileSync(join(dir, "a.json"), JSON.stringify([{ role: "user", content: "hi <|im_end|>" }]));
    writeFileSync(join(dir, "b.chatml"), "<|im_start|>user\nhello<|im_end|>\n");
    // A line over 1 MiB: its chunk is copied to the worker, not moved, so it can be retried here.
    const content = `${"word ".repeat(230_000)}<|im_end|>`;
    writeFileSync(join(dir, "c.jsonl"), `${JSON.stringify({ messages: [{ role: "user", content }] })}\n`);
    const io = memoryIo({ cwd: dir });
    const settings = lintSettings({ model: "gpt-4o-mini" });
    const lint = async (pool: LintPool | undefined) => {
      const options = { kind: undefined, stdinName: undefined, pool, progress: new Progress(io, 0, true) };
      const run = await lintFiles(io, ["a.json", "b.chatml", "c.jsonl"], settings, options);
      await pool?.close();
      return run.results;
    };
    const worker = pathToFileURL(join(ROOT, "packages/cli/dist/worker.mjs"));
    // A heap too small to even load the tokenizer: every worker dies of it.
    const starved = new LintPool(worker, 2, settings, dir, {
      maxOldGenerationSizeMb: 2,
      maxYoungGenerationSizeMb: 1,
    });
    const inline = await lint(undefined);
    expect(inline.map((r) => r.errorCount)).toEqual([1, 0, 3]);
    expect(await lint(starved)).toEqual(inline);
  }, 60_000);

  it.runIf(spawnSync("script", ["--version"]).status === 0)(
    "shows a progress bar on a terminal for a long run, and none in CI",
    () => {
      const file = join(work, "big.jsonl");
      writeFileSync(file, dataset(80_000));
      const command = `"${process.execPath}" "${BIN}" lint "${file}" --model gpt-4o-mini --jobs 1 -f json > /dev/null`;
      const tty = spawnSync("script", ["-qec", command, "/dev/null"], {
        encoding: "utf8",
        env: { ...process.env, CI: "" },
      });
      expect(tty.stdout).toMatch(/\d+%\s+[\d.]+\/[\d.]+ MB/);
      const ci = spawnSync("script", ["-qec", command, "/dev/null"], {
        encoding: "utf8",
        env: { ...process.env, CI: "true" },
      });
      expect(ci.stdout).not.toMatch(/ MB /);
    },
    60_000,
  );
});

describe("files that are not files, and signals", () => {
  /** A messages file that takes compile a while (about a second): long synchronous work. */
  function bigMessages(dir: string): string {
    const file = join(dir, "big.json");
    const message = JSON.stringify({ role: "user", content: "a few words of content ".repeat(40) });
    writeFileSync(file, `[${Array.from({ length: 60_000 }, () => message).join(",")}]`);
    return file;
  }

  it("refuses a FIFO at once instead of waiting for a writer forever", () => {
    const dir = mkdtempSync(join(work, "fifo-"));
    execFileSync("mkfifo", [join(dir, "f.json")]);
    for (const args of [
      ["compile", "f.json"],
      ["lint", "f.json"],
      ["count", "f.json", "--kind", "jsonl", "-m", "gpt-4o"],
    ]) {
      // Before, chatml hung in open(2) and even SIGTERM did not end it: SIGKILL after 20 s.
      const run = spawnSync(process.execPath, [BIN, ...args], {
        cwd: dir,
        encoding: "utf8",
        timeout: 20_000,
        killSignal: "SIGKILL",
      });
      expect({ code: run.status, stderr: run.stderr }).toEqual({
        code: 2,
        stderr:
          "chatml: cannot read f.json: it is a FIFO (named pipe), not a regular file; to read a stream, pipe it to chatml and name the input - (stdin)\n",
      });
    }
  });

  it("refuses /dev/zero instead of reading it until memory runs out", () => {
    for (const args of [
      ["compile", "/dev/zero"],
      ["lint", "/dev/zero"],
      ["count", "/dev/zero", "--kind", "jsonl", "-m", "gpt-4o"],
    ]) {
      const run = spawnSync(process.execPath, [BIN, ...args], {
        encoding: "utf8",
        timeout: 20_000,
        killSignal: "SIGKILL",
      });
      expect({ code: run.status, stderr: run.stderr }).toEqual({
        code: 2,
        stderr:
          "chatml: cannot read /dev/zero: it is a character device, not a regular file; to read a stream, pipe it to chatml and name the input - (stdin)\n",
      });
    }
  });

  it("stops reading stdin at --max-file-size", () => {
    const dir = mkdtempSync(join(work, "stdin-bound-"));
    // An endless stdin: chatml must stop reading by itself.
    const run = spawnSync("sh", ["-c", `yes | "${process.execPath}" "${BIN}" compile - --max-file-size 1M`], {
      cwd: dir,
      encoding: "utf8",
      timeout: 20_000,
      killSignal: "SIGKILL",
    });
    expect({ code: run.status, stderr: run.stderr }).toEqual({
      code: 2,
      stderr:
        "chatml: cannot read <stdin>: more than the 1 MiB limit arrived; raise the limit with --max-file-size 2MiB\n",
    });
  });

  it("ends at once on SIGTERM in the middle of a long computation, as the signal does", async () => {
    const dir = mkdtempSync(join(work, "busy-"));
    // Counting 55 MB takes seconds (compile of it, once JSON was read without a tree, under 0.6 s).
    const child = spawn(process.execPath, [BIN, "count", bigMessages(dir), "--model", "gpt-4o"], {
      stdio: ["ignore", "ignore", "pipe"],
    });
    const end = ended(child);
    // Well into the run (start-up takes ~0.1 s); before, a handler waited for the work to finish, then exited 143.
    await new Promise((r) => setTimeout(r, 600));
    child.kill("SIGTERM");
    expect(await end).toEqual({ code: null, signal: "SIGTERM" });
    // and a shell reports the conventional code
    const shell = spawnSync(
      "sh",
      [
        "-c",
        `"${process.execPath}" "${BIN}" count big.json --model gpt-4o > /dev/null & pid=$!; sleep 0.6; kill -TERM $pid; wait $pid; echo $?`,
      ],
      { cwd: dir, encoding: "utf8" },
    );
    expect(shell.stdout).toBe("143\n");
  }, 60_000);

  it("removes its temporary file when SIGHUP comes during -o, and ends by the signal", async () => {
    const dir = mkdtempSync(join(work, "hangup-"));
    const input = bigMessages(dir);
    writeFileSync(join(dir, "out.chatml"), "OLD");
    const child = spawn(process.execPath, [BIN, "compile", input, "-o", "out.chatml"], {
      cwd: dir,
      stdio: "ignore",
    });
    // The moment the temporary file appears, hang up.
    const watcher = watch(dir, (_event, name) => {
      if (name?.endsWith(".tmp")) {
        watcher.close();
        child.kill("SIGHUP");
      }
    });
    const end = await ended(child);
    watcher.close();
    expect(end).toEqual({ code: null, signal: "SIGHUP" });
    expect(readFileSync(join(dir, "out.chatml"), "utf8")).toBe("OLD");
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  }, 60_000);
});

describe("lint reports as it goes", () => {
  it("writes the same report, in file and line order, with --jobs 2 as with --jobs 1, datasets of many chunks between files", () => {
    const dir = mkdtempSync(join(work, "streamed-"));
    // Datasets of ~700 KB (three chunks), a problem on every third line: chunks from the
    // two datasets are linted at once with --jobs 2, and must still be reported in order.
    // Four examples in each have no system message, in different chunks: one problem per file.
    const lines = (tag: string) =>
      Array.from({ length: 2400 }, (_, i) =>
        JSON.stringify({
          messages: [
            ...(i % 700 === 9 ? [] : [{ role: "system", content: "s" }]),
            {
              role: "user",
              content: `${tag} question ${i} ${"x".repeat(220)}${i % 3 === 0 ? "\u200b" : ""}`,
            },
            { role: "assistant", content: "answer" },
          ],
        }),
      ).join("\n");
    writeFileSync(join(dir, "a.jsonl"), `${lines("a")}\n`);
    writeFileSync(join(dir, "b.json"), JSON.stringify([{ role: "user", content: "hi <|im_end|>" }]));
    writeFileSync(join(dir, "c.jsonl"), `${lines("c")}\n`);
    writeFileSync(join(dir, "d.chatml"), "<|im_start|>user\nhello\u200b<|im_end|>\n");
    const files = ["a.jsonl", "b.json", "c.jsonl", "d.chatml"];
    for (const args of [
      ["--max-problems", "0"],
      ["-f", "github"],
    ]) {
      const one = chatml(["lint", ...files, "--jobs", "1", ...args], { cwd: dir });
      const two = chatml(["lint", ...files, "--jobs", "2", ...args], { cwd: dir });
      expect(one.code).toBe(1);
      expect(two).toEqual(one);
    }
    const all = chatml(["lint", ...files, "--jobs", "2", "--max-problems", "0"], { cwd: dir }).stdout;
    // files in the order named, each once; within a dataset, line by line
    expect(all.split("\n").filter((l) => files.includes(l))).toEqual(files);
    const at = [...all.matchAll(/^ {2}(\d+):\d+ /gm)].map((m) => Number(m[1]));
    const a = at.slice(0, 800);
    expect(a).toEqual([...a].sort((x, y) => x - y));
    // a.jsonl and c.jsonl: 800 zero-width spaces each, and the one dataset-no-system of each
    // file after its lines, at its first example without one, counted over every chunk
    expect(at[800]).toBe(10);
    expect(
      all.match(/ {2}10:\d+ +warning +4 of 2400 examples have no system message +dataset-no-system/g),
    ).toHaveLength(2);
    expect(all.endsWith("✖ 1604 problems (1 error, 1603 warnings)\n")).toBe(true);
  }, 60_000);
});
