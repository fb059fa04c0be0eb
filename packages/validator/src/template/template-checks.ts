// The template rules over one string's placeholders: placeholder-adjacent-special and
// undeclared-variable (rules/placeholder-adjacent-special.ts, rules/undeclared-variable.ts).
// validate runs them on each content of a template: a transcript's placeholders as the parser
// read them, a messages template's found by scanPlaceholders in each content string.
import type { Placeholder } from "@chatmlkit/parser";
import { closest, didYouMean } from "../suggest.js";
import type { DeclaredVariable } from "./variables.js";

/** A template rule's finding in one string (offsets into it). */
export interface TemplateFinding {
  readonly rule: "placeholder-adjacent-special" | "undeclared-variable";
  readonly start: number;
  readonly end: number;
  readonly message: string;
}

// Text that ends in a special token or the start of one (`<`, `<|im_`, `<|im_end|`), before `{{`;
// text that starts with one or the end of one (`>`, `|>`, `end|>`), after `}}`.
const BEFORE = /(?:<\|[A-Za-z0-9_]+\|>|<(?:\|[A-Za-z0-9_]*\|?)?)$/;
const AFTER = /^(?:<\|[A-Za-z0-9_]+\|>|[A-Za-z0-9_]*\|?>)/;

/**
 * Findings of the placeholders of `text` (as `scanPlaceholders` or the parser
 * found them, offsets into `text` once `base` is taken off). `declared`, when
 * variables are declared, judges each name.
 */
export function checkPlaceholders(
  text: string,
  placeholders: readonly Pick<Placeholder, "name" | "start" | "end">[],
  base: number,
  declared: ReadonlyMap<string, DeclaredVariable> | undefined,
): TemplateFinding[] {
  const findings: TemplateFinding[] = [];
  placeholders.forEach((p, i) => {
    const start = p.start - base;
    const end = p.end - base;
    const before = BEFORE.exec(text.slice(Math.max(0, start - 64), start))?.[0];
    const after = AFTER.exec(text.slice(end, end + 64))?.[0];
    const next = placeholders[i + 1];
    const touching = next !== undefined && next.start - base === end;
    const what =
      before !== undefined
        ? `after ${JSON.stringify(before)}`
        : after !== undefined
          ? `before ${JSON.stringify(after)}`
          : touching
            ? `right before {{ ${next.name} }}`
            : undefined;
    if (what !== undefined) {
      findings.push({
        rule: "placeholder-adjacent-special",
        start,
        end,
        message: `{{ ${p.name} }} is ${what}: the value and the text beside it are joined, and together can spell a special token neither is alone; put a space or other text between`,
      });
    }
    if (declared !== undefined && !declared.has(p.name)) {
      findings.push({
        rule: "undeclared-variable",
        start,
        end,
        message: `{{ ${p.name} }} is not a declared variable${suggestion(p.name, declared)}`,
      });
    }
  });
  return findings;
}

function suggestion(name: string, declared: ReadonlyMap<string, DeclaredVariable>): string {
  const names = [...declared.keys()];
  if (names.length === 0) return "; none are declared";
  const near = closest(name, names);
  return near.length > 0 ? didYouMean(near) : `; declared: ${names.join(", ")}`;
}

/**
 * The declared variables no placeholder uses: the innermost ones (`user.name`, not `user`), a
 * variable used whole (`{{ user }}`) counting for its parts.
 */
export function unusedVariables(
  declared: ReadonlyMap<string, DeclaredVariable>,
  used: ReadonlySet<string>,
): string[] {
  const names = [...declared.keys()];
  return names.filter(
    (name) =>
      !used.has(name) &&
      !names.some((other) => other.startsWith(`${name}.`)) &&
      ![...used].some((u) => name.startsWith(`${u}.`)),
  );
}
