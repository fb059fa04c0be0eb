// Debian's Chromium, driven by playwright-core (Playwright's own browser downloads cannot run
// here), against the page as `chatml playground` serves it from the built CLI. One home for how
// the browser tests and the screenshots start both.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const CLI = join(ROOT, "packages/cli/bin/chatml.mjs");
const BUILT = join(ROOT, "packages/cli/dist/playground/index.html");

/** Headless Chromium as this machine runs it: no sandbox as root, no calls home (the network is closed). */
export function launch() {
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

/** Starts `chatml playground [args]` on a free port; resolves with the URL it printed. */
export function servePlayground(args = []) {
  if (!existsSync(BUILT)) {
    throw new Error(
      `${BUILT} is missing: run \`pnpm run build\` first (it builds the playground into the CLI)`,
    );
  }
  const child = spawn(process.execPath, [CLI, "playground", "--port", "0", ...args], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolveServed, reject) => {
    let out = "";
    let err = "";
    child.stderr.on("data", (chunk) => {
      err += chunk;
    });
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const line = out.split("\n")[0];
      if (out.includes("\n"))
        resolveServed({ url: line, origin: new URL(line).origin, stop: () => child.kill() });
    });
    child.on("exit", (code) => reject(new Error(`chatml playground exited with ${code}: ${err}`)));
  });
}

/** Resolves once the page has shown the analysis of what it holds, newer than analysis `after`. */
export async function settled(page, after = 0) {
  await page.waitForFunction(
    (n) => document.body.dataset.busy === "false" && Number(document.body.dataset.analysis ?? 0) > n,
    after,
  );
}
