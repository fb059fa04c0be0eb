// Placeholders in a prompt template's text: `{{ name }}` as mustache, Jinja and nunjucks write a
// variable. Only variables: anything that computes (filters, blocks, comments, expressions) is
// reported with its place, never guessed at, so a template means one thing to every reader.

/** A `{{ name }}` in the text; offsets are UTF-16 code units into the scanned text. */
export interface Placeholder {
  /** The variable's name, dots included (`user.name`). */
  readonly name: string;
  /** The whole placeholder, from `{{` to just after `}}`. */
  readonly start: number;
  readonly end: number;
  /** The name itself. */
  readonly nameStart: number;
  readonly nameEnd: number;
}

/** Why part of a template cannot be read as text and placeholders. */
export type TemplateProblemCode = "invalid-placeholder" | "unsupported-template-syntax";

export interface TemplateProblem {
  readonly code: TemplateProblemCode;
  readonly message: string;
  readonly start: number;
  readonly end: number;
}

/** What `scanPlaceholders` found, in text order. */
export interface PlaceholderScan {
  readonly placeholders: readonly Placeholder[];
  /** Offsets of the backslashes of `\{{`, `\{%` and `\{#`: text, the backslash dropped when filled. */
  readonly escapes: readonly number[];
  readonly problems: readonly TemplateProblem[];
}

/** A dotted identifier: `name`, `user.first_name`. */
const NAME = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/** Whitespace a placeholder may have around its name. */
const isSpace = (c: string | undefined) => c === " " || c === "\t" || c === "\n" || c === "\r";

/**
 * Finds the placeholders of a template's text (a message's content, or a
 * whole transcript). `{{ name }}` is a placeholder, spaces inside optional;
 * `\{{` is the text `{{` (and `\{%`, `\{#` are `{%`, `{#`). Reported, and not placeholders: a filter
 * (`{{ name | upper }}`), whitespace control (`{{- name -}}`), `{{{ name }}}`,
 * `{% ... %}` blocks, `{# ... #}` comments, an expression or an empty name, and
 * a `{{` with no `}}`. Linear in the text's length.
 *
 * @example
 * scanPlaceholders("Hi {{ user.name }}!").placeholders[0]; // { name: "user.name", start: 3, end: 18, nameStart: 6, nameEnd: 15 }
 * scanPlaceholders("{% if x %}").problems[0]?.code; // "unsupported-template-syntax"
 */
export function scanPlaceholders(text: string): PlaceholderScan {
  const placeholders: Placeholder[] = [];
  const escapes: number[] = [];
  const problems: TemplateProblem[] = [];
  const problem = (code: TemplateProblemCode, message: string, start: number, end: number) =>
    problems.push({ code, message, start, end });
  let at = 0;
  let unclosed = Number.POSITIVE_INFINITY;
  while (at < text.length) {
    const open = text.indexOf("{", at);
    if (open === -1 || open + 1 >= text.length) break;
    const next = text[open + 1];
    if (next !== "{" && next !== "%" && next !== "#") {
      at = open + 1;
      continue;
    }
    if (open > 0 && text[open - 1] === "\\") {
      escapes.push(open - 1);
      at = open + 2;
      continue;
    }
    if (next === "%" || next === "#") {
      const closer = next === "%" ? "%}" : "#}";
      const close = text.indexOf(closer, open + 2);
      const end = close === -1 ? text.length : close + 2;
      const what = next === "%" ? "a {% ... %} block" : "a {# ... #} comment";
      problem(
        "unsupported-template-syntax",
        `${what}${close === -1 ? ", unterminated," : ""} is not supported: templates hold {{ name }} placeholders only (write \\{% for the text)`,
        open,
        end,
      );
      at = end;
      continue;
    }
    if (open >= unclosed) {
      // No `}}` after an earlier `{{`: none after this one either (searching again would be quadratic).
      problem("invalid-placeholder", UNCLOSED, open, open + 2);
      at = open + 2;
      continue;
    }
    const after = placeholderAt(text, open, placeholders, problem);
    if (after === undefined) {
      unclosed = open;
      problem("invalid-placeholder", UNCLOSED, open, open + 2);
      at = open + 2;
    } else at = after;
  }
  return { placeholders, escapes, problems };
}

const UNCLOSED = "{{ with no }}: close the placeholder, or write \\{{ for the text";

/** Reads the `{{ ... }}` at `open`; returns where scanning goes on, undefined when no `}}` follows. */
function placeholderAt(
  text: string,
  open: number,
  placeholders: Placeholder[],
  problem: (code: TemplateProblemCode, message: string, start: number, end: number) => void,
): number | undefined {
  const close = text.indexOf("}}", open + 2);
  if (close === -1) return undefined;
  // `{{{ name }}}`: mustache's unescaped form; its third brace closes after the `}}`.
  if (text[open + 2] === "{") {
    const end = text[close + 2] === "}" ? close + 3 : close + 2;
    problem(
      "unsupported-template-syntax",
      "{{{ ... }}} is not supported: values are always text, write {{ name }}",
      open,
      end,
    );
    return end;
  }
  const end = close + 2;
  const inner = text.slice(open + 2, close);
  if (inner.startsWith("-") || inner.endsWith("-")) {
    problem(
      "unsupported-template-syntax",
      "whitespace control ({{- or -}}) is not supported: write {{ name }} and the spaces you want",
      open,
      end,
    );
    return end;
  }
  let nameStart = open + 2;
  while (nameStart < close && isSpace(text[nameStart])) nameStart++;
  const bar = inner.indexOf("|");
  let nameEnd = bar === -1 ? close : open + 2 + bar;
  while (nameEnd > nameStart && isSpace(text[nameEnd - 1])) nameEnd--;
  const name = text.slice(nameStart, nameEnd);
  if (!NAME.test(name)) {
    const why = name === "" ? "an empty placeholder" : `${JSON.stringify(name)} is not a variable name`;
    problem(
      "invalid-placeholder",
      `${why}: a placeholder is {{ name }}, a name of letters, digits and _, dotted parts allowed (user.name)`,
      open,
      end,
    );
    return end;
  }
  if (bar !== -1) {
    problem(
      "unsupported-template-syntax",
      `a filter (|${inner.slice(bar + 1).trim()}) is not supported: values are filled in as given`,
      open + 2 + bar,
      close,
    );
    return end;
  }
  placeholders.push({ name, start: open, end, nameStart, nameEnd });
  return end;
}
