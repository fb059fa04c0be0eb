// The built CLI, copied out of packages/cli/dist for tests that run it as a program: a test that
// rebuilds it meanwhile (process.test.ts empties dist/chunks first) cannot pull files from under them.
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const DIST = join(ROOT, "packages/cli/dist");

/**
 * A copy of the CLI's bundle in `to`. A copy taken mid-build misses a chunk some file imports:
 * it is taken again. Throws when there is no build (`pnpm run build` first; `pnpm test` does).
 */
export function copyBundle(to: string, from = DIST): void {
  if (!existsSync(join(from, "chatml.mjs"))) {
    throw new Error("packages/cli/dist is missing: run `npx -y pnpm@12.4.2 run build` first");
  }
  for (let attempt = 1; ; attempt++) {
    rmSync(to, { recursive: true, force: true });
    cpSync(from, to, { recursive: true });
    const missing = missingImports(to);
    if (missing.length === 0) return;
    if (attempt === 5)
      throw new Error(`the CLI bundle in ${from} imports missing files: ${missing.join(", ")}`);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1000); // let the build finish
  }
}

/**
 * An executable `chatml` in `binDir` that runs a copy of the bundle (kept in `binDir`/../chatml-dist),
 * as `node_modules/.bin/chatml` does once @chatmlkit/cli is installed. Returns its path.
 */
export function installChatml(binDir: string): string {
  const dist = join(dirname(binDir), "chatml-dist");
  copyBundle(dist);
  mkdirSync(binDir, { recursive: true });
  const bin = join(binDir, "chatml");
  writeFileSync(bin, `#!/bin/sh\nexec "${process.execPath}" "${join(dist, "chatml.mjs")}" "$@"\n`);
  chmodSync(bin, 0o755);
  return bin;
}

/** Relative imports of the bundle's files that are not in it. */
function missingImports(dir: string): string[] {
  const files = readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".mjs"));
  return files.flatMap((file) => {
    const text = readFileSync(join(dir, file), "utf8");
    const imports = [...text.matchAll(/(?:from|import\()\s*"(\.\.?\/[^"]+)"/g)].map((m) => m[1] ?? "");
    return imports.map((i) => join(dir, dirname(file), i)).filter((path) => !existsSync(path));
  });
}
