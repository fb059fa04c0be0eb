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
      // Floors under what was measured (stop 21: parser lines 96.0% / branches 92.3%, validator
      // 97.3% / 89.7%, CLI 91.5% / 85.0% before the exceptions above), so coverage cannot slip;
      // the target is 95% of both everywhere (issue 15).
      thresholds: {
        "packages/parser/src/**": { lines: 95, branches: 91 },
        "packages/validator/src/**": { lines: 96, branches: 88 },
        "packages/cli/src/**": { lines: 90, branches: 84 },
      },
    },
  },
});
