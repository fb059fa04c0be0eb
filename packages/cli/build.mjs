// Bundles the CLI: one entry file plus lazily loaded chunks (the validator and each
// tokenizer encoding load only for commands that count), so start-up reads few modules.
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { packageDirOf, writeThirdPartyLicences } from "./build-licenses.mjs";

const { version } = JSON.parse(readFileSync(new URL("package.json", import.meta.url), "utf8"));
const asciiStringWidth = fileURLToPath(new URL("src/output/string-width.ts", import.meta.url));
/** yargs and cliui measure text with our stand-in for string-width (see that file for why). */
const lazyStringWidth = {
  name: "lazy-string-width",
  setup(build) {
    build.onResolve({ filter: /^string-width$/ }, (args) =>
      args.importer === asciiStringWidth ? undefined : { path: asciiStringWidth },
    );
  },
};
/**
 * gpt-tokenizer's rank tables (megabytes of array literals) ship as the files
 * gpt-tokenizer publishes, beside the chunks, not reprinted by esbuild: its
 * printing of them is a third larger, and V8 compiles every byte at start-up.
 */
const RANKS = ["o200k_base", "cl100k_base"];
// The copy the validator (and so the bundle) uses.
const tokenizerMain = createRequire(new URL("../validator/package.json", import.meta.url)).resolve(
  "gpt-tokenizer",
);
const ranksDir = join(dirname(tokenizerMain), "..", "esm", "bpeRanks");
const externalRanks = {
  name: "external-rank-tables",
  setup(build) {
    build.onResolve({ filter: /\/bpeRanks\/\w+\.js$/ }, (args) => ({
      path: `./ranks/${args.path.split("/").pop()}`,
      external: true,
    }));
  },
};
const common = {
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  splitting: true,
  outdir: "dist",
  chunkNames: "chunks/[name]-[hash]",
  outExtension: { ".js": ".mjs" },
  define: { __CHATMLKIT_VERSION__: JSON.stringify(version) },
  // Bundled CommonJS (yargs helpers) may call require(); give ESM output one.
  banner: {
    js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
  },
  legalComments: "none",
  // ESM builds first: jsonc-parser's "main" is a UMD build that requires files at run time.
  mainFields: ["module", "main"],
  logLevel: "warning",
  plugins: [lazyStringWidth, externalRanks],
};
// Old chunks have content hashes in their names: start from an empty folder.
rmSync(new URL("dist/chunks", import.meta.url), { recursive: true, force: true });
const { metafile } = await build({
  ...common,
  metafile: true,
  absWorkingDir: new URL(".", import.meta.url).pathname,
  entryPoints: { chatml: "src/main.ts", index: "src/index.ts", worker: "src/lint/worker.ts" },
});
// "./ranks/..." resolves beside the chunks; an entry file that imported it would look in the wrong folder.
for (const entry of ["chatml.mjs", "index.mjs", "worker.mjs"]) {
  if (readFileSync(new URL(`dist/${entry}`, import.meta.url), "utf8").includes("./ranks/")) {
    throw new Error(`dist/${entry} imports a rank table directly; it must stay in a lazily loaded chunk`);
  }
}
// The rank tables the chunks import (see externalRanks).
mkdirSync(new URL("dist/chunks/ranks", import.meta.url), { recursive: true });
for (const name of RANKS) {
  copyFileSync(join(ranksDir, `${name}.js`), new URL(`dist/chunks/ranks/${name}.js`, import.meta.url));
}
// Licences of everything bundled (stripped from the code above) and of the rank tables.
writeThirdPartyLicences(
  metafile,
  new URL(".", import.meta.url).pathname,
  [packageDirOf(tokenizerMain)],
  fileURLToPath(new URL("dist/THIRD-PARTY-LICENSES.md", import.meta.url)),
);
// The web playground's page, which `chatml playground` serves: packages/playground's build (the
// root build makes it first), shipped in the package so the command works from npm, offline.
const playground = new URL("../playground/dist/", import.meta.url);
const shipped = new URL("dist/playground/", import.meta.url);
rmSync(shipped, { recursive: true, force: true });
if (existsSync(new URL("index.html", playground))) cpSync(playground, shipped, { recursive: true });
else
  console.warn(
    "build.mjs: packages/playground is not built, so dist/ has no playground (pnpm run build makes it)",
  );
