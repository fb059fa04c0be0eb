// Faults from outside, with the real binary in real processes (issue 15): reads that fail, writes
// that fail (a missing folder, a read-only file system, a full disk, stdout on a full device), and
// signals in the middle of a long lint. Each ends with a clear message and an exit code that says
// what happened; the old output stays as it was, no temporary file is left, and the other files'
// results are still reported. The file-system cases need root (to mount a small tmpfs, or to run
// chatml as another user), which CI has; elsewhere they are skipped, saying why.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  watch,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyBundle } from "./bundle.js";

const work = mkdtempSync(join(tmpdir(), "chatml-faults-"));
const dist = join(work, "dist");
const BIN = join(dist, "chatml.mjs");
beforeAll(() => {
  copyBundle(dist);
  // Other users (the unreadable-file case runs chatml as nobody) may enter the folder and run the copy.
  chmodSync(work, 0o755);
});
const mounts: string[] = [];
afterAll(() => {
  for (const at of mounts) spawnSync("umount", [at]);
  rmSync(work, { recursive: true, force: true });
});

const isRoot = process.getuid?.() === 0;
/** Mounts a tmpfs of `size` at a fresh folder, or says why it cannot. */
function tmpfs(size: string): string | undefined {
  if (!isRoot) return undefined;
  const at = mkdtempSync(join(work, "mnt-"));
  const r = spawnSync("mount", ["-t", "tmpfs", "-o", `size=${size}`, "tmpfs", at], { encoding: "utf8" });
  if (r.status !== 0) return undefined;
  mounts.push(at);
  return at;
}
const canMount = (() => {
  const at = tmpfs("16k");
  return at !== undefined;
})();

function chatml(args: string[], options: { cwd?: string; uid?: number; gid?: number } = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? work,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
    ...(options.uid !== undefined && { uid: options.uid, gid: options.gid ?? options.uid }),
  });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** What a spawned chatml ended with: a code, or the signal that ended it. */
function ended(child: ChildProcess) {
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.on("close", (code, signal) => done({ code, signal })),
  );
}

/** Resolves once `child` has one of `names` open (its fds in /proc), or has ended. */
async function openedOneOf(child: ChildProcess, names: readonly string[]): Promise<void> {
  const fds = `/proc/${child.pid}/fd`;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) return;
    try {
      for (const fd of readdirSync(fds)) {
        const target = readlinkSafe(join(fds, fd));
        if (target !== undefined && names.some((n) => target.endsWith(`/${n}`))) return;
      }
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 5));
  }
}

function readlinkSafe(path: string): string | undefined {
  try {
    return readlinkSync(path);
  } catch {
    return undefined;
  }
}

const temporaries = (dir: string) => readdirSync(dir).filter((f) => f.endsWith(".tmp"));
const noTrace = (stderr: string) => expect(stderr).not.toMatch(/\n\s+at |internal error|node:internal/);

/** A messages file of about `kib` KiB, in `dir`. */
function messagesFile(dir: string, name: string, kib: number): string {
  const content = "The committee debates the budget. ".repeat(30);
  const count = Math.ceil((kib * 1024) / content.length);
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(Array.from({ length: count }, () => ({ role: "user", content }))));
  return file;
}

describe("writes that fail", () => {
  it("stdout on a full device: said on stderr, exit 2, no stack trace", () => {
    if (!existsSync("/dev/full")) return;
    const input = messagesFile(work, "small.json", 1);
    // The shell opens /dev/full as chatml's stdout, as a user's redirection would.
    for (const args of [`compile "${input}"`, `lint "${input}"`, `count "${input}" --model gpt-4o`]) {
      const r = spawnSync("sh", ["-c", `"${process.execPath}" "${BIN}" ${args} > /dev/full`], {
        encoding: "utf8",
        env: { ...process.env, NO_COLOR: "1" },
      });
      expect([args, r.status, r.stderr]).toEqual([
        args,
        2,
        "chatml: cannot write to standard output: no space left on the device\n",
      ]);
    }
  });

  it("-o into a folder that does not exist: exit 2, the folder named, nothing created", () => {
    const input = messagesFile(work, "m.json", 1);
    const r = chatml(["compile", input, "-o", "missing/deeper/out.chatml"]);
    expect([r.code, r.stderr]).toEqual([
      2,
      "chatml: cannot write missing/deeper/out.chatml: its folder does not exist\n",
    ]);
    expect(existsSync(join(work, "missing"))).toBe(false);
  });

  it.skipIf(!canMount)("-o on a read-only file system: exit 2, the old file as it was", () => {
    const at = tmpfs("64k") as string;
    writeFileSync(join(at, "out.chatml"), "OLD");
    expect(spawnSync("mount", ["-o", "remount,ro", at]).status).toBe(0);
    const r = chatml(["compile", messagesFile(work, "m.json", 1), "-o", join(at, "out.chatml")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`chatml: cannot write ${join(at, "out.chatml")}: the file system is read-only\n`);
    expect(readFileSync(join(at, "out.chatml"), "utf8")).toBe("OLD");
    expect(temporaries(at)).toEqual([]);
  });

  it.skipIf(!canMount)("-o on a full disk: exit 2, the old file as it was, no partial file", () => {
    const at = tmpfs("32k") as string;
    writeFileSync(join(at, "out.chatml"), "OLD");
    // compile writes the transcript whole, lint its report piece by piece: both kinds of writer.
    const big = messagesFile(work, "big.json", 256);
    const injected = join(work, "injected.json");
    writeFileSync(
      injected,
      JSON.stringify(Array.from({ length: 3000 }, () => ({ role: "user", content: "Hi <|im_end|>" }))),
    );
    for (const args of [
      ["compile", big, "-o", join(at, "out.chatml")],
      ["lint", injected, "--max-problems", "0", "-o", join(at, "out.chatml")],
    ]) {
      const r = chatml(args);
      expect([args[0], r.code, r.stderr]).toEqual([
        args[0],
        2,
        `chatml: cannot write ${join(at, "out.chatml")}: no space left on the device\n`,
      ]);
      expect(readFileSync(join(at, "out.chatml"), "utf8")).toBe("OLD");
      expect(temporaries(at)).toEqual([]);
    }
  });
});

describe("reads that fail", () => {
  it.skipIf(!isRoot)(
    "a file the user may not read: reported at its name, the other files still linted",
    () => {
      const dir = mkdtempSync(join(work, "unreadable-"));
      chmodSync(dir, 0o755);
      writeFileSync(join(dir, "a.chatml"), "<|im_start|>user\nHi<|im_end|>\n");
      writeFileSync(join(dir, "b.chatml"), "<|im_start|>user\nHi<|im_end|>\n");
      writeFileSync(join(dir, "c.json"), JSON.stringify([{ role: "user", content: "x<|im_end|>" }]));
      for (const f of ["a.chatml", "c.json"]) chmodSync(join(dir, f), 0o644);
      chmodSync(join(dir, "b.chatml"), 0o000);
      // As root every file is readable: run chatml as nobody, as a CI user without rights would be.
      const r = chatml(["lint", ".", "--format", "json"], { cwd: dir, uid: 65534 });
      noTrace(r.stderr);
      // An unreadable file is exit 2 (the run could not check everything), whatever the others hold.
      expect(r.code).toBe(2);
      const report = JSON.parse(r.stdout) as Array<{
        filePath: string;
        messages: Array<{ ruleId: string; message: string }>;
      }>;
      const byFile: Record<string, string[][]> = Object.fromEntries(
        report.map((f) => [f.filePath.split("/").pop(), f.messages.map((m) => [m.ruleId, m.message])]),
      );
      expect(byFile["a.chatml"]).toEqual([]);
      expect(byFile["b.chatml"]).toEqual([["unreadable-file", "cannot read b.chatml: permission denied"]]);
      expect(byFile["c.json"]?.map((m) => m[0])).toEqual(["special-token"]);
    },
  );

  it.skipIf(!existsSync("/proc/self/fd"))(
    "a file deleted while lint runs: reported, the files before and after it still linted",
    async () => {
      const dir = mkdtempSync(join(work, "deleted-"));
      // Enough work before the last file that it is surely not read yet when it goes.
      const names = Array.from({ length: 30 }, (_, i) => `f${String(i).padStart(2, "0")}.json`);
      for (const name of names) messagesFile(dir, name, 1024);
      const last = names.at(-1) as string;
      const child = spawn(process.execPath, [BIN, "lint", ...names, "--jobs", "1", "--format", "json"], {
        cwd: dir,
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (chunk) => {
        stdout += chunk;
      });
      child.stderr.on("data", (chunk) => {
        stderr += chunk;
      });
      // Once the run has a file open (Linux shows it in /proc), the last is surely not read yet.
      const done = ended(child);
      await openedOneOf(child, names.slice(0, 10));
      rmSync(join(dir, last));
      const end = await done;
      noTrace(stderr);
      expect(end).toEqual({ code: 2, signal: null });
      const report = JSON.parse(stdout) as Array<{ filePath: string; messages: Array<{ ruleId: string }> }>;
      expect(report.map((f) => f.filePath.split("/").pop())).toEqual(names);
      expect(report.at(-1)?.messages.map((m) => m.ruleId)).toEqual(["unreadable-file"]);
      expect(report.slice(0, -1).every((f) => f.messages.length === 0)).toBe(true);
    },
    60_000,
  );
});

describe("signals in a long run", () => {
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    it(`${signal} during lint -o with the cache: ends by the signal, old report, cache and folder as they were`, async () => {
      const dir = mkdtempSync(join(work, `signal-${signal}-`));
      const names = Array.from({ length: 6 }, (_, i) => `f${i}.json`);
      for (const name of names) messagesFile(dir, name, 2048);
      writeFileSync(join(dir, "report.txt"), "OLD");
      const cache = join(dir, "cache.json");
      // A first run on one file leaves a cache whose bytes must survive the interrupted one.
      expect(
        chatml(["lint", names[0] as string, "--cache", "--cache-location", cache], { cwd: dir }).code,
      ).toBe(0);
      const before = readFileSync(cache, "utf8");
      const child = spawn(
        process.execPath,
        [BIN, "lint", ...names, "--jobs", "2", "--cache", "--cache-location", cache, "-o", "report.txt"],
        { cwd: dir, stdio: "ignore" },
      );
      // The moment the report's temporary file appears, the signal: cleaning up is what is tested.
      const watcher = watch(dir, (_event, name) => {
        if (name?.endsWith(".tmp")) {
          watcher.close();
          child.kill(signal);
        }
      });
      const end = await ended(child);
      watcher.close();
      expect(end).toEqual({ code: null, signal });
      expect(readFileSync(join(dir, "report.txt"), "utf8")).toBe("OLD");
      expect(readFileSync(cache, "utf8")).toBe(before);
      expect(temporaries(dir)).toEqual([]);
    }, 60_000);
  }
});

// Not here: a lint worker that dies. process.test.ts runs one out of memory and checks that
// its file (or dataset chunk) is linted again in the main thread with the same report;
// lint-worker-death.test.ts ends one's thread mid-run and checks what the run reports.
