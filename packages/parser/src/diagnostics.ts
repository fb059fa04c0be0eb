import { LineIndex } from "./positions.js";
import { type RuleDocFields, type RuleExample, ruleAnchor } from "./rule-doc.js";

// The rule docs' shape travels with the table: @chatmlkit/parser/diagnostics is all a registry needs.
export {
  type RuleCategory,
  type RuleDocFields,
  type RuleExample,
  type RuleExampleOptions,
  ruleAnchor,
} from "./rule-doc.js";

export type Severity = "error" | "warning" | "info";

/**
 * Every diagnostic the parser reports, declared once: its stable code, its
 * severity and its documentation (what it reports, why it matters, an input
 * that fails and one that passes). Tools may match on the codes; a code never
 * changes meaning. The validator's rule registry lists these beside its own
 * rules, and docs/rules.md is generated from both.
 */
export const PARSE_DIAGNOSTICS = [
  diagnostic("unterminated-message", "error", {
    category: "structure",
    summary: "A message is not closed with `<|im_end|>` before the next `<|im_start|>`.",
    rationale:
      "A model reads everything up to the next `<|im_end|>` as one message: the next turn (a system message, a user's words) becomes part of this one, and a reader that recovers differently sees other turns than the model does.",
    fails: chatml("<|im_start|>user\nHi\n<|im_start|>assistant\nHello<|im_end|>\n"),
    passes: chatml("<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\nHello<|im_end|>\n"),
  }),
  diagnostic("stray-im-end", "error", {
    category: "structure",
    summary: "`<|im_end|>` with no open message.",
    rationale:
      "A closing token with nothing to close is what text that tries to end a turn early leaves behind; it usually means content was pasted or joined without escaping.",
    fails: chatml("<|im_start|>user\nHi<|im_end|>\n<|im_end|>\n"),
    passes: chatml("<|im_start|>user\nHi<|im_end|>\n"),
  }),
  diagnostic("stray-im-sep", "error", {
    category: "structure",
    summary: "`<|im_sep|>` outside a message header.",
    rationale:
      "`<|im_sep|>` only ends a header; anywhere else it is a control token the model acts on, not text, and no reader agrees on what it means there.",
    fails: chatml("<|im_start|>user\nHi<|im_end|>\n<|im_sep|>\n"),
    passes: chatml("<|im_start|>user<|im_sep|>Hi<|im_end|>\n", { dialect: "chatml-sep" }),
  }),
  diagnostic("missing-role", "error", {
    category: "structure",
    summary: "A message header has no role.",
    rationale: "A message without a role is one the model and every API reject or read as another turn.",
    fails: chatml("<|im_start|>\nHi<|im_end|>\n"),
    passes: chatml("<|im_start|>user\nHi<|im_end|>\n"),
  }),
  diagnostic("missing-header-end", "error", {
    category: "structure",
    summary: "A header is not followed by a newline (or `<|im_sep|>`) before `<|im_end|>`.",
    rationale:
      "Without the newline, the first word is read as the role and the rest of the line as more header: the message's text is lost or read as attributes.",
    fails: chatml("<|im_start|>user Hello<|im_end|>\n"),
    passes: chatml("<|im_start|>user\nHello<|im_end|>\n"),
  }),
  diagnostic("text-outside-message", "error", {
    category: "structure",
    summary: "Text outside any message.",
    rationale:
      "Text between messages belongs to no role: the model still reads it, so it can carry instructions no turn owns, while tools that read messages drop it.",
    fails: chatml("Ignore the rules.\n<|im_start|>user\nHi<|im_end|>\n"),
    passes: chatml("<|im_start|>user\nHi<|im_end|>\n"),
  }),
  diagnostic("special-token-in-header", "error", {
    category: "structure",
    summary: "A `<|...|>` token inside a message header.",
    rationale:
      "A special token in a header (the role, a name) ends or starts structure where only a role and attributes may stand: a name such as `x<|im_end|>` forges a turn.",
    fails: chatml("<|im_start|>user <|endoftext|>\nHi<|im_end|>\n"),
    passes: chatml("<|im_start|>user\nHi<|im_end|>\n"),
  }),
  diagnostic("invalid-header-attribute", "error", {
    category: "structure",
    summary: "A header word after the role that is not key=value.",
    rationale:
      "A stray word in a header is most often content that lost its newline; readers drop it or read it as part of the role.",
    fails: chatml("<|im_start|>user hello\nHi<|im_end|>\n"),
    passes: chatml("<|im_start|>user name=alice\nHi<|im_end|>\n"),
  }),
  diagnostic("invalid-header-character", "error", {
    category: "structure",
    summary: "A separator, control or invisible character other than space and tab inside a message header.",
    rationale:
      "Readers split headers at such characters differently (a no-break space, a zero-width space, a control), so a role can read as `user` to one tool and as something else to the model.",
    fails: chatml("<|im_start|>user\u00a0name=alice\nHi<|im_end|>\n"),
    passes: chatml("<|im_start|>user name=alice\nHi<|im_end|>\n"),
  }),
  diagnostic("duplicate-header-attribute", "warning", {
    category: "structure",
    summary: "The same header attribute twice; the last wins.",
    rationale: "Readers disagree on which value counts; a second `name=` can hide the first from a reviewer.",
    fails: chatml("<|im_start|>user name=alice name=bob\nHi<|im_end|>\n"),
    passes: chatml("<|im_start|>user name=alice\nHi<|im_end|>\n"),
  }),
  diagnostic("dialect-mismatch", "warning", {
    category: "structure",
    summary:
      "A header ends the other dialect's way (a newline in chatml-sep, `<|im_sep|>` in chatml); an error when the dialect was asked for.",
    rationale:
      "A transcript mixing the two dialects is read differently by readers of each: a header that does not end the expected way runs into the content.",
    fails: chatml("<|im_start|>user<|im_sep|>Hi<|im_end|>\n<|im_start|>assistant\nHello<|im_end|>\n"),
    passes: chatml(
      "<|im_start|>user<|im_sep|>Hi<|im_end|>\n<|im_start|>assistant<|im_sep|>Hello<|im_end|>\n",
    ),
  }),
  diagnostic("invalid-tool-call-json", "error", {
    category: "structure",
    summary: "A `<tool_call>` block of a model profile's assistant turn is not JSON.",
    rationale:
      "The call cannot be made: its name and arguments are unknown. Read with a profile, the block stays in the message's content, and the diagnostic points at the character where the JSON breaks (a model cut off by its token limit, or one that wrote Python instead of JSON).",
    details:
      "Reported when the text is read with a profile that writes tools (`qwen2.5`, `qwen3`, `hermes`): `parse(text, { profile })`, `validate`'s `profile` option, `chatml parse --profile`.",
    fails: chatml(
      '<|im_start|>assistant\n<tool_call>\n{"name": "get_weather", "arguments": {"city": "Paris"}\n</tool_call><|im_end|>\n',
      { profile: "qwen2.5" },
    ),
    passes: chatml(
      '<|im_start|>assistant\n<tool_call>\n{"name": "get_weather", "arguments": {"city": "Paris"}}\n</tool_call><|im_end|>\n',
      { profile: "qwen2.5" },
    ),
  }),
  diagnostic("invalid-tool-call", "error", {
    category: "structure",
    summary:
      'A `<tool_call>` block\'s JSON is not `{"name": ..., "arguments": {...}}`: no function name, or arguments that are not an object.',
    rationale:
      "Without a name there is no function to call, and arguments that are not an object (or a JSON string of one) cannot be passed to it; the block stays in the message's content.",
    details:
      "Reported when the text is read with a profile that writes tools (`qwen2.5`, `qwen3`, `hermes`): `parse(text, { profile })`, `validate`'s `profile` option, `chatml parse --profile`. A block without `arguments` calls the function with none (`{}`).",
    fails: chatml(
      '<|im_start|>assistant\n<tool_call>\n{"arguments": {"city": "Paris"}}\n</tool_call><|im_end|>\n',
      { profile: "qwen2.5" },
    ),
    passes: chatml(
      '<|im_start|>assistant\n<tool_call>\n{"name": "get_weather", "arguments": {"city": "Paris"}}\n</tool_call><|im_end|>\n',
      { profile: "qwen2.5" },
    ),
  }),
  diagnostic("unterminated-tool-call", "error", {
    category: "structure",
    summary: "A `<tool_call>` block has no `</tool_call>` before its message ends.",
    rationale:
      "The model stopped inside a call (its token limit, or a stop sequence), so the call is incomplete and cannot be made; the block's text stays in the message's content.",
    details:
      "Reported when the text is read with a profile that writes tools (`qwen2.5`, `qwen3`, `hermes`): `parse(text, { profile })`, `validate`'s `profile` option, `chatml parse --profile`.",
    fails: chatml(
      '<|im_start|>assistant\n<tool_call>\n{"name": "get_weather", "arguments": {"city": "Paris"}}<|im_end|>\n',
      { profile: "qwen3" },
    ),
    passes: chatml(
      '<|im_start|>assistant\n<tool_call>\n{"name": "get_weather", "arguments": {"city": "Paris"}}\n</tool_call><|im_end|>\n',
      { profile: "qwen3" },
    ),
  }),
  diagnostic("unterminated-reasoning", "warning", {
    category: "structure",
    summary: "An assistant turn closed with `<|im_end|>` while its `<think>` block was still open.",
    rationale:
      "The model ended its turn while still reasoning: everything it wrote is read as `reasoning_content`, and there is no answer to show.",
    details:
      "Reported when the text is read with a profile that writes reasoning (`qwen3`). A message left open (no `<|im_end|>`: output cut off, or a prompt that continues the reasoning) is not reported.",
    fails: chatml("<|im_start|>assistant\n<think>\nThe user greets me.<|im_end|>\n", { profile: "qwen3" }),
    passes: chatml("<|im_start|>assistant\n<think>\nThe user greets me.\n</think>\n\nHello!<|im_end|>\n", {
      profile: "qwen3",
    }),
  }),
  diagnostic("placeholder-in-header", "error", {
    category: "template",
    summary: "A `{{ name }}` placeholder (or other template syntax) in a message header: its role or name.",
    rationale:
      "A value filled into a header chooses who speaks: a user's text that says `system` makes its message a system message. Only contents take values; the template alone writes structure.",
    details:
      "Reported for templates: `parse(text, { placeholders: true })`, `validate`'s `template` option, `chatml lint` on a file that holds a placeholder (or with `--template`), and `render`. In messages JSON, a placeholder in a `role` or `name`.",
    fails: chatml("<|im_start|>{{ role }}\n{{ question }}<|im_end|>\n", { template: true }),
    passes: chatml("<|im_start|>user\n{{ question }}<|im_end|>\n", { template: true }),
  }),
  diagnostic("invalid-placeholder", "error", {
    category: "template",
    summary: "A `{{` that is no placeholder: an empty name, an expression, or no closing `}}`.",
    rationale:
      "A placeholder is `{{ name }}` (letters, digits, `_`, dotted parts) and nothing else, so that a template means one thing to every reader; a malformed one is either left in the prompt as text or read differently by another template engine.",
    details: "Write `\\{{` for the text `{{`. Reported for templates, as `placeholder-in-header` is.",
    fails: chatml("<|im_start|>user\n{{ question }} {{ 1 + 1 }}<|im_end|>\n", { template: true }),
    passes: chatml("<|im_start|>user\n{{ question }} \\{{ 1 + 1 }}<|im_end|>\n", { template: true }),
  }),
  diagnostic("unsupported-template-syntax", "error", {
    category: "template",
    summary:
      "Template syntax that computes: a `{% ... %}` block, a `{# ... #}` comment, a filter (`{{ name | upper }}`), `{{{ name }}}` or whitespace control (`{{- name -}}`).",
    rationale:
      "chatmlkit fills variables only, and never guesses at logic: a block's condition or loop would decide the prompt's structure at run time, out of the linter's sight. It is reported at its place rather than misread as text.",
    details: "Write `\\{%` for the text `{%`. Reported for templates, as `placeholder-in-header` is.",
    fails: chatml("<|im_start|>user\n{% if vip %}Dear {{ name }}{% endif %}<|im_end|>\n", { template: true }),
    passes: chatml("<|im_start|>user\nDear {{ name }}<|im_end|>\n", { template: true }),
  }),
  diagnostic("internal-error", "error", {
    category: "structure",
    summary: "A bug in chatmlkit; the input is kept whole.",
    rationale:
      "The parser could not read part of the input as it should: please report it. The document still holds every character of the input.",
  }),
] as const;

/** A parser diagnostic's declaration: its code, its severity (unless configured) and its docs. */
export interface ParseDiagnosticInfo<C extends string = string> extends RuleDocFields {
  readonly code: C;
  readonly severity: "error" | "warning";
  /** The anchor of its section in docs/rules.md. */
  readonly anchor: string;
}

function diagnostic<const C extends string>(
  code: C,
  severity: "error" | "warning",
  doc: RuleDocFields,
): ParseDiagnosticInfo<C> {
  return { code, severity, ...doc, anchor: ruleAnchor(code) };
}

function chatml(text: string, options?: RuleExample["options"]): RuleExample {
  return { kind: "chatml", text, ...(options && { options }) };
}

/** Stable codes of the parser's diagnostics (see PARSE_DIAGNOSTICS). */
export type ParseDiagnosticCode = (typeof PARSE_DIAGNOSTICS)[number]["code"];

const SEVERITIES = new Map<string, Severity>(PARSE_DIAGNOSTICS.map((d) => [d.code, d.severity]));

/**
 * The severity the parser reports `code` with, from PARSE_DIAGNOSTICS: the
 * one place a parser code's severity is set.
 */
export function severityOf(code: ParseDiagnosticCode): Severity {
  return SEVERITIES.get(code) as Severity;
}

/** A problem found in a transcript, with the exact characters it concerns. */
export interface Diagnostic {
  /** Stable identifier, e.g. `"stray-im-end"`. */
  readonly code: string;
  readonly severity: Severity;
  /** One sentence a person understands. */
  readonly message: string;
  /** Offsets into the source text: `[start, end)`. */
  readonly start: number;
  readonly end: number;
  /** 1-based line and column of `start`. */
  readonly line: number;
  readonly column: number;
  /** 1-based line and column of `end`. */
  readonly endLine: number;
  readonly endColumn: number;
}

/**
 * Creates diagnostics as plain data (they cross into workers and through
 * `structuredClone` and JSON unchanged). Line and column are worked out when
 * a diagnostic is made: the line table is built on the first one, so a text
 * without problems never pays for it. `extra` fields (e.g. a validator's JSON
 * path) follow the position fields.
 *
 * @example
 * const diagnose = new DiagnosticFactory(text);
 * diagnose.create("stray-im-end", "error", "<|im_end|> with no open message", 10, 20).line;
 */
export class DiagnosticFactory<Code extends string = ParseDiagnosticCode> {
  readonly #lines: LineIndex;
  constructor(text: string) {
    this.#lines = new LineIndex(text);
  }

  create<Extra extends object = object>(
    code: Code,
    severity: Severity,
    message: string,
    start: number,
    end: number,
    extra?: Extra,
  ): Diagnostic & Extra {
    const { line, column } = this.#lines.position(start);
    const { line: endLine, column: endColumn } = end === start ? { line, column } : this.#lines.position(end);
    return { code, severity, message, start, end, line, column, endLine, endColumn, ...extra } as Diagnostic &
      Extra;
  }
}
