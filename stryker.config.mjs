// pnpm mutate (issue 15): StrykerJS mutation testing of the parser and the validator, with the
// vitest runner on their own tests. Slow (not in CI): `pnpm mutate` runs every file, and
// `pnpm mutate --mutate <glob>` one part. The score is in the README's Guarantees section.
/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  // pnpm keeps packages apart: the runner is named, not found by a scan of node_modules.
  plugins: ["@stryker-mutator/vitest-runner"],
  vitest: { configFile: "vitest.mutate.config.ts" },
  mutate: ["packages/parser/src/**/*.ts", "packages/validator/src/**/*.ts", "!**/*.gen.ts", "!**/*.d.ts"],
  coverageAnalysis: "perTest",
  // The results are the incremental file (scripts/mutation-report.mjs keeps it): no other report is read.
  reporters: ["clear-text", "progress"],
  incremental: true,
  incrementalFile: "reports/mutation/stryker-incremental.json",
  concurrency: 2,
  timeoutMS: 20_000,
  // Static mutants (module-level tables) rerun every test each: hours for little; counted as ignored.
  ignoreStatic: true,
  // Stryker would prefix every source with `// @ts-nocheck`, for a type checker this run does not use;
  // the drift tests of generated sources (lookalike tables, Unicode tables) would then fail.
  disableTypeChecks: false,
  thresholds: { high: 90, low: 80, break: null },
  tempDirName: ".stryker-tmp",
  cleanTempDir: "always",
};
