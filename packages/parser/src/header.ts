import { type Severity, severityOf } from "./diagnostics.js";
import { codePointLabel, HEADER_BREAK_CLASS, isHeaderSpace } from "./header-word.js";
import { SPECIAL_LOOKING } from "./special-tokens.js";

/** A problem inside a header; offsets are relative to the header's first character. */
export interface HeaderProblem {
  readonly code:
    | "missing-role"
    | "special-token-in-header"
    | "invalid-header-attribute"
    | "invalid-header-character"
    | "duplicate-header-attribute";
  readonly severity: Severity;
  readonly message: string;
  readonly start: number;
  readonly end: number;
}

/**
 * A word of a header after its role, where it is in the header: a
 * `key=value` attribute (`eq` is the offset of its `=`), or a word that is
 * none (`eq` is -1: a stray word, a special token).
 */
export interface HeaderWord {
  readonly start: number;
  readonly end: number;
  readonly eq: number;
}

/** A header split into its role and `key=value` attributes. */
export interface ParsedHeader {
  readonly role: string;
  /** Offset just past the role inside the header. */
  readonly roleEnd: number;
  readonly name?: string;
  readonly attributes?: Record<string, string>;
  /** Every word after the role, in order, repeated attributes too: what readers of offsets need. */
  readonly words: readonly HeaderWord[];
  readonly problems: readonly HeaderProblem[];
}

/** Words are split at spaces and tabs, and at every character no header word may hold. */
const WORD = new RegExp(`[^ \\t${HEADER_BREAK_CLASS}]+`, "gu");
const BREAK = new RegExp(`[${HEADER_BREAK_CLASS}]`, "gu");
/** `<|name|>` anywhere in the header: special-tokens.ts's pattern, global. */
const SPECIAL = new RegExp(SPECIAL_LOOKING.source, "g");
const PLAIN_ROLE_BREAKERS = new RegExp(`[<${HEADER_BREAK_CLASS}]`, "u");
const NO_PROBLEMS: HeaderProblem[] = [];
const NO_WORDS: HeaderWord[] = [];

/**
 * Reads a header (the text between `<|im_start|>` and its newline or
 * `<|im_sep|>`): the first word is the role, the rest are `key=value`
 * attributes separated by spaces or tabs. Shared by `parse` and the stream
 * parser so both read headers the same way.
 *
 * @example
 * parseHeader("system name=example_user") // { role: "system", name: "example_user", ... }
 */
export function parseHeader(header: string): ParsedHeader {
  // Fast path: a bare role, the overwhelmingly common header.
  if (header !== "" && !PLAIN_ROLE_BREAKERS.test(header)) {
    return { role: header, roleEnd: header.length, words: NO_WORDS, problems: NO_PROBLEMS };
  }
  const problems: HeaderProblem[] = [];
  for (const m of header.matchAll(BREAK)) {
    if (isHeaderSpace(m[0])) continue;
    problems.push({
      code: "invalid-header-character",
      severity: severityOf("invalid-header-character"),
      message: `${codePointLabel(header, m.index)} inside a message header: only spaces and tabs may separate header words, and readers split at this character differently`,
      start: m.index,
      end: m.index + m[0].length,
    });
  }
  for (const m of header.matchAll(SPECIAL)) {
    problems.push({
      code: "special-token-in-header",
      severity: severityOf("special-token-in-header"),
      message: `special token ${m[0]} inside a message header; a header holds only the role and key=value attributes`,
      start: m.index,
      end: m.index + m[0].length,
    });
  }
  let role = "";
  let roleEnd = 0;
  let name: string | undefined;
  let attributes: Record<string, string> | undefined;
  const seen = new Set<string>();
  const words: HeaderWord[] = [];
  let first = true;
  for (const m of header.matchAll(WORD)) {
    const word = m[0];
    const start = m.index;
    const end = start + word.length;
    if (first) {
      first = false;
      role = word;
      roleEnd = end;
      continue;
    }
    const eq = word.indexOf("=");
    words.push({ start, end, eq: eq <= 0 ? -1 : start + eq });
    if (eq <= 0 && !SPECIAL_LOOKING.test(word)) {
      problems.push({
        code: "invalid-header-attribute",
        severity: severityOf("invalid-header-attribute"),
        message: `"${word}" in the header is not a key=value attribute; is the newline after the role missing?`,
        start,
        end,
      });
      continue;
    }
    if (eq <= 0) continue; // a special token, reported above
    const key = word.slice(0, eq);
    const value = word.slice(eq + 1);
    if (seen.has(key)) {
      problems.push({
        code: "duplicate-header-attribute",
        severity: severityOf("duplicate-header-attribute"),
        message: `header attribute "${key}" is given more than once; the last value is used`,
        start,
        end,
      });
    }
    seen.add(key);
    if (key === "name") name = value;
    else {
      attributes ??= {};
      // An own property even for `__proto__`, which plain assignment would turn into a prototype.
      Object.defineProperty(attributes, key, { value, enumerable: true, writable: true, configurable: true });
    }
  }
  if (role === "") {
    problems.push({
      code: "missing-role",
      severity: severityOf("missing-role"),
      message: "message header has no role; expected e.g. <|im_start|>user",
      start: 0,
      end: header.length,
    });
  }
  problems.sort((a, b) => a.start - b.start);
  return {
    role,
    roleEnd,
    ...(name !== undefined && { name }),
    ...(attributes !== undefined && { attributes }),
    words,
    problems: oncePerCode(problems),
  };
}

/** The problems a header repeats for every word: the first stands for the rest. */
const COLLAPSED: ReadonlySet<string> = new Set([
  "invalid-header-attribute",
  "duplicate-header-attribute",
  "invalid-header-character",
]);

/**
 * One problem of each repeating kind per header, the first, saying how many
 * more there are: a header of 500,000 stray words is one finding, not 500,000
 * (each costs a line of output and memory, and says nothing the first does
 * not). Special tokens are each reported: each is a finding of its own.
 */
function oncePerCode(problems: HeaderProblem[]): HeaderProblem[] {
  if (problems.length < 2) return problems;
  const counts = new Map<string, number>();
  for (const p of problems) if (COLLAPSED.has(p.code)) counts.set(p.code, (counts.get(p.code) ?? 0) + 1);
  if ([...counts.values()].every((n) => n < 2)) return problems;
  const kept: HeaderProblem[] = [];
  for (const p of problems) {
    if (!COLLAPSED.has(p.code)) {
      kept.push(p);
      continue;
    }
    const n = counts.get(p.code) as number;
    if (n === 0) continue;
    counts.set(p.code, 0);
    kept.push(n === 1 ? p : { ...p, message: `${p.message} (and ${n - 1} more in this header)` });
  }
  return kept;
}
