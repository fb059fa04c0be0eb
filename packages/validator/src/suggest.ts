import { distance } from "fastest-levenshtein";

/**
 * Up to three of `names` nearest to `name` by edit distance (ignoring case;
 * a name containing it, or contained in it, counts as nearer), best first:
 * what an error for an unknown model or rule id suggests.
 *
 * @example
 * closest("gpt4o", ["gpt-4o", "gpt-4", "o1"]); // ["gpt-4o", "gpt-4"]
 */
export function closest(name: string, names: readonly string[]): string[] {
  const wanted = name.toLowerCase();
  const scored = names.map((candidate) => {
    const c = candidate.toLowerCase();
    const bonus = c.includes(wanted) || wanted.includes(c) ? -2 : 0;
    return { candidate, score: distance(wanted, c) + bonus };
  });
  scored.sort((a, b) => a.score - b.score || a.candidate.localeCompare(b.candidate));
  const limit = Math.max(3, Math.ceil(name.length / 2));
  return scored
    .filter((s) => s.score <= limit)
    .slice(0, 3)
    .map((s) => s.candidate);
}

/** `; did you mean "a", "b"?`, or nothing when there is no suggestion. */
export function didYouMean(suggestions: readonly string[]): string {
  return suggestions.length > 0 ? `; did you mean ${suggestions.map((s) => `"${s}"`).join(", ")}?` : "";
}
