/**
 * The validator runs in browsers: src/images, and every file of image-size its
 * main entry loads, import no Node module and touch no Node global.
 * (tsconfig.build.json's `types: []` and ES2022 lib also keep Node's types out.)
 */
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const srcDir = join(import.meta.dirname, "../../src/images");
const NODE_GLOBALS = /\b(Buffer|process|require|__dirname|__filename|global|setImmediate)\b/;

/** Specifiers of every import and export ... from in a module's text. */
function specifiers(source: string): string[] {
  return [
    ...source.matchAll(/\b(?:import|export)\s[^'"]*?from\s*["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']/g),
  ].map((m) => m[1] ?? m[2] ?? "");
}

/** The source without comments and string literals, for looking at identifiers. */
function code(source: string): string {
  return source
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/\/\/.*$/gm, "")
    .replace(/(["'`])(?:\\.|(?!\1)[^\\\n])*\1/g, '""');
}

describe("src/images uses no Node API", () => {
  const files = readdirSync(srcDir).filter((f) => f.endsWith(".ts"));

  it("covers every file of src/images", () => {
    expect(files).toEqual(
      expect.arrayContaining(["data-url.ts", "image-dimensions.ts", "image-formulas.ts", "image-part.ts"]),
    );
  });

  for (const file of files) {
    it(`${file}: imports only relative modules, image-size and @chatmlkit/parser; no Node globals`, () => {
      const source = readFileSync(join(srcDir, file), "utf8");
      for (const spec of specifiers(source)) {
        expect(spec.startsWith(".") || spec === "image-size" || spec === "@chatmlkit/parser", spec).toBe(
          true,
        );
      }
      expect(code(source)).not.toMatch(NODE_GLOBALS);
    });
  }

  it("image-size's main entry, and all it loads, import nothing and use no Node global", () => {
    const require = createRequire(join(srcDir, "image-dimensions.ts"));
    // The ESM entry the validator's `import` resolves to.
    const main = require.resolve("image-size"); // its CommonJS entry, in <package>/dist/cjs
    const pkgDir = resolve(dirname(main), "../..");
    const pkg = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8"));
    const entry = resolve(pkgDir, pkg.exports["."].import.default);
    const seen = new Set<string>();
    const queue = [entry];
    while (queue.length > 0) {
      const file = queue.pop() as string;
      if (seen.has(file)) continue;
      seen.add(file);
      const source = readFileSync(file, "utf8");
      for (const spec of specifiers(source)) {
        expect(spec.startsWith("."), `${file} imports ${spec}`).toBe(true);
        queue.push(resolve(dirname(file), spec));
      }
      expect(code(source), file).not.toMatch(NODE_GLOBALS);
    }
    expect(seen.size).toBeGreaterThan(10); // the entry, the detector and the type handlers
    expect([...seen].some((f) => f.endsWith("fromFile.js"))).toBe(false);
  });
});
