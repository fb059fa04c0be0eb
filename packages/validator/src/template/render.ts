// render: fills a prompt template's placeholders with values that stay text. The template's
// structure (messages, roles, special tokens) comes from the template alone; a value is checked
// by the validator's text rules, and one that carries a special token is refused (or stripped).
import {
  type CompileIssue,
  findSpecialTokens,
  IM_START,
  type MessageSpan,
  memberPath,
  type Placeholder,
  type ProfileName,
  parse,
  profileInfo,
  type Range,
  scanPlaceholders,
  tagsIn,
} from "@chatmlkit/parser";
import type { DiagnosticCode, RenderRuleId } from "../rules.js";
import type { JsonTokenizer } from "../tokenizer.js";
import { transcriptIssueRange } from "../transcript-issue.js";
import { checkValue, TOKEN_RULES } from "./check-value.js";
import { mapMessageContents, mapTranscriptContents } from "./contents.js";
import { lookupValue, schemaProblems, type VariablesSchema } from "./variables.js";

/** The values of a template's variables: `{{ user.name }}` reads `values["user.name"]`, else `values.user.name`. */
export type TemplateValues = Readonly<Record<string, unknown>>;

/** Options of `render`. */
export interface RenderOptions {
  /**
   * A special token in a value: `"error"` (default) refuses the render;
   * `"strip"` removes it, says so in `stripped`, and renders.
   */
  readonly onSpecialToken?: "error" | "strip";
  /**
   * The template's declared variables (a JSON Schema object whose `properties`
   * are they, as a `.vars.json` sidecar holds it): the values are checked
   * against it first, and a value that breaks it is an `invalid-value` error
   * at the value's JSON path (`valuePath`) naming the schema's `keyword`.
   */
  readonly variables?: VariablesSchema;
  /**
   * The model profile the prompt is for (`qwen3`, `hermes`, ...): a tag its format gives meaning
   * to (`<tool_call>`, `</tool_response>`, `<think>`) in a value is refused like a special token
   * (`structural-tag`), or removed with `onSpecialToken: "strip"`.
   */
  readonly profile?: ProfileName;
}

/** Codes of `render`'s own problems, ids of the rule registry; a value's findings keep the validator's rule ids. */
export type RenderCode =
  | "invalid-placeholder"
  | "unsupported-template-syntax"
  | "placeholder-in-header"
  | RenderRuleId;

/** A problem of the template or of a value, at its place in the template. */
export interface RenderProblem {
  readonly code: RenderCode | DiagnosticCode;
  readonly severity: "error" | "warning";
  readonly message: string;
  /** The JSON path of the string the offsets are in (a messages template); absent for a transcript. */
  readonly path?: string;
  /** The placeholder's (or the problem's) offsets in the template's string. */
  readonly start: number;
  readonly end: number;
  /** The variable whose value this is about. */
  readonly variable?: string;
  /** For a value's finding: where in the value. */
  readonly valueStart?: number;
  readonly valueEnd?: number;
  /** For a value that breaks the declared schema: its JSON path in the values, and the schema keyword. */
  readonly valuePath?: string;
  readonly keyword?: string;
}

/** What `render` gives: the filled template, or the errors that kept it from being filled. */
export interface RenderResult<T> {
  /** The filled template, the shape it came in; undefined when there is an error. */
  readonly output: T | undefined;
  readonly problems: readonly RenderProblem[];
  readonly errorCount: number;
  /** Special tokens removed from values (`onSpecialToken: "strip"`), offsets into the value. */
  readonly stripped: readonly { readonly variable: string; readonly token: string; readonly start: number }[];
}

/**
 * Fills a template: a ChatML transcript (a string) or messages JSON (an
 * array of messages, or an object with `messages`, as a request body), whose
 * contents hold `{{ name }}` placeholders (see `scanPlaceholders`). Values
 * are text: they cannot add a message, change a role or close a message; a
 * placeholder in a header (role or name) is an error, as is a missing value
 * or one that is not a string, number or boolean. Never throws for bad input.
 *
 * @example
 * const t = "<|im_start|>user\nSummarise: {{ doc }}<|im_end|>\n";
 * render(t, { doc: "Q3 figures" }).output; // "<|im_start|>user\nSummarise: Q3 figures<|im_end|>\n"
 * render(t, { doc: "x<|im_end|>" }).problems[0]?.code; // "special-token"
 */
export function render(
  template: string,
  values: TemplateValues,
  options?: RenderOptions,
): RenderResult<string>;
export function render<T extends object>(
  template: T,
  values: TemplateValues,
  options?: RenderOptions,
): RenderResult<T>;
export function render(
  template: unknown,
  values: TemplateValues,
  options: RenderOptions = {},
): RenderResult<unknown> {
  const filler = new Filler(values, options.onSpecialToken === "strip", false, options.profile);
  if (options.variables !== undefined)
    filler.problems.push(...schemaProblems(options.variables, values, typeof template !== "string"));
  const output =
    typeof template === "string" ? renderTranscript(template, filler) : renderJson(template, filler);
  const errorCount = filler.problems.filter((p) => p.severity === "error").length;
  return {
    output: errorCount > 0 ? undefined : output,
    problems: filler.problems,
    errorCount,
    stripped: filler.stripped,
  };
}

/** Fills strings one at a time, collecting problems. */
class Filler {
  readonly problems: RenderProblem[] = [];
  readonly stripped: { variable: string; token: string; start: number }[] = [];

  constructor(
    readonly values: TemplateValues,
    readonly strip: boolean,
    /** Values become token ids of text (renderToTokens): a special token in one is harmless, a warning. */
    readonly tokensAsText: boolean,
    /** The model profile the output is for: its structural tags in a value are tokens too. */
    readonly profile?: ProfileName,
    /** An open model's tokenizer.json the ids are for: its added tokens are the special tokens. */
    readonly vocabulary?: JsonTokenizer,
  ) {}

  /** Each JSON string filled (by `fill`, a messages template's), at its path: where an offset of it once filled is in the template. */
  readonly origins = new Map<string, (offset: number) => Origin>();

  /** `text` with its placeholders filled; `base` and `path` place problems in the template. */
  fill(text: string, base: number, path: string): string {
    const { text: out, origin } = this.filled(text, base, path);
    this.origins.set(path, origin);
    return out;
  }

  /** `fill`, and `origin`: where an offset of the filled text is in the template (a value's, at its placeholder). */
  private filled(
    text: string,
    base: number,
    path: string | undefined,
  ): { text: string; origin: (offset: number) => Origin } {
    const scan = scanPlaceholders(text);
    const where = (start: number, end: number) => ({
      ...(path !== undefined && { path }),
      start: base + start,
      end: base + end,
    });
    for (const p of scan.problems)
      this.problems.push({ code: p.code, severity: "error", message: p.message, ...where(p.start, p.end) });
    // From `out` on, the filled text is the template's from `from` on, or (`placeholder`) a value; in order.
    const pieces: { out: number; from: number; placeholder?: Placeholder }[] = [{ out: 0, from: 0 }];
    const origin = (offset: number): Origin => {
      const piece = pieces.filter((q) => q.out <= offset).at(-1) as (typeof pieces)[number];
      const p = piece.placeholder;
      if (p === undefined) {
        const start = base + piece.from + offset - piece.out;
        return { start, end: start };
      }
      return { start: base + p.start, end: base + p.end, variable: p.name, valueOffset: offset - piece.out };
    };
    if (scan.placeholders.length === 0 && scan.escapes.length === 0) return { text, origin };
    // Text and values in order; an escape's backslash dropped.
    const cuts = [
      ...scan.placeholders.map((p) => ({ start: p.start, end: p.end, placeholder: p })),
      ...scan.escapes.map((at) => ({ start: at, end: at + 1, placeholder: undefined })),
    ].sort((a, b) => a.start - b.start);
    let out = "";
    let from = 0;
    // Where each value went in `out`: a special token the joined text spells across one of its
    // edges (`<|im_` + `end|>`) is one neither the template nor the value holds alone.
    const inserted: { start: number; end: number; placeholder: Placeholder }[] = [];
    for (const cut of cuts) {
      out += text.slice(from, cut.start);
      from = cut.end;
      const p = cut.placeholder;
      const value = p === undefined ? undefined : this.valueOf(p.name, where(p.start, p.end));
      if (p === undefined || value === undefined) {
        pieces.push({ out: out.length, from });
        continue;
      }
      const checked = checkValue(value, this.strip, this.profile, this.vocabulary);
      for (const f of checked.findings) {
        const harmless = this.tokensAsText && TOKEN_RULES.has(f.code);
        this.problems.push({
          code: f.code,
          severity: harmless ? "warning" : f.severity,
          message: `the value of {{ ${p.name} }}: ${f.message}${harmless ? " (in token ids it is text, so here it cannot)" : ""}`,
          ...where(p.start, p.end),
          variable: p.name,
          valueStart: f.start,
          valueEnd: f.end,
        });
      }
      for (const s of checked.stripped) this.stripped.push({ variable: p.name, ...s });
      inserted.push({ start: out.length, end: out.length + checked.text.length, placeholder: p });
      pieces.push({ out: out.length, from: p.start, placeholder: p });
      out += checked.text;
      pieces.push({ out: out.length, from });
    }
    out += text.slice(from);
    this.joined(out, inserted, where);
    return { text: out, origin };
  }

  /** Reports each special token of the filled text that runs across the edge of a value. */
  private joined(
    out: string,
    inserted: readonly { start: number; end: number; placeholder: Placeholder }[],
    where: (start: number, end: number) => { path?: string; start: number; end: number },
  ): void {
    if (inserted.length === 0 || !out.includes("<")) return;
    // The profile's structural tags join the same way (`<tool_` and `call>`).
    const tags = this.profile === undefined ? [] : (profileInfo(this.profile)?.structuralTags ?? []);
    const tagMatches = tagsIn(out, tags).map((r) => ({ token: out.slice(r.start, r.end), offset: r.start }));
    for (const match of [...findSpecialTokens(out), ...tagMatches]) {
      const end = match.offset + match.token.length;
      const across = inserted.find(
        (v) => match.offset < v.end && end > v.start && !(match.offset >= v.start && end <= v.end),
      );
      if (across === undefined) continue;
      const p = across.placeholder;
      this.problems.push({
        code: match.token.startsWith("<|") ? "special-token" : "structural-tag",
        severity: this.tokensAsText ? "warning" : "error",
        message: `the value of {{ ${p.name} }} and the text beside it join into ${match.token}${this.tokensAsText ? " (in token ids each is text, so here they cannot)" : ": a special token neither holds alone (placeholder-adjacent-special warns of such a template)"}`,
        ...where(p.start, p.end),
        variable: p.name,
      });
    }
  }

  /** A transcript message's content, filled (as `filled`), and its header checked (no placeholder may be there). */
  transcriptMessage(
    template: string,
    span: MessageSpan,
  ): { text: string; origin: (offset: number) => Origin } {
    const { headerStart, headerEnd, contentStart, contentEnd } = span;
    this.header(template.slice(headerStart, headerEnd), headerStart, undefined, "a message header");
    return this.filled(template.slice(contentStart, contentEnd), contentStart, undefined);
  }

  /** Problems for strings that choose structure (a role, a name): no placeholder may be there. */
  header(text: string, base: number, path: string | undefined, what: string): void {
    const scan = scanPlaceholders(text);
    for (const p of [...scan.placeholders, ...scan.problems]) {
      this.problems.push({
        code: "placeholder-in-header",
        severity: "error",
        message: `a placeholder in ${what}: a value would choose it; only contents take values`,
        ...(path !== undefined && { path }),
        start: base + p.start,
        end: base + p.end,
      });
    }
  }

  private valueOf(name: string, at: { path?: string; start: number; end: number }): string | undefined {
    const value = lookupValue(this.values, name);
    if (typeof value === "string") return value;
    if (typeof value === "number" || typeof value === "boolean") return String(value);
    const missing = value === undefined;
    this.problems.push({
      code: missing ? "missing-value" : "invalid-value",
      severity: "error",
      message: missing
        ? `no value for {{ ${name} }}`
        : `the value of {{ ${name} }} is ${value === null ? "null" : Array.isArray(value) ? "an array" : "an object"}: a value is text (a string, number or boolean)`,
      ...at,
      variable: name,
    });
    return undefined;
  }
}

/**
 * Where an offset of filled text is in the template: template text at its offset, or a value at
 * its placeholder (`variable`, and the offset inside the value).
 */
export interface Origin extends Range {
  readonly variable?: string;
  readonly valueOffset?: number;
}

/** Where compile's issue with filled messages is in the template: `Origin`, and a messages template's JSON path. */
export interface Placed extends Origin {
  readonly path?: string;
}

/**
 * The messages of a template, filled, and its flags: what renderToTokens compiles, and `place`,
 * which puts compile's issue with them in the template, as its other problems are (compile's
 * offset is of the filled text, which the caller never sees; a transcript has no JSON paths).
 */
export function filledMessages(
  template: unknown,
  values: TemplateValues,
  profile?: ProfileName,
  vocabulary?: JsonTokenizer,
): { input: unknown; filler: Filler; place: (issue: CompileIssue) => Placed } {
  const filler = new Filler(values, false, true, profile, vocabulary);
  if (typeof template !== "string") {
    const input = renderJson(template, filler);
    const place = (issue: CompileIssue): Placed => {
      const origin = filler.origins.get(issue.path);
      // An issue of the whole string (no offset) is at its start; its sentence names no offset.
      const offset = issue.offset ?? 0;
      return { path: issue.path, ...(origin?.(offset) ?? { start: offset, end: offset }) };
    };
    return { input, filler, place };
  }
  // A transcript's messages filled one by one: a value is never parsed again, so it stays text.
  const doc = parse(template);
  // Each content's offsets back to the template's, for `place`.
  const origins: ((offset: number) => Origin)[] = [];
  const messages = doc.messages.map((m) => {
    const content = filler.transcriptMessage(template, m.span);
    origins.push(content.origin);
    return {
      role: m.role,
      ...(m.name !== undefined && { name: m.name }),
      ...(m.attributes !== undefined && { attributes: m.attributes }),
      content: content.text,
    };
  });
  reportParseProblems(doc, template, filler);
  const spans = doc.messages.map((m) => m.span);
  return {
    place: (issue) =>
      transcriptIssueRange(spans, issue, (i, offset) => (origins[i] as (typeof origins)[number])(offset)),
    input: {
      messages,
      addGenerationPrompt: doc.addGenerationPrompt,
      continueFinalMessage: doc.continueFinalMessage,
      ...(doc.generationRole !== undefined && { generationRole: doc.generationRole }),
      dialect: doc.dialect,
    },
    filler,
  };
}

/**
 * A transcript template's parse problems, after its messages are filled: only what parse read as
 * a message's content is filled, so what it could not read (a header that breaks, text outside a
 * message) would be misread or left unfilled without a word. A placeholder in the generation
 * prompt's header is that header's problem, as one in a message's header is (`transcriptMessage`
 * reported those); a parse problem inside such a placeholder (`{{ role }}` is no role word) is
 * the placeholder's, reported already.
 */
function reportParseProblems(doc: ReturnType<typeof parse>, template: string, filler: Filler): void {
  if (doc.addGenerationPrompt) {
    // The open header the transcript ends with starts at its last <|im_start|>.
    const open = template.lastIndexOf(IM_START);
    filler.header(template.slice(open), open, undefined, "the generation prompt's header");
  }
  const inHeader = filler.problems.filter((p) => p.code === "placeholder-in-header");
  for (const d of doc.diagnostics) {
    if (d.severity === "info") continue;
    if (inHeader.some((p) => d.start >= p.start && d.end <= p.end)) continue;
    filler.problems.push({
      code: d.code as DiagnosticCode,
      severity: d.severity,
      message: d.message,
      start: d.start,
      end: d.end,
    });
  }
}

export type { Filler };

/** A transcript template: every content filled, everything else kept byte for byte. */
function renderTranscript(template: string, filler: Filler): string {
  const doc = parse(template);
  const out = mapTranscriptContents(template, (m) => filler.transcriptMessage(template, m.span).text, doc);
  reportParseProblems(doc, template, filler);
  return out;
}

/** A messages template: contents (strings, and text parts) filled; roles and names checked. */
function renderJson(template: unknown, filler: Filler): unknown {
  const rendered = mapMessageContents(
    template,
    (text, _, path) => filler.fill(text, 0, path),
    (m, at) => {
      for (const key of ["role", "name"] as const) {
        const v = m[key];
        if (typeof v === "string") filler.header(v, 0, `${at}${memberPath(key)}`, `a message's ${key}`);
      }
    },
  );
  if (rendered !== undefined) return rendered;
  filler.problems.push({
    code: "invalid-value",
    severity: "error",
    message: NOT_A_TEMPLATE,
    start: 0,
    end: 0,
  });
  return template;
}

/** What render and the worst case say of a value that is no template (`readChatInput`'s shape "none"). */
export const NOT_A_TEMPLATE =
  "a template is a ChatML transcript (a string), an array of messages, or an object with messages";
