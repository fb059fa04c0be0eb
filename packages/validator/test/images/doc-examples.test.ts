/**
 * The `@example` in each doc comment of src/images runs: a line `EXPR; // VALUE`
 * must give VALUE (a JavaScript literal), other lines run as they are.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import * as dataUrl from "../../src/images/data-url.js";
import * as formulas from "../../src/images/image-formulas.js";
import * as index from "../../src/images/index.js";

/** What the examples may call: the public API, and the modules' own exports. */
const images: Record<string, unknown> = { ...index, ...formulas, ...dataUrl };

const dir = join(import.meta.dirname, "../../src/images");

/** Each `@example` block of a file, its lines without the comment's `*`. */
function examples(source: string): string[][] {
  const blocks: string[][] = [];
  for (const comment of source.match(/\/\*\*[\s\S]*?\*\//g) ?? []) {
    const lines = comment.split("\n").map((l) => l.replace(/^\s*\*\s?/, ""));
    const at = lines.findIndex((l) => l.startsWith("@example"));
    if (at < 0) continue;
    const end = lines.findIndex((l, i) => i > at && (l.startsWith("@") || l.startsWith("/")));
    blocks.push(lines.slice(at + 1, end < 0 ? undefined : end).filter((l) => l.trim() !== ""));
  }
  return blocks;
}

function run(block: string[]): Array<{ line: string; actual: unknown; expected: unknown }> {
  const checks: string[] = [];
  const body = block
    .filter((line) => !line.startsWith("import "))
    .map((line) => {
      const claim = /^(.*);\s*\/\/\s*(.+)$/.exec(line);
      if (claim === null) return line;
      // A comment after the value ("765: ...") is prose; the literal is what precedes it.
      checks.push(line);
      return `__checks.push({ line: ${JSON.stringify(line)}, actual: (${claim[1]}), expected: (${claim[2]}) });`;
    })
    .join("\n");
  const names = Object.keys(images);
  const out: Array<{ line: string; actual: unknown; expected: unknown }> = [];
  new Function("__checks", ...names, body)(out, ...names.map((n) => images[n]));
  expect(out.length).toBe(checks.length);
  return out;
}

describe("doc comment examples in src/images", () => {
  const files = readdirSync(dir).filter((f) => f.endsWith(".ts"));

  it("every exported function has an @example", () => {
    for (const file of files) {
      const source = readFileSync(join(dir, file), "utf8");
      for (const [, name] of source.matchAll(/^export function (\w+)/gm)) {
        const doc = new RegExp(`/\\*\\*((?:(?!\\*/)[\\s\\S])*)\\*/\\s*export function ${name}\\b`).exec(
          source,
        );
        expect(doc?.[1], `${file}: ${name}`).toContain("@example");
      }
    }
  });

  for (const file of files) {
    it(`${file}: each example gives the value its comment says`, () => {
      const blocks = examples(readFileSync(join(dir, file), "utf8"));
      for (const block of blocks) {
        for (const { line, actual, expected } of run(block)) expect(actual, line).toEqual(expected);
      }
    });
  }
});
