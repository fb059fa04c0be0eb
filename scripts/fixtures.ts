// Golden-fixture helpers shared by every package's tests.
// Run with UPDATE_FIXTURES=1 to (re)write expected files instead of comparing:
// `pnpm run generate <group>` does that for one group (scripts/golden-groups.json).
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const FIXTURES = join(ROOT, "fixtures");
export const UPDATE = process.env.UPDATE_FIXTURES === "1";

/** One group `pnpm run generate <group>` regenerates: the test files that write it, and what they write. */
export interface GoldenGroup {
  readonly about: string;
  /** Test files (from the repository root) that compare, or under UPDATE_FIXTURES=1 write, the group's files. */
  readonly tests: readonly string[];
  /** Narrows the run to the group's tests where a test file serves more than one group (vitest -t). */
  readonly testNamePattern?: string;
  /** Paths (files or folders, from the repository root) the group's golden files live under. */
  readonly writes: readonly string[];
}

/** The golden groups, by name: scripts/golden-groups.json, which scripts/generate.mjs reads too. */
export const GOLDEN_GROUPS: Readonly<Record<string, GoldenGroup>> = JSON.parse(
  readFileSync(join(ROOT, "scripts", "golden-groups.json"), "utf8"),
);

/** The name of the golden group a file (absolute, or from the repository root) belongs to, if any. */
export function goldenGroupOf(file: string): string | undefined {
  const path = relative(ROOT, resolve(ROOT, file)).split(sep).join("/");
  return Object.keys(GOLDEN_GROUPS).find((group) =>
    (GOLDEN_GROUPS[group] as GoldenGroup).writes.some((w) => path === w || path.startsWith(`${w}/`)),
  );
}

/** The command that rewrites `file`, for failure messages. */
function regenerateCommand(file: string): string {
  const group = goldenGroupOf(file);
  return group === undefined ? "UPDATE_FIXTURES=1 vitest run <test file>" : `pnpm run generate ${group}`;
}

export interface FixtureCase {
  /** Path relative to fixtures/, e.g. `parse/valid/basic`: used as the test name. */
  readonly name: string;
  readonly dir: string;
  has(file: string): boolean;
  text(file: string): string;
  json<T = unknown>(file: string): T;
  /**
   * A file a person writes and no generator does (e.g. `expects.json`: what the
   * case must produce); missing, it is an error that names the fixture.
   */
  handWritten<T = unknown>(file: string, what: string): T;
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
    handWritten(file, what) {
      if (!existsSync(path(file))) {
        throw new Error(
          `fixture ${name}/${file} is missing: write it by hand, stating ${what} (no generator writes it)`,
        );
      }
      return self.json(file);
    },
    golden(file, actual) {
      const target = path(file);
      if (UPDATE) {
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, actual);
        return;
      }
      if (!existsSync(target)) {
        throw new Error(`fixture ${name}/${file} is missing; \`${regenerateCommand(target)}\` creates it`);
      }
      const hint = `if the change is intended, \`${regenerateCommand(target)}\` rewrites it (review the diff)`;
      expect(actual, `fixture ${name}/${file} differs from the output; ${hint}`).toBe(
        readFileSync(target, "utf8"),
      );
    },
    goldenJson(file, actual) {
      self.golden(file, `${JSON.stringify(actual, null, 2)}\n`);
    },
  };
  return self;
}
