// Bundles the CLI: one entry file plus lazily loaded chunks (the validator and each
// tokenizer encoding load only for commands that count), so start-up reads few modules.
import { readFileSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

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
  plugins: [lazyStringWidth],
};
// Old chunks have content hashes in their names: start from an empty folder.
rmSync(new URL("dist/chunks", import.meta.url), { recursive: true, force: true });
await build({
  ...common,
  absWorkingDir: new URL(".", import.meta.url).pathname,
  entryPoints: { chatml: "src/main.ts", index: "src/index.ts", worker: "src/lint/worker.ts" },
});
