// One value for a placeholder, through the validator: what a value may not carry into a prompt.
import type { ProfileName, Range } from "@chatmlkit/parser";
import type { DiagnosticCode } from "../rules.js";
import type { JsonTokenizer } from "../tokenizer.js";
import { validateSync } from "../validate.js";

/** What the validator said of a value, offsets into the value. */
export interface ValueFinding {
  readonly code: DiagnosticCode;
  readonly severity: "error" | "warning";
  readonly message: string;
  readonly start: number;
  readonly end: number;
}

/** A value checked: its findings, and the text to fill in (tokens removed when stripping). */
export interface CheckedValue {
  readonly text: string;
  readonly findings: readonly ValueFinding[];
  /** The special tokens removed (`onSpecialToken: "strip"`), offsets into the value as given. */
  readonly stripped: readonly { readonly token: string; readonly start: number }[];
}

/** The rules whose findings are tokens a value could forge structure with: refused, or stripped. */
export const TOKEN_RULES: ReadonlySet<string> = new Set([
  "special-token",
  "foreign-special-token",
  "structural-tag",
]);

/** Rules about a message, not about text: a value is text in a message the template wrote. */
const NOT_ABOUT_TEXT: ReadonlySet<string> = new Set(["empty-content"]);

/**
 * Checks a value as the content of a message (every text rule of the
 * registry: special tokens, look-alikes, invisible characters, unpaired
 * surrogates). With `strip`, the special tokens found are removed and what
 * is left is checked again (a token split by another, `<|im_<|im_end|>end|>`,
 * must not reassemble). With a `profile`, its structural tags (`<tool_call>`, `</tool_response>`)
 * are tokens too (`structural-tag`). With an open model's tokenizer.json (`vocabulary`), its
 * added tokens are the special tokens, as `validate` with that tokenizer finds them.
 */
export function checkValue(
  value: string,
  strip: boolean,
  profile?: ProfileName,
  vocabulary?: JsonTokenizer,
): CheckedValue {
  const stripped: { token: string; start: number }[] = [];
  let text = value;
  // Where each character of `text` was in `value` (built once something is removed).
  let origin: Int32Array | undefined;
  for (;;) {
    const findings = findingsOf(text, profile, vocabulary);
    const tokens = findings.filter((f) => TOKEN_RULES.has(f.code));
    if (!strip || tokens.length === 0) {
      return {
        text,
        findings: strip ? findings.filter((f) => !TOKEN_RULES.has(f.code)) : findings,
        stripped,
      };
    }
    const ranges = tokens.flatMap((f) => f.ranges).sort((a, b) => a.start - b.start);
    const was = origin;
    const at = (i: number) => (was === undefined ? i : (was[i] as number));
    const next = new Int32Array(text.length);
    let kept = "";
    let length = 0;
    let from = 0;
    const keep = (to: number) => {
      kept += text.slice(from, to);
      for (let i = from; i < to; i++) next[length++] = at(i);
    };
    for (const r of ranges) {
      if (r.start < from) continue;
      keep(r.start);
      stripped.push({ token: text.slice(r.start, r.end), start: at(r.start) });
      from = r.end;
    }
    keep(text.length);
    text = kept;
    origin = next.subarray(0, length);
  }
}

interface RawFinding extends ValueFinding {
  readonly ranges: readonly Range[];
}

function findingsOf(
  text: string,
  profile: ProfileName | undefined,
  vocabulary: JsonTokenizer | undefined,
): RawFinding[] {
  const result = validateSync([{ role: "user", content: text }], {
    ...(profile !== undefined && { profile }),
    ...(vocabulary !== undefined && { tokenizer: vocabulary }),
  });
  return result.diagnostics
    .filter((d) => d.path === "$[0].content" && !NOT_ABOUT_TEXT.has(d.code))
    .map((d) => ({
      code: d.code,
      severity: d.severity === "error" ? "error" : "warning",
      message: d.message,
      start: d.start,
      end: d.end,
      ranges: [{ start: d.start, end: d.end }, ...(d.more ?? [])],
    }));
}
