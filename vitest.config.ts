import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["packages/*/test/**/*.test.ts"],
    testTimeout: 60_000,
    reporters: ["default", "./scripts/summary-reporter.ts"],
    // `pnpm run coverage`: the three packages' sources, as the tests run them (src, and the CLI's
    // tests that run the built bundle do not count: V8 sees the bundle, not src).
    coverage: {
      provider: "v8",
      include: ["packages/parser/src/**", "packages/validator/src/**", "packages/cli/src/**"],
      exclude: [
        "**/*.gen.ts",
        // Exceptions: code that runs only in a process or thread of its own, which the tests run
        // for real (process.test.ts, faults.test.ts, playground-command.test.ts, the lint pool's
        // --jobs 2 tests) but V8 does not count: the entry point, the lint worker, the page server.
        "packages/cli/src/main.ts",
        "packages/cli/src/lint/worker.ts",
        "packages/cli/src/playground/serve.ts",
      ],
      reporter: ["text-summary", "json-summary"],
      reportsDirectory: "coverage",
      reportOnFailure: true,
      // Issue 15's target, 95% of lines and of branches in each package, is met; the floors sit
      // under what was measured (stop 22: parser lines 99.0% / branches 97.2%, validator 99.5% /
      // 96.1%, CLI 98.3% / 95.2%), so coverage cannot slip below it.
      thresholds: {
        "packages/parser/src/**": { lines: 98, branches: 96 },
        "packages/validator/src/**": { lines: 99, branches: 95 },
        "packages/cli/src/**": { lines: 97, branches: 95 },
      },
    },
  },
});
