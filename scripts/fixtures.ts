// Golden-fixture helpers shared by every package's tests.
// Run with UPDATE_FIXTURES=1 to (re)write expected files instead of comparing.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const FIXTURES = join(ROOT, "fixtures");
export const UPDATE = process.env.UPDATE_FIXTURES === "1";

export interface FixtureCase {
  /** Path relative to fixtures/, e.g. `parse/valid/basic`: used as the test name. */
  readonly name: string;
  readonly dir: string;
  has(file: string): boolean;
  text(file: string): string;
  json<T = unknown>(file: string): T;
  /** Compares `actual` with the golden file, or writes it under UPDATE_FIXTURES=1. */
  golden(file: string, actual: string): void;
  goldenJson(file: string, actual: unknown): void;
}

/** The case folders directly under `fixtures/<group>`, sorted. */
export function fixtureCases(group: string): FixtureCase[] {
  const base = join(FIXTURES, group);
  return readdirSync(base)
    .filter((entry) => statSync(join(base, entry)).isDirectory())
    .sort()
    .map((entry) => fixtureCase(join(base, entry)));
}

/** One folder of golden files; `dir` is relative to the repository root. */
export function fixtureCase(dir: string): FixtureCase {
  dir = resolve(ROOT, dir);
  const name = relative(dir.startsWith(FIXTURES) ? FIXTURES : ROOT, dir);
  const path = (file: string) => join(dir, file);
  const self: FixtureCase = {
    name,
    dir,
    has: (file) => existsSync(path(file)),
    text: (file) => readFileSync(path(file), "utf8"),
    json: (file) => JSON.parse(readFileSync(path(file), "utf8")),
    golden(file, actual) {
      const target = path(file);
      if (UPDATE) {
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, actual);
        return;
      }
      if (!existsSync(target)) {
        throw new Error(`fixture ${name}/${file} is missing; run with UPDATE_FIXTURES=1 to create it`);
      }
      expect(actual, `fixture ${name}/${file} (UPDATE_FIXTURES=1 regenerates)`).toBe(
        readFileSync(target, "utf8"),
      );
    },
    goldenJson(file, actual) {
      self.golden(file, `${JSON.stringify(actual, null, 2)}\n`);
    },
  };
  return self;
}
