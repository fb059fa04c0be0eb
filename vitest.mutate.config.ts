// The tests mutation testing runs (stryker.config.mjs): the parser's and the validator's, which
// import their packages' sources. The CLI's run the built bundle, which mutants do not reach.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["packages/parser/test/**/*.test.ts", "packages/validator/test/**/*.test.ts"],
    // The grammar's generated files are compared with what the parser's code prints, which the
    // instrumented copy of the code prints otherwise: a drift check, not a test of behaviour.
    // So are the checks of the mutation scripts (explained lines exist, merging reports).
    exclude: [
      "packages/parser/test/grammar.test.ts",
      "packages/parser/test/mutation-explained.test.ts",
      "packages/parser/test/mutation-merge.test.ts",
    ],
    testTimeout: 60_000,
    // Tests that walk all of Unicode sample it under mutation testing (lookalike-variants.test.ts).
    env: { CHATML_MUTATION: "1" },
  },
});
