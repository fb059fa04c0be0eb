// The page's one computation: input text and settings in, everything the page shows out, as
// plain data. It runs in the worker (worker.ts); tests call it directly under Node.
import {
  ChatMLCompileError,
  type CompileInput,
  type CompileOptions,
  compileToSegments,
  type Dialect,
  type DropField,
  droppedBy,
  LineIndex,
  type ParseResult,
  parse,
  readChatInput,
  readChatMessage,
  readJsonSource,
  tryCompile,
} from "@chatmlkit/parser";
import {
  type JsonTokenizer,
  loadTokenizer,
  resolveModel,
  ruleDocUrl,
  ruleInfo,
  segmentTokenSpans,
  type Tokenizer,
  type TokenSpans,
  transcriptTokenSpans,
  type ValidationDiagnostic,
  type ValidationResult,
  validate,
} from "@chatmlkit/validator";
import type { Analysis, Card, Conversion, Conversions, CountSummary, Finding, Place } from "./analysis.js";

/** What `analyze` computes: the analysis the worker posts, with its conversions always. */
export type Computed = Omit<Analysis, "id" | "share" | "ms" | "conversions"> & { conversions: Conversions };

import { datasetLine, detectKind, type InputKind } from "./input-kind.js";
import type { Settings } from "./settings.js";

const EMPTY_SPANS: TokenSpans = {
  ids: new Uint32Array(0),
  ends: new Uint32Array(0),
  special: new Uint8Array(0),
};

/**
 * Everything the page shows for `text` under `settings` (without `id`, `share` and `ms`).
 * With `vocabulary` (an open model's tokenizer.json, `tokenizerFromJson`), tokens and counts
 * are that model's and its added tokens are special tokens; the model setting gives the window.
 */
export async function analyze(
  text: string,
  settings: Settings,
  vocabulary?: JsonTokenizer,
): Promise<Computed> {
  const kind = detectKind(text, settings.readAs);
  const how = settings.readAs === "auto" ? " (by its content)" : "";
  if (kind === "transcript") {
    const as = settings.profile === "chatml" ? "" : `, as the ${settings.profile} profile writes it`;
    return analyzeTranscript(text, settings, `read as a ChatML transcript${as}${how}`, vocabulary);
  }
  if (kind === "json")
    return analyzeJson(text, 0, settings, kind, `read as messages JSON${how}`, text, vocabulary);
  const line = datasetLine(text, settings.line);
  return {
    ...(await analyzeJson(
      line.text,
      line.offset,
      settings,
      kind,
      `read as a JSONL dataset${how}: line ${line.line} of ${line.lines}, validated as a request (the dataset-* rules are chatml lint's)`,
      text,
      vocabulary,
    )),
    line: { line: line.line, lines: line.lines },
  };
}

async function analyzeTranscript(
  text: string,
  settings: Settings,
  readNote: string,
  vocabulary: JsonTokenizer | undefined,
): Promise<Computed> {
  const dialect = settings.dialect;
  // A profile reads what its model writes too: reasoning, tool calls and results.
  const profile = settings.profile === "chatml" ? {} : { profile: settings.profile };
  const doc = parse(text, { dialect, ...profile });
  const tokenizer = vocabulary ?? (await loadTokenizer(resolveModel({ model: settings.model }).encoding));
  const result = await validate(text, { ...options(settings, vocabulary), dialect, ...profile });
  const spans = transcriptTokenSpans(text, tokenizer);
  const cards: Card[] = doc.messages.map((m, index) => {
    const inText = text.startsWith(m.content, m.span.contentStart);
    const attributes = Object.entries(m.attributes ?? {}).map(([k, v]) => `${k}=${v}`);
    const notes = attributes.length > 0 ? [`header attributes: ${attributes.join(" ")}`] : [];
    if (m.reasoning_content !== undefined) notes.push(`reasoning: ${m.reasoning_content}`);
    return {
      index,
      role: m.role,
      ...(m.name !== undefined && { name: m.name }),
      ...(inText
        ? { contentAt: { start: m.span.contentStart, end: m.span.contentStart + m.content.length } }
        : { content: m.content }),
      toolCalls: (m.tool_calls ?? []).map((c) => ({
        id: c.id,
        name: c.function.name,
        arguments: c.function.arguments,
      })),
      ...(m.tool_call_id !== undefined && { toolCallId: m.tool_call_id }),
      notes,
      ...tokensOf(result, index),
      ...(inText && { viewAt: m.span.contentStart }),
    };
  });
  const findings = result.diagnostics.map((d): Finding => {
    const place: Place = { start: d.start, end: d.end, line: d.line, column: d.column };
    const m = messageAt(doc, d.start);
    // A profile's content may be read out of blocks: mark it in the card only where it is the text itself.
    const inContent =
      m !== undefined &&
      d.start >= m.span.contentStart &&
      d.end <= Math.max(m.span.contentEnd, d.start) &&
      text.startsWith(m.content, m.span.contentStart);
    return {
      ...findingBase(d),
      input: place,
      view: { start: d.start, end: d.end },
      ...(m !== undefined &&
        inContent && {
          card: {
            index: doc.messages.indexOf(m),
            start: d.start - m.span.contentStart,
            end: d.end - m.span.contentStart,
          },
        }),
    };
  });
  return {
    kind: "transcript",
    readNote,
    cards,
    next: nextTurn(doc.addGenerationPrompt, doc.continueFinalMessage, doc.generationRole),
    view: {
      spans,
      note:
        vocabulary === undefined
          ? "The transcript as the Completions endpoint reads it: every special token is one token, even inside content."
          : `The transcript as a server with ${vocabulary.encoding} reads it: every added token is one token, even inside content.`,
    },
    findings,
    errorCount: result.errorCount,
    warningCount: result.warningCount,
    ...countOf(result, settings),
    conversions: {
      asChatml: conversion(() => tryCompile(documentJson(doc) as CompileInput, compileOptions(settings))),
      asJson: { ok: true, text: `${JSON.stringify(documentJson(doc), null, 2)}\n` },
    },
  };
}

async function analyzeJson(
  text: string,
  offset: number,
  settings: Settings,
  kind: InputKind,
  readNote: string,
  whole = text,
  vocabulary: JsonTokenizer | undefined = undefined,
): Promise<Computed> {
  const read = readJsonSource(text);
  const tokenizer = vocabulary ?? (await loadTokenizer(resolveModel({ model: settings.model }).encoding));
  if (!read.ok) {
    const { problem } = read;
    const at = new LineIndex(whole).position(offset + problem.offset);
    return {
      kind,
      readNote,
      cards: [],
      next: "",
      view: { spans: EMPTY_SPANS, text: "", note: "Nothing to show: the JSON does not read." },
      findings: [
        {
          code: problem.code,
          severity: "error",
          message: problem.message,
          ...docOf(problem.code),
          input: { start: offset + problem.offset, end: offset + problem.offset + 1, ...at },
        },
      ],
      errorCount: 1,
      warningCount: 0,
      conversions: {
        asChatml: { ok: false, problems: [`${at.line}:${at.column}: ${problem.message}`] },
        asJson: { ok: false, problems: [`${at.line}:${at.column}: ${problem.message}`] },
      },
    };
  }
  const { value } = read.source;
  const result = await validate(value, options(settings, vocabulary));
  const input = readChatInput(value);
  const issues: Parameters<typeof readChatMessage>[3] = [];
  const compileOpts = compileOptions(settings);
  const view = modelView(value as CompileInput, compileOpts, settings, tokenizer);
  let searchFrom = 0;
  // Where each text part starts in its message's joined content, by part index.
  const partStarts: Map<number, number>[] = [];
  const cards: Card[] = input.list.map((raw, index) => {
    const m = readChatMessage(raw, input.listPath, index, issues);
    partStarts[index] = new Map((m?.textParts ?? []).map((p) => [p.index, p.start]));
    const content = m?.content ?? "";
    const found = content === "" ? -1 : view.text.indexOf(content, searchFrom);
    if (found !== -1) searchFrom = found + content.length;
    const notes: string[] = [];
    if (m !== undefined && m.imageParts.length > 0) notes.push(`${m.imageParts.length} image part(s)`);
    if (m !== undefined && m.otherParts.length > m.imageParts.length) notes.push("other non-text parts");
    const reasoning = m?.raw.reasoning_content;
    if (typeof reasoning === "string") notes.push(`reasoning: ${reasoning}`);
    if (m?.refusal !== undefined) notes.push(`refusal: ${m.refusal}`);
    return {
      index,
      role: m?.role,
      ...(m?.name !== undefined && { name: m.name }),
      content,
      toolCalls: (m?.toolCalls ?? []).map((c) => ({
        ...(c.id !== undefined && { id: c.id }),
        ...(c.function?.name !== undefined && { name: c.function.name }),
        arguments:
          typeof c.function?.arguments === "string"
            ? c.function.arguments
            : (JSON.stringify(c.function?.arguments) ?? ""),
      })),
      ...(m?.toolCallId !== undefined && { toolCallId: m.toolCallId }),
      notes,
      ...tokensOf(result, index),
      ...(found !== -1 && { viewAt: found }),
    };
  });
  const lines = new LineIndex(whole);
  const findings = result.diagnostics.map((d): Finding => {
    const from = read.source.locate(d.path, d.start, d.key === true);
    const to = d.path === undefined ? from : read.source.locate(d.path, d.end, d.key === true);
    const start = offset + from.offset;
    const end = Math.max(offset + to.offset, start + 1);
    const card = contentPlace(d, input.listPath, cards, partStarts);
    const viewAt = card === undefined ? undefined : cards[card.index]?.viewAt;
    return {
      ...findingBase(d),
      input: { start, end, ...lines.position(start) },
      ...(card !== undefined && { card }),
      ...(card !== undefined &&
        viewAt !== undefined && { view: { start: viewAt + card.start, end: viewAt + card.end } }),
    };
  });
  const flags = input.flags;
  return {
    kind,
    readNote,
    cards,
    next: nextTurn(
      flags.addGenerationPrompt ?? true,
      flags.continueFinalMessage ?? false,
      flags.generationRole,
    ),
    view,
    findings,
    errorCount: result.errorCount,
    warningCount: result.warningCount,
    ...countOf(result, settings),
    conversions: {
      asChatml: conversion(() => tryCompile(value as CompileInput, compileOpts)),
      asJson: { ok: true, text: `${JSON.stringify(value, null, 2)}\n` },
    },
  };
}

/**
 * The model's view of JSON input: the safe compile, where content's special-token spellings
 * stay text. Plain ChatML cannot write tools or images: then they are left out, and it says so.
 */
function modelView(
  value: CompileInput,
  options: CompileOptions,
  settings: Settings,
  tokenizer: Tokenizer,
): { text: string; spans: TokenSpans; note: string } {
  const vocabulary =
    tokenizer.kind === "tokenizer.json"
      ? ` Tokens are ${tokenizer.encoding}'s (the tokenizer.json opened): a tag it has a token for is that token.`
      : settings.profile === "chatml"
        ? ""
        : ` Tokens are ${tokenizer.encoding}'s (the model chosen): ${settings.profile} models have vocabularies of their own: open the model's tokenizer.json to see its tokens.`;
  const attempt = (drop: boolean) =>
    compileToSegments(value, {
      ...options,
      contentSpecials: "text",
      ...(drop && { drop: ["tools", "images"] as DropField[] }),
    });
  try {
    return {
      ...segmentTokenSpans(attempt(false), tokenizer),
      note: `Compiled with the ${settings.profile} profile, the safe way: structure is special tokens, every field's text is ordinary text.${vocabulary}`,
    };
  } catch (error) {
    if (!(error instanceof ChatMLCompileError)) throw error;
    const problems = error.issues
      .slice(0, 3)
      .map((i) => `${i.path}: ${i.message}`)
      .join("; ");
    if (settings.profile === "chatml") {
      try {
        const dropped = droppedBy(value, ["tools", "images"]).map((d) => d.path);
        return {
          ...segmentTokenSpans(attempt(true), tokenizer),
          note: `Plain ChatML has no tool or image syntax: shown without ${dropped.join(", ")}. Pick a profile that writes tools (qwen2.5, qwen3, hermes) to see them as the model does.`,
        };
      } catch {
        // Not only tools: say why it does not compile.
      }
    }
    return { text: "", spans: EMPTY_SPANS, note: `Nothing to show: it does not compile (${problems}).` };
  }
}

/** Where a JSON diagnostic lies in its message's card: content strings and text parts only. */
function contentPlace(
  d: ValidationDiagnostic,
  listPath: string,
  cards: readonly Card[],
  partStarts: readonly Map<number, number>[],
): Finding["card"] {
  if (d.path === undefined || d.key === true) return undefined;
  const prefix = listPath === "$" ? "$[" : "$.messages[";
  if (!d.path.startsWith(prefix)) return undefined;
  const match = /^(\d+)\]\.content(?:\[(\d+)\]\.text)?$/.exec(d.path.slice(prefix.length));
  if (match === null) return undefined;
  const index = Number(match[1]);
  const card = cards[index];
  if (card === undefined) return undefined;
  // A text part starts where the parts before it end (content is the parts joined).
  const base = match[2] === undefined ? 0 : partStarts[index]?.get(Number(match[2]));
  if (base === undefined) return undefined;
  return { index, start: base + d.start, end: base + d.end };
}

function findingBase(d: ValidationDiagnostic): Omit<Finding, "input" | "card" | "view"> {
  return {
    code: d.code,
    severity: d.severity,
    message: d.message,
    ...docOf(d.code),
    ...(d.path !== undefined && { path: d.path }),
    ...(d.messageIndex !== undefined && { messageIndex: d.messageIndex }),
  };
}

function docOf(code: string): { docUrl?: string } {
  const rule = ruleInfo(code);
  return rule === undefined ? {} : { docUrl: ruleDocUrl(rule) };
}

function options(
  settings: Settings,
  vocabulary: JsonTokenizer | undefined,
): { model: string; maxTokens?: number; tokenizer?: JsonTokenizer } {
  return {
    model: settings.model,
    ...(settings.maxTokens !== undefined && { maxTokens: settings.maxTokens }),
    ...(vocabulary !== undefined && { tokenizer: vocabulary }),
  };
}

function compileOptions(settings: Settings): CompileOptions {
  const dialect: Dialect | undefined = settings.dialect === "auto" ? undefined : settings.dialect;
  return settings.profile === "chatml"
    ? { ...(dialect !== undefined && { dialect }) }
    : { profile: settings.profile };
}

function tokensOf(result: ValidationResult, index: number): { tokens?: number } {
  const tokens = result.count?.messages[index]?.tokens;
  return tokens === undefined ? {} : { tokens };
}

function countOf(result: ValidationResult, settings: Settings): { count?: CountSummary } {
  const c = result.count;
  if (c === undefined) return {};
  return {
    count: {
      model: c.model ?? settings.model,
      encoding: c.encoding,
      promptTokens: c.promptTokens,
      contextWindow: c.contextWindow,
      maxTokens: c.maxTokens,
      fits: c.fits,
      exact: c.exact,
      formula: c.formula,
      notes: c.notes,
    },
  };
}

function conversion(run: () => ReturnType<typeof tryCompile>): Conversion {
  try {
    const out = run();
    return out.ok
      ? { ok: true, text: out.text }
      : { ok: false, problems: out.issues.map((i) => `${i.path}: ${i.message}`) };
  } catch (error) {
    return { ok: false, problems: [String(error)] };
  }
}

/** What the prompt asks the model to write next. */
function nextTurn(prompt: boolean, continues: boolean, role: string | undefined): string {
  if (continues) return "The last message is left open: the model continues it.";
  if (prompt)
    return `Then the model writes the ${role ?? "assistant"}'s message (the prompt ends with its open header).`;
  return "No generation prompt: nothing asks the model to write.";
}

/** The message whose span holds `offset`. */
function messageAt(doc: ParseResult, offset: number): ParseResult["messages"][number] | undefined {
  let lo = 0;
  let hi = doc.messages.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const m = doc.messages[mid] as ParseResult["messages"][number];
    if (offset < m.span.start) hi = mid - 1;
    else if (offset >= m.span.end) lo = mid + 1;
    else return m;
  }
  return undefined;
}

/** A parsed transcript as `chatml parse` prints it: what `compile` reads back. */
function documentJson(doc: ParseResult): Record<string, unknown> {
  return {
    messages: doc.messages.map(({ span: _span, ...message }) => message),
    addGenerationPrompt: doc.addGenerationPrompt,
    continueFinalMessage: doc.continueFinalMessage,
    ...(doc.generationRole !== undefined && { generationRole: doc.generationRole }),
    ...(doc.dialect !== "chatml" && { dialect: doc.dialect }),
  };
}
