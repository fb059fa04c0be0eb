// Mutation testing (`pnpm mutate`; vitest.mutate.config.ts sets CHATML_MUTATION) reruns each test
// once for every mutant it covers, and a surviving mutant reruns all of them: the properties that
// cover most of validate (thousands of generated cases each) made each survivor cost seconds.
// There they run a tenth of their cases; `pnpm test` and `pnpm fuzz` run them all.

/** True under `pnpm mutate`. */
export const UNDER_MUTATION = process.env.CHATML_MUTATION === "1";

/** `n` generated cases, or a tenth of them (at least 20) under mutation testing. */
export function cases(n: number): number {
  return UNDER_MUTATION ? Math.max(20, Math.ceil(n / 10)) : n;
}
