// The rules over read input: what validate and validateSync run once the input is read and
// the tokenizer (if any) is loaded. Not part of the package's API.
import { DiagnosticFactory, profileInfo, type Range, type Severity } from "@chatmlkit/parser";
import { countChat } from "./count-chat.js";
import { type CountContext, imageContext } from "./count-options.js";
import { tokenizeTranscript } from "./count-transcript.js";
import type { Finding } from "./finding.js";
import type { Field, InputMessage, InputProblem, ReadInput } from "./input.js";
import { InvalidInputError } from "./input-error.js";
import { checkFits, limitsOf, modelWho } from "./limits.js";
import { check as emptyContent, isBlank } from "./rules/empty-content.js";
import { check as invalidName } from "./rules/invalid-name.js";
import type { MessageCheck, MessageContext, MessageFinding } from "./rules/message-check.js";
import { findStructuralTags } from "./rules/structural-tag.js";
import { isLateSystem, check as systemNotFirst } from "./rules/system-not-first.js";
import { checkToolArguments } from "./rules/tool-arguments.js";
import { ToolCallTracker } from "./rules/tool-call-reference.js";
import { checkToolSchemas } from "./rules/tool-schema.js";
import { checkBodyKeys, checkMessageKeys } from "./rules/unknown-field.js";
import { checkBodyModel } from "./rules/unknown-model.js";
import { check as unknownRole } from "./rules/unknown-role.js";
import { DEFAULT_ROLES, type DiagnosticCode, levelOf } from "./rules.js";
import { scanText } from "./scan-text.js";
import { vocabularyOf } from "./special-tokens.js";
import { TemplateRules } from "./template/template-rules.js";
import { readVariables } from "./template/variables.js";
import { worstCase, worstCaseNote } from "./template/worst-case.js";
import type { ValidateOptions, ValidationCount, ValidationDiagnostic, ValidationResult } from "./validate.js";

/** The rules that judge each message, in the order they report (each in its module under rules/). */
const MESSAGE_CHECKS: readonly MessageCheck[] = [unknownRole, invalidName, systemNotFirst, emptyContent];

/**
 * Every rule over read input, with counting when `context` is given. The
 * plain-message shortcut (`checkPlain`) is on unless `plainPath` is false:
 * a test runs both ways and compares.
 */
export function checkRead(
  read: ReadInput,
  options: ValidateOptions,
  context: CountContext | undefined,
  plainPath = true,
): ValidationResult {
  const out: ValidationDiagnostic[] = [];
  const transcriptFactory =
    read.text === undefined ? undefined : new DiagnosticFactory<DiagnosticCode>(read.text);
  const fieldFactories = new Map<Field, DiagnosticFactory<DiagnosticCode>>();

  const emit: Emit = (code, message, field, start, end, index, parserSeverity, repeat) => {
    const level = levelOf(code, options.rules, parserSeverity);
    if (level === "off") return;
    const severity: Severity = level === "error" ? "error" : "warning";
    const base = field?.base ?? 0;
    const extra = {
      ...(field?.path !== undefined && { path: field.path }),
      ...(field?.key === true && { key: true as const }),
      ...(index !== undefined && { messageIndex: index }),
      ...(repeat !== undefined && {
        count: repeat.count,
        more: repeat.more.map((r) => ({ start: base + r.start, end: base + r.end })),
      }),
    };
    let factory = transcriptFactory;
    if (factory === undefined) {
      const key = field ?? EMPTY_FIELD;
      factory = fieldFactories.get(key);
      if (factory === undefined) {
        factory = new DiagnosticFactory<DiagnosticCode>(key.text);
        fieldFactories.set(key, factory);
      }
    }
    out.push(
      factory.create(code, severity, message, base + start, base + end, extra) as ValidationDiagnostic,
    );
  };

  // Parser diagnostics keep their codes and, unless configured, their severities.
  // Those that report a special token out of place (a stray <|im_end|>, one in a header)
  // stand for its special-token finding; when their rule is off, special-token reports it.
  const reportedTokens = new Set<string>();
  for (const d of read.parseDiagnostics) {
    emit(d.code as DiagnosticCode, d.message, undefined, d.start, d.end, undefined, d.severity);
    if (TOKEN_CODES.has(d.code) && levelOf(d.code as DiagnosticCode, options.rules, d.severity) !== "off") {
      reportedTokens.add(`${d.start}:${d.end}`);
    }
  }
  const reportProblems = (problems: readonly InputProblem[]) => {
    for (const problem of problems) {
      const field: Field = { text: "", label: "", kind: "content", base: 0, path: problem.path };
      emit("invalid-message", `${problem.path}: ${problem.message}`, field, 0, 0, problem.messageIndex);
    }
  };
  reportProblems(read.problems);
  // A template's rules (validate's template and variables options).
  const template =
    options.template === true || options.variables !== undefined
      ? new TemplateRules(
          options.variables === undefined ? undefined : readVariables(options.variables).variables,
        )
      : undefined;
  const emitPlaced = (found: ReturnType<TemplateRules["unused"]>) => {
    for (const f of found) emit(f.code, f.message, f.field, f.start, f.end, f.index);
  };
  if (template !== undefined && read.kind === "transcript") emitPlaced(template.transcript(read));

  const roles = new Set(options.roles ?? DEFAULT_ROLES);
  // The tags the profile gives meaning to (none without one).
  const profileTags =
    options.profile === undefined ? [] : (profileInfo(options.profile)?.structuralTags ?? []);
  // A tokenizer.json's added tokens are special tokens in content too (but the profile's tags).
  const vocabulary = vocabularyOf(context?.tokenizer, profileTags);
  let seenNonSystem = false;
  const listPath = read.listPath ?? "$";
  // Tool results must answer the calls right before them: followed across messages.
  const toolCalls = new ToolCallTracker(listPath);
  // Each message is read, checked and dropped before the next is read.
  const problems: InputProblem[] = [];
  let wellFormed = read.problems.length === 0;
  // A template's fields are all read: the shortcut does not look for placeholders.
  const rawMessages = plainPath && template === undefined ? read.list : undefined;
  for (let index = 0; index < read.size; index++) {
    let message: InputMessage | undefined;
    try {
      if (rawMessages !== undefined && checkPlain(rawMessages[index])) continue;
      message = read.message(index, problems);
    } catch (error) {
      // Objects that are not plain data (a getter or proxy that throws) are reported, not thrown.
      const path = `${read.listPath ?? "$"}[${index}]`;
      problems.push({
        message: `the message could not be read: ${String(error)}`,
        path,
        messageIndex: index,
      });
    }
    if (problems.length > 0) {
      reportProblems(problems);
      problems.length = 0;
      wellFormed = false;
    }
    if (message === undefined) continue;
    for (const field of message.fields) scanField(field, message.index);
    if (template !== undefined && read.kind === "messages")
      for (const field of message.fields) emitPlaced(template.field(field, message.index));
    checkMessage(message);
  }
  emitAll(toolCalls.end(), undefined);
  if (template !== undefined) emitPlaced(template.unused(read));
  if (read.body !== undefined) {
    emitAll(checkToolSchemas(read.body), undefined);
    emitAll(checkBodyKeys(read.body), undefined);
    emitAll(checkBodyModel(read.model, options.model), undefined);
  }
  // The request's tool definitions and other strings that reach the model.
  for (const field of read.bodyFields(problems)) scanField(field, undefined);
  if (problems.length > 0) {
    reportProblems(problems);
    wellFormed = false;
  }

  // Chat counting needs every message well formed: a count of the rest would pass for the
  // prompt's. Problems are reported instead, and there is no count.
  const countable = read.kind === "transcript" || (wellFormed && read.request !== undefined);
  const count = context && countable ? countAndCheck(read, options, context, emit) : undefined;
  // By message; inside one, by field (in the order each was first reported: offsets of
  // different fields do not compare), then by offset.
  const fieldRank = new Map<string | undefined, number>();
  for (const d of out) if (!fieldRank.has(d.path)) fieldRank.set(d.path, fieldRank.size);
  const rank = (d: ValidationDiagnostic) => fieldRank.get(d.path) as number;
  out.sort(
    (a, b) => (a.messageIndex ?? -1) - (b.messageIndex ?? -1) || rank(a) - rank(b) || a.start - b.start,
  );
  if (read.kind === "transcript") out.sort((a, b) => a.start - b.start || a.end - b.end);
  const errorCount = out.filter((d) => d.severity === "error").length;
  return {
    kind: read.kind,
    diagnostics: out,
    errorCount,
    warningCount: out.length - errorCount,
    ...(count && { count }),
  };

  /** The text rules over one field, and with a profile, its tags (structural-tag). */
  function scanField(field: Field, index: number | undefined): void {
    for (const finding of scanText(field.text, field.label, vocabulary)) emitFinding(finding, field, index);
    if (profileTags.length === 0) return;
    const tags = findStructuralTags(
      field.text,
      field.label,
      profileTags,
      String(options.profile),
      field.base,
      read.structuralTags,
    );
    for (const finding of tags) emitFinding(finding, field, index);
  }

  function emitFinding(finding: Finding, field: Field, index: number | undefined): void {
    // The profile's own tags are structural-tag's (or structure): not another family's tokens.
    if (
      finding.rule === "foreign-special-token" &&
      profileTags.length > 0 &&
      profileTags.includes(field.text.slice(finding.start, finding.end))
    ) {
      return;
    }
    if (
      reportedTokens.size > 0 &&
      finding.rule === "special-token" &&
      reportedTokens.has(`${field.base + finding.start}:${field.base + finding.end}`)
    ) {
      return;
    }
    const placed = field.parts === undefined ? { field, finding } : inPart(field.parts, finding);
    emit(
      finding.rule,
      placed.finding.message,
      placed.field,
      placed.finding.start,
      placed.finding.end,
      index,
      undefined,
      // The repeats as placed too: a part's offsets, like the first one's.
      finding.count === undefined ? undefined : { count: finding.count, more: placed.finding.more ?? [] },
    );
  }

  /**
   * The common message, checked straight from its JSON object: a role from
   * the allowed set, string content, no name, and nothing to report. Any
   * other message, or one with something to report, goes through the reader,
   * which builds the fields diagnostics point at. Building them for every
   * message cost a tenth of validate's time; a property test checks both
   * ways give the same diagnostics.
   */
  function checkPlain(raw: unknown): boolean {
    if (typeof raw !== "object" || raw === null) return false;
    const { role, content, name } = raw as Record<string, unknown>;
    if (typeof role !== "string" || typeof content !== "string" || name !== undefined) return false;
    // Any other member (tool_calls, refusal, ...) holds strings the reader must check.
    for (const key in raw) if (key !== "role" && key !== "content") return false;
    // The message rules' own predicates (see MESSAGE_CHECKS): a message any of them would report goes to the reader.
    if (!roles.has(role) || isLateSystem(role, seenNonSystem) || isBlank(content)) return false;
    // A tool message, or any message while tool calls wait for their results: tool-call-reference judges it.
    if (role === "tool" || toolCalls.pending) return false;
    if (
      scanText(role, "role", vocabulary).length !== 0 ||
      scanText(content, "content", vocabulary).length !== 0
    )
      return false;
    if (role !== "system") seenNonSystem = true;
    return true;
  }

  function checkMessage(message: InputMessage): void {
    const context: MessageContext = { roles, seenNonSystem };
    for (const check of MESSAGE_CHECKS) {
      const found = check(message, context);
      if (found !== undefined) {
        emit(found.rule, found.message, found.field, found.start, found.end, message.index);
      }
    }
    // Only JSON messages have tool calls and keys of their own (a transcript's are header words):
    // each of these finds nothing in a message without its JSON.
    emitAll(checkToolArguments(message), message.index);
    emitAll(toolCalls.message(message), message.index);
    emitAll(checkMessageKeys(message, listPath), message.index);
    if (message.role !== undefined && message.role !== "system") seenNonSystem = true;
  }

  function emitAll(findings: readonly MessageFinding[], index: number | undefined): void {
    for (const f of findings) emit(f.rule, f.message, f.field, f.start, f.end, f.messageIndex ?? index);
  }
}

/** Parser codes whose diagnostic is about one special token, spanning exactly it. */
const TOKEN_CODES = new Set(["stray-im-end", "stray-im-sep", "special-token-in-header"]);

const EMPTY_FIELD: Field = { text: "", label: "", kind: "content", base: 0 };

/** Reports one diagnostic at `[start, end)` of `field` (or of the transcript when there is no field). */
type Emit = (
  code: DiagnosticCode,
  message: string,
  field: Field | undefined,
  start: number,
  end: number,
  index?: number,
  parserSeverity?: Severity,
  repeat?: Repeat,
) => void;

/** A finding that stands for several of its rule in one string: how many, and where the next few are. */
interface Repeat {
  readonly count: number;
  readonly more: readonly Range[];
}

/**
 * A finding in content given as parts, placed in the part it starts in
 * (offsets inside that part); one that runs into later parts ends with its
 * part and says so.
 */
function inPart(parts: NonNullable<Field["parts"]>, finding: Finding): { field: Field; finding: Finding } {
  let at = parts[0];
  for (const part of parts) {
    if (part.start > finding.start) break;
    if (part.field.text !== "" || part.start === finding.start) at = part;
  }
  if (at === undefined) return { field: EMPTY_FIELD, finding };
  const { field, start } = at;
  const end = finding.end - start;
  const across = end > field.text.length;
  return {
    field,
    finding: {
      ...finding,
      start: finding.start - start,
      end: across ? field.text.length : end,
      message: across
        ? `${finding.message} (formed across content parts when they are joined)`
        : finding.message,
      ...(finding.more && {
        more: finding.more.map((r) => ({ start: r.start - start, end: r.end - start })),
      }),
    },
  };
}

/** Message `index`, to place a diagnostic; one that cannot be read was reported already. */
function messageAt(read: ReadInput, index: number): InputMessage | undefined {
  try {
    // Its problems were reported when the checks read it.
    return read.message(index, []);
  } catch {
    return undefined;
  }
}

/** Counts the prompt and applies `context-window` and `token-budget`. */
function countAndCheck(
  read: ReadInput,
  options: ValidateOptions,
  context: CountContext,
  emit: Emit,
): ValidationCount | undefined {
  const { model, tokenizer } = context;
  let promptTokens: number;
  let messages: ValidationCount["messages"];
  let formula: string;
  // A transcript is counted exactly; its parse problems are diagnostics already.
  let exact = true;
  let notes: readonly string[] = [];
  if (read.kind === "transcript") {
    // The transcript's parse is the reader's: it is not parsed again to count.
    const counted = tokenizeTranscript(read.text ?? "", tokenizer, false, read.document);
    promptTokens = counted.tokens;
    messages = counted.messages;
    formula = "completions-raw";
  } else {
    let counted: ReturnType<typeof countChat>;
    try {
      counted = countChat(
        read.request ?? [],
        tokenizer,
        model.formula,
        imageContext(model, options),
        options.profile,
      );
    } catch (error) {
      // A tokenizer.json counts the compiled ChatML: a message ChatML v0 cannot write is said, not counted.
      if (!(error instanceof InvalidInputError)) throw error;
      for (const issue of error.issues) {
        const field = { ...EMPTY_FIELD, path: issue.path };
        emit("invalid-message", `${issue.path}: ${issue.message}`, field, 0, 0, issue.messageIndex);
      }
      return undefined;
    }
    promptTokens = counted.promptTokens;
    messages = counted.messages;
    formula = counted.formula;
    exact = counted.exact;
    notes = counted.notes;
  }
  let perMessage = messages.map((m) => m.tokens);
  // A template with declared variables is judged by its worst case: every value at its bound.
  if (options.variables !== undefined) {
    const worst = worstCase(
      read.kind === "transcript" ? read.text : read.request,
      readVariables(options.variables).variables,
      context,
      options.profile,
    );
    promptTokens = worst.promptTokens;
    perMessage = [...worst.perMessage];
    messages = messages.map((m, i) => ({ ...m, tokens: worst.perMessage[i] ?? m.tokens }));
    notes = [...notes, worstCaseNote(worst)];
  }
  const limits = limitsOf(model, options, read.maxTokens);
  const fixed = read.kind === "messages" ? promptTokens - perMessage.reduce((s, t) => s + t, 0) : 0;
  const verdict = checkFits({ promptTokens, perMessage, fixed }, limits, modelWho(model));
  const source = limits.maxTokensSource;
  for (const found of verdict.breaches) {
    const breach =
      options.variables === undefined ? found : { ...found, message: `in the worst case, ${found.message}` };
    if (breach.byMaxTokens && (source === "max_tokens" || source === "max_completion_tokens")) {
      // The body's own reservation is what overflows: point at it.
      emit(breach.rule, breach.message, { ...EMPTY_FIELD, path: `$.${source}` }, 0, 0, undefined);
      continue;
    }
    const message = breach.messageIndex === undefined ? undefined : messageAt(read, breach.messageIndex);
    const field = message?.at;
    emit(breach.rule, breach.message, field, 0, field?.text.length ?? 0, message?.index);
  }
  return {
    promptTokens,
    maxTokens: limits.maxTokens,
    contextWindow: limits.contextWindow,
    fits: verdict.fits,
    ...(model.name !== "custom" && { model: model.name }),
    encoding: tokenizer.encoding,
    formula,
    messages,
    exact,
    notes,
  };
}
