// The playground's end-to-end tests drive a real headless Chromium (Debian's `chromium`, through
// playwright-core: Playwright's own browser downloads cannot run here) against the page as
// `chatml playground` serves it from the built CLI. Without Chromium the tests are skipped,
// saying so; CI (.ci/run) installs it and sets CHATML_REQUIRE_CHROMIUM=1, and then a missing
// Chromium fails.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, chromium } from "playwright-core";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const chromiumFound = existsSync(CHROMIUM);
export const chromiumRequired = process.env.CHATML_REQUIRE_CHROMIUM === "1";
const CLI = join(ROOT, "packages/cli/bin/chatml.mjs");
const BUILT = join(ROOT, "packages/cli/dist/playground/index.html");

/** Headless Chromium as this machine runs it: no sandbox as root, no calls home (the network is closed). */
export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-dev-shm-usage",
    ],
  });
}

/** A running `chatml playground` and the URL it printed. */
export interface Served {
  readonly url: string;
  readonly origin: string;
  stop(): void;
}

/** Starts `chatml playground [args]` on a free port and waits for its URL. */
export function servePlayground(args: readonly string[] = []): Promise<Served> {
  if (!existsSync(BUILT)) {
    throw new Error(
      `${BUILT} is missing: run \`pnpm run build\` first (it builds the playground into the CLI)`,
    );
  }
  const child: ChildProcess = spawn(process.execPath, [CLI, "playground", "--port", "0", ...args], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolveServed, reject) => {
    let out = "";
    let err = "";
    child.stderr?.on("data", (chunk) => {
      err += chunk;
    });
    child.stdout?.on("data", (chunk) => {
      out += chunk;
      const line = out.split("\n")[0];
      if (out.includes("\n") && line !== undefined) {
        resolveServed({ url: line, origin: new URL(line).origin, stop: () => child.kill() });
      }
    });
    child.on("exit", (code) => reject(new Error(`chatml playground exited with ${code}: ${err}`)));
  });
}
