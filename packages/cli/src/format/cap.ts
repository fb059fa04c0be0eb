import type { LintMessage } from "../lint/types.js";

/** Problems shown per file by the human formats (stylish, github) unless `--max-problems` says otherwise. */
export const DEFAULT_MAX_PROBLEMS = 100;

/**
 * Of the problems a file may show, the most one rule takes: a fifth, rounded
 * up (20 of the default 100), so a rule that fires thousands of times does
 * not hide the others.
 */
export function perRuleCap(maxProblems: number): number {
  return Math.ceil(maxProblems / 5);
}

/**
 * Decides which of a file's problems a human format shows, in the order
 * they come: at most `max` per file and `perRuleCap(max)` per rule
 * (`max` 0 shows all), and counts the rest by rule. The first problem of
 * each rule is always shown, past the cap too: noise of other rules must not
 * hide the one real special token (there are a few dozen rules, so the
 * output stays bounded).
 */
export class FileCap {
  #shown = 0;
  readonly #shownByRule = new Map<string, number>();
  readonly #hiddenByRule = new Map<string, number>();
  #hidden = 0;
  readonly #perRule: number;

  constructor(readonly max: number) {
    this.#perRule = perRuleCap(max);
  }

  /** Whether `m` is shown; if not, it is counted. */
  admit(m: LintMessage): boolean {
    if (this.max === 0) return true;
    const ofRule = this.#shownByRule.get(m.ruleId) ?? 0;
    if (ofRule === 0 || (this.#shown < this.max && ofRule < this.#perRule)) {
      this.#shown++;
      this.#shownByRule.set(m.ruleId, ofRule + 1);
      return true;
    }
    this.#hidden++;
    this.#hiddenByRule.set(m.ruleId, (this.#hiddenByRule.get(m.ruleId) ?? 0) + 1);
    return false;
  }

  /**
   * `... and 3,912 more problems in x.jsonl (special-token 3,900,
   * invisible-character 12); --max-problems 0 shows all`, when some were not shown.
   */
  more(filePath: string): string | undefined {
    if (this.#hidden === 0) return undefined;
    const byRule = [...this.#hiddenByRule]
      .sort(([a, m], [b, n]) => n - m || (a < b ? -1 : 1))
      .map(([rule, n]) => `${rule} ${thousands(n)}`)
      .join(", ");
    const problems = this.#hidden === 1 ? "problem" : "problems";
    return `... and ${thousands(this.#hidden)} more ${problems} in ${filePath} (${byRule}); --max-problems 0 shows all`;
  }
}

const thousands = (n: number) => n.toLocaleString("en-US");
