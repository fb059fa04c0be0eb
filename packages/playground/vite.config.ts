// The playground is static files: `base: "./"` makes every asset URL relative, so the same
// build serves from `chatml playground` (localhost), GitHub Pages' /chatmlkit/ or a folder.
import { join } from "node:path";
import { defineConfig, type Plugin } from "vite";
import { writeThirdPartyLicences } from "../cli/build-licenses.mjs";

/**
 * The built page may load only its own files and talk to no one: the Content-Security-Policy
 * says so to the browser (dev mode leaves it out: Vite's client talks to its server).
 */
const contentSecurityPolicy: Plugin = {
  name: "content-security-policy",
  apply: "build",
  transformIndexHtml: (html) =>
    html.replace(
      "<head>",
      `<head>\n    <meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; worker-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; object-src 'none'" />`,
    ),
};

/** Every module of the page and of its worker (a build of its own), for the licences file. */
const bundled = new Set<string>();
const collectModules: Plugin = {
  name: "collect-modules",
  generateBundle() {
    for (const id of this.getModuleIds()) if (!id.startsWith("\0")) bundled.add(id.split("?")[0] as string);
  },
};

/** THIRD-PARTY-LICENSES.md beside the page: the CLI's writer, over the modules both builds read. */
const licences: Plugin = {
  ...collectModules,
  name: "third-party-licences",
  apply: "build",
  writeBundle(options) {
    const inputs = Object.fromEntries([...bundled].map((id) => [id, {}]));
    writeThirdPartyLicences(
      { inputs },
      "/",
      [],
      join(options.dir ?? "dist", "THIRD-PARTY-LICENSES.md"),
      "the chatmlkit playground",
    );
  },
};

export default defineConfig({
  base: "./",
  plugins: [contentSecurityPolicy, licences],
  worker: { format: "es", plugins: () => [collectModules] },
  build: {
    target: "es2022",
    outDir: "dist",
    emptyOutDir: true,
    // The tokenizer's rank tables are megabytes by nature; they load in the worker, on first use.
    chunkSizeWarningLimit: 4096,
    reportCompressedSize: false,
  },
});
