// `chatml playground`, as users run it: the built command serves the page it ships, prints the
// URL (with the file in it, or at /input when it is too long for a URL), and serves nothing
// outside its folder. The page itself is tested in a browser: packages/playground/test.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT } from "./bundle.js";

const BIN = join(ROOT, "packages/cli/bin/chatml.mjs");
const work = mkdtempSync(join(tmpdir(), "chatml-playground-"));
const running: ChildProcess[] = [];
afterAll(() => {
  for (const child of running) child.kill();
  rmSync(work, { recursive: true, force: true });
});

/** Starts the command; resolves with its first stdout line, or its exit code and stderr. */
function start(args: string[]): Promise<{ url?: string; code?: number | null; err: string }> {
  const child = spawn(process.execPath, [BIN, "playground", ...args], {
    cwd: work,
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.push(child);
  return new Promise((resolve) => {
    let out = "";
    let err = "";
    child.stderr?.on("data", (c) => {
      err += c;
    });
    child.stdout?.on("data", (c) => {
      out += c;
      if (out.includes("\n")) resolve({ url: out.split("\n")[0] as string, err });
    });
    child.on("exit", (code) => resolve({ code, err }));
  });
}

describe("chatml playground", () => {
  it("ships in the built package", () => {
    expect(existsSync(join(ROOT, "packages/cli/dist/playground/index.html"))).toBe(true);
  });

  it("serves the page on localhost and opens it on a file given (#text=)", async () => {
    writeFileSync(join(work, "hi.chatml"), "<|im_start|>user\nHi<|im_end|>\n");
    const { url } = await start(["hi.chatml", "--port", "0"]);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#text=/);
    const parsed = new URL(url as string);
    expect(new URLSearchParams(parsed.hash.slice(1)).get("text")).toBe("<|im_start|>user\nHi<|im_end|>\n");
    const page = await fetch(new URL("/", parsed));
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(await page.text()).toContain("chatmlkit playground");
    // Nothing outside the page's folder, however the path is spelled.
    for (const path of ["/../package.json", "/%2e%2e/%2e%2e/package.json", "/assets/../../package.json"]) {
      expect((await fetch(`${parsed.origin}${path}`)).status, path).toBe(404);
    }
    expect((await fetch(`${parsed.origin}/`, { method: "POST" })).status).toBe(405);
  });

  it("a file too long for a URL is served at /input, and the URL says #load=input", async () => {
    const long = `<|im_start|>user\n${"word ".repeat(20_000)}<|im_end|>\n`;
    writeFileSync(join(work, "long.chatml"), long);
    const { url } = await start(["long.chatml", "--port", "0"]);
    expect(url).toMatch(/#load=input$/);
    expect(await (await fetch(new URL("/input", url))).text()).toBe(long);
  });

  it("a port in use, a bad port or a missing file is a usage error (exit 2) that says so", async () => {
    const first = await start(["--port", "0"]);
    const port = new URL(first.url as string).port;
    expect(await start(["--port", port])).toEqual({
      code: 2,
      err: `chatml: port ${port} is in use: choose another with --port (0 picks a free one)\n`,
    });
    expect((await start(["--port", "70000"])).code).toBe(2);
    const missing = await start(["nope.chatml", "--port", "0"]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain("nope.chatml");
  });
});
