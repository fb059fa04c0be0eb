// The coverage-guided fuzz targets (`pnpm fuzz:coverage`): where each one's code and corpus are,
// and its CommonJS bundle. jsfuzz instruments what `require` loads, and the packages are ES
// modules, so each target is bundled (esbuild, the CLI's bundler) with the packages' sources
// into one CommonJS file under fuzz/out/ (ignored by git), which jsfuzz and the corpus tools load.
import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
/** Crashes, logs and bundles: never committed. */
export const OUT = join(ROOT, "fuzz", "out");

/** Each target: the module exporting `fuzz(bytes)`, and where its corpus is. */
export const TARGETS = {
  parse: { module: "packages/parser/test/fuzz-target.ts", corpus: "fuzz/corpus/parse" },
  validate: { module: "packages/validator/test/fuzz-target.ts", corpus: "fuzz/corpus/validate" },
};

/** The target named `name`, or an error naming the ones there are. */
export function targetOf(name) {
  const target = Object.hasOwn(TARGETS, name) ? TARGETS[name] : undefined;
  if (target === undefined)
    throw new Error(
      `unknown fuzz target ${JSON.stringify(name)}; expected ${Object.keys(TARGETS).join(", ")}`,
    );
  return { name, module: join(ROOT, target.module), corpus: join(ROOT, target.corpus) };
}

/** Bundles the target as CommonJS (sources, not dist: tsconfig.json's paths); returns the file. */
export async function bundleTarget(target) {
  const { build } = createRequire(join(ROOT, "packages", "cli", "package.json"))("esbuild");
  const outfile = join(OUT, "build", `${target.name}.cjs`);
  mkdirSync(dirname(outfile), { recursive: true });
  await build({
    entryPoints: [target.module],
    outfile,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    tsconfig: join(ROOT, "tsconfig.json"),
    // ESM builds first, as the CLI's bundle does (jsonc-parser's "main" requires files at run time).
    mainFields: ["module", "main"],
    logLevel: "warning",
  });
  return outfile;
}
