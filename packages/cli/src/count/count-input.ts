// The counting-only entry: a JSON count does not load the transcript reader.
import {
  type ChatCount,
  type CountOptions,
  type CountPart,
  countChat,
  countChatTokens,
  countModel,
  InvalidInputError,
  loadTokenizer,
  resolveModel,
  ValidatorError,
} from "@chatmlkit/validator/count";
import {
  type BodyMaxTokens,
  bodyMaxTokens,
  checkFits,
  type LimitBreach,
  type LimitOptions,
  limitsOf,
  type MaxTokensSource,
  modelWho,
  type PromptCount,
} from "@chatmlkit/validator/limits";
import { checkExample } from "../dataset/checks.js";
import { readLines } from "../dataset/lines.js";
import { type Distribution, distribution } from "../dataset/stats.js";
import { inputError, usageError } from "../errors.js";
import type { JsonDocument } from "../input/json.js";
import { parseJson } from "../input/json.js";
import { lineHoldsConversation } from "../input/kind.js";
import type { SourceText } from "../input/read.js";
import type { Io } from "../io.js";

/** What `count --format json` prints for a JSON or transcript input. */
export interface CountReport {
  readonly file: string;
  readonly kind: "messages" | "transcript";
  readonly promptTokens: number;
  readonly model: string | undefined;
  readonly encoding: string;
  readonly formula: string;
  readonly formulaDescription: string;
  readonly messages: ReadonlyArray<{ index: number; role: string; tokens: number }>;
  /** Tool and function definitions and the choice parameters (0 for a transcript). */
  readonly tools: number;
  /** False when a part is an estimate or was not counted: the notes say which. */
  readonly exact: boolean;
  /** Messages JSON: every counted value with its JSON path and method (they add up to promptTokens). */
  readonly parts?: readonly CountPart[];
  readonly contextWindow: number | null;
  readonly maxTokens: number;
  /** Where maxTokens came from: --max-tokens (or the config), the body's field, or the default 0. */
  readonly maxTokensSource: MaxTokensSource;
  /** The prompt budget, when one is set. */
  readonly maxPromptTokens: number | null;
  /** Prompt + maxTokens within the window, and the prompt within its budget: the verdict lint and fit give too. */
  readonly fits: boolean;
  /** Each limit the prompt is over, as lint reports it. */
  readonly breaches: readonly LimitBreach[];
  readonly notes: readonly string[];
}

/** The limits `count` checks: the caller's (flags, config); the body's max_tokens unless overridden. */
export type CountLimits = LimitOptions;

/** What `count` prints for a JSONL dataset. */
export interface DatasetReport {
  readonly file: string;
  readonly kind: "dataset";
  readonly model: string | undefined;
  readonly encoding: string;
  readonly formula: string;
  readonly examples: number;
  /** Lines that are not countable examples (invalid JSON, no messages list). */
  readonly skipped: ReadonlyArray<{ line: number; reason: string }>;
  readonly perExample: ReadonlyArray<{
    line: number;
    messages: number;
    tokens: number;
    assistantTokens: number;
  }>;
  readonly messagesPerExample: Distribution | null;
  readonly tokensPerExample: Distribution | null;
  readonly assistantTokensPerExample: Distribution | null;
  readonly limit: number;
  readonly overLimit: number;
  /** Tokens billed per epoch: each example counts up to the limit. */
  readonly billableTokens: number;
  readonly fits: boolean;
}

/** The verdict and its figures, from the validator's one answer to "does it fit". */
function verdictOf(options: CountOptions, limits: CountLimits, body: BodyMaxTokens, count: PromptCount) {
  const model = modelOrUsage(options);
  const resolved = limitsOf(model, limits, body);
  const verdict = checkFits(count, resolved, modelWho(model));
  return {
    contextWindow: Number.isFinite(resolved.contextWindow) ? resolved.contextWindow : null,
    maxTokens: resolved.maxTokens,
    maxTokensSource: resolved.maxTokensSource,
    maxPromptTokens: resolved.maxPromptTokens ?? null,
    fits: verdict.fits,
    breaches: verdict.breaches,
  };
}

/** The body's max_tokens; one the API would refuse is an input error at its place in the file. */
function bodyLimits(json: JsonDocument, file: string): BodyMaxTokens {
  const { value } = json;
  if (typeof value !== "object" || value === null || Array.isArray(value)) return {};
  const read = bodyMaxTokens(value as Record<string, unknown>);
  if (read.problem === undefined) return read;
  const { path, message } = read.problem;
  throw inputError(`${path}: ${message}`, { file, ...json.locate(path) });
}

/** A messages array or request body, counted as the Chat Completions API does. */
export async function countJson(
  json: JsonDocument,
  file: string,
  options: CountOptions,
  limits: CountLimits = {},
): Promise<CountReport> {
  const body = bodyLimits(json, file);
  let count: ChatCount;
  try {
    count = await countChatTokens(json.value as never, options);
  } catch (error) {
    throw placedError(error, file, json);
  }
  const perMessage = count.messages.map((m) => m.tokens);
  const fixed = count.promptTokens - perMessage.reduce((sum, t) => sum + t, 0);
  return {
    file,
    kind: "messages",
    promptTokens: count.promptTokens,
    model: count.model,
    encoding: count.encoding,
    formula: count.formula,
    formulaDescription: count.formulaDescription,
    messages: count.messages,
    tools: count.tools,
    exact: count.exact,
    parts: count.parts,
    ...verdictOf(options, limits, body, { promptTokens: count.promptTokens, perMessage, fixed }),
    notes: count.notes,
  };
}

/** A transcript, counted as the Completions endpoint tokenizes it. */
export async function countTranscript(
  source: SourceText,
  options: CountOptions,
  limits: CountLimits = {},
): Promise<CountReport> {
  const { countTranscriptTokens } = await import("../lazy/count-transcript.js");
  const count = await countTranscriptTokens(source.text, options).catch((error: unknown) => {
    throw asUsage(error);
  });
  const perMessage = count.messages.map((m) => m.tokens);
  return {
    file: source.name,
    kind: "transcript",
    promptTokens: count.tokens,
    model: count.model,
    encoding: count.encoding,
    formula: count.formula,
    formulaDescription:
      "Completions endpoint: the raw string, each special token one id, the text between them BPE.",
    messages: count.messages,
    tools: 0,
    exact: true,
    ...verdictOf(options, limits, {}, { promptTokens: count.tokens, perMessage, fixed: 0 }),
    notes: [
      ...count.notes,
      ...(count.other > 0
        ? [`${count.other} tokens lie outside messages (separators, the open generation header)`]
        : []),
    ],
  };
}

/** A JSONL dataset, streamed: per-example counts and OpenAI data-prep's distribution. */
export async function countDataset(
  io: Io,
  file: string,
  name: string,
  options: CountOptions,
  limit: number,
): Promise<DatasetReport> {
  const perExample: { line: number; messages: number; tokens: number; assistantTokens: number }[] = [];
  const skipped: { line: number; reason: string }[] = [];
  // One model, one tokenizer for the whole dataset; each example is counted synchronously.
  const resolved = modelOrUsage(options);
  const tokenizer = options.tokenizer ?? (await loadTokenizer(resolved.encoding));
  for await (const { number, text } of readLines(io, file, name)) {
    if (text.trim() === "") continue;
    let value: unknown;
    try {
      value = parseJson(text, name, number - 1).value;
    } catch (error) {
      skipped.push({ line: number, reason: (error as Error).message });
      continue;
    }
    const fatal = checkExample(value).find(
      (p) => p.rule === "dataset-not-object" || p.rule === "dataset-missing-messages",
    );
    if (fatal !== undefined) {
      skipped.push({ line: number, reason: fatal.message });
      continue;
    }
    const example = value as { messages: { role?: unknown; content?: unknown }[] };
    let count: ReturnType<typeof countChat>;
    try {
      count = countChat(
        example as never,
        tokenizer,
        resolved.formula,
        {
          model: resolved.name === "custom" ? undefined : resolved.name,
          ...(options.imageSizes !== undefined && { sizes: options.imageSizes }),
        },
        options.profile,
      );
    } catch (error) {
      if (!(error instanceof ValidatorError)) throw error;
      skipped.push({ line: number, reason: error.message });
      continue;
    }
    // as data-prep does: the tokens of assistant messages' content
    let assistantTokens = 0;
    for (const m of example.messages) {
      if (m.role === "assistant") assistantTokens += tokenizer.countText(textOf(m.content));
    }
    perExample.push({
      line: number,
      messages: example.messages.length,
      tokens: count.promptTokens,
      assistantTokens,
    });
  }
  const tokens = perExample.map((e) => e.tokens);
  const overLimit = tokens.filter((t) => t > limit).length;
  return {
    file: name,
    kind: "dataset",
    model: options.model,
    encoding: tokenizer.encoding,
    formula: tokenizer.kind === "tokenizer.json" ? "chatml-tokens" : resolved.formula.id,
    examples: perExample.length,
    skipped,
    perExample,
    messagesPerExample: distribution(perExample.map((e) => e.messages)) ?? null,
    tokensPerExample: distribution(tokens) ?? null,
    assistantTokensPerExample: distribution(perExample.map((e) => e.assistantTokens)) ?? null,
    limit,
    overLimit,
    billableTokens: tokens.reduce((s, t) => s + Math.min(t, limit), 0),
    fits: overLimit === 0 && skipped.length === 0,
  };
}

/** Whether chatmlkit knows the model `name` (its window, its formula). */
export function isKnownModel(name: string): boolean {
  try {
    resolveModel({ model: name });
    return true;
  } catch {
    return false;
  }
}

function modelOrUsage(options: CountOptions) {
  try {
    return countModel(options);
  } catch (error) {
    throw asUsage(error);
  }
}

/** A message's content as text: a string, or its text parts joined. */
function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content.map((p) => (typeof p?.text === "string" ? p.text : "")).join("");
}

/**
 * The validator's refusal of `json` (the file's) at its place: the first problem of input that
 * is not messages at its line and column (the message says how many more there are); bad
 * options (an unknown model) are usage errors.
 */
export function placedError(error: unknown, file: string, json: JsonDocument | undefined): unknown {
  if (error instanceof InvalidInputError) {
    const first = error.issues[0];
    return inputError(error.message, { file, ...(first && json?.locate(first.path)) });
  }
  return asUsage(error);
}

/** Bad options (an unknown model) are usage errors, with the validator's suggestions. */
function asUsage(error: unknown): unknown {
  if (error instanceof ValidatorError && error.code !== "invalid-input") return usageError(error.message);
  if (error instanceof ValidatorError) return inputError(error.message);
  return error;
}

/** The text format of a report. */
export function describe(report: CountReport | DatasetReport): string {
  if (report.kind === "dataset") return describeDataset(report);
  const window =
    report.contextWindow === null ? "no context window" : `context window ${report.contextWindow}`;
  const judged = report.contextWindow !== null || report.maxPromptTokens !== null;
  const verdict = !judged ? "" : report.fits ? ": fits" : ": DOES NOT FIT";
  const estimate = report.exact ? "" : ", an estimate (see the notes)";
  let out = `${report.file}: ${report.promptTokens} prompt tokens${estimate} (${report.model ?? "custom model"}, ${report.encoding}, ${report.formula})\n`;
  const from =
    report.maxTokensSource === "option" || report.maxTokensSource === "default"
      ? ""
      : ` (the body's ${report.maxTokensSource})`;
  const budget = report.maxPromptTokens === null ? "" : `, prompt budget ${report.maxPromptTokens}`;
  out += `  ${window}, max_tokens ${report.maxTokens}${from}${budget}${verdict}\n`;
  for (const breach of report.breaches) out += `  over: ${breach.message}\n`;
  for (const m of report.messages)
    out += `  #${String(m.index).padEnd(4)} ${m.role.padEnd(10)} ${String(m.tokens).padStart(7)}\n`;
  // The request's own parts (definitions, choice parameters, reply priming), each with its method.
  for (const part of report.parts ?? []) {
    if (part.messageIndex !== undefined) continue;
    const what = part.method === "reply-priming" ? "reply priming" : part.path;
    out += `  ${what.padEnd(15)} ${String(part.tokens).padStart(7)}  ${part.method}\n`;
  }
  out += `  formula: ${report.formulaDescription}\n`;
  for (const note of report.notes) out += `  note: ${note}\n`;
  return out;
}

function describeDataset(r: DatasetReport): string {
  const row = (label: string, d: Distribution | null) =>
    d === null
      ? `  ${label}: none\n`
      : `  ${label.padEnd(28)} min ${d.min}, max ${d.max}, mean ${round(d.mean)}, median ${round(d.median)}, p10 ${round(d.p10)}, p90 ${round(d.p90)}\n`;
  let out = `${r.file}: ${examples(r.examples)} (${r.model ?? "custom model"}, ${r.encoding}, ${r.formula})\n`;
  out += row("messages per example", r.messagesPerExample);
  out += row("tokens per example", r.tokensPerExample);
  out += row("assistant tokens per example", r.assistantTokensPerExample);
  out += `  ${examples(r.overLimit)} over the ${r.limit}-token limit (they will be truncated)\n`;
  out += `  ~${r.billableTokens} billable tokens per epoch\n`;
  for (const s of r.skipped) out += `  line ${s.line} skipped: ${s.reason}\n`;
  return out;
}

/** `1 example`, `2 examples`. */
const examples = (n: number, noun = "example") => `${n} ${noun}${n === 1 ? "" : "s"}`;

function round(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

/** Over every file counted: the sum of prompt tokens (datasets: billable tokens per epoch). */
export interface CountTotal {
  readonly counted: number;
  readonly promptTokens: number;
  readonly datasetExamples: number;
  readonly billableTokens: number;
  readonly fits: boolean;
}

export function totalOf(reports: readonly (CountReport | DatasetReport)[]): CountTotal {
  let promptTokens = 0;
  let datasetExamples = 0;
  let billableTokens = 0;
  for (const r of reports) {
    if (r.kind === "dataset") {
      datasetExamples += r.examples;
      billableTokens += r.billableTokens;
    } else promptTokens += r.promptTokens;
  }
  return {
    counted: reports.length,
    promptTokens,
    datasetExamples,
    billableTokens,
    fits: reports.every((r) => r.fits),
  };
}

export function describeTotal(total: CountTotal, failed: number, skipped = 0): string {
  const datasets =
    total.datasetExamples > 0
      ? `, ${examples(total.datasetExamples, "dataset example")} (~${total.billableTokens} billable tokens)`
      : "";
  const notCounted =
    (skipped > 0 ? `, ${skipped} skipped (not prompt files)` : "") +
    (failed > 0 ? `; ${failed} not counted (see above)` : "");
  return `total: ${total.promptTokens} prompt tokens in ${total.counted} ${total.counted === 1 ? "file" : "files"}${datasets}${notCounted}\n`;
}

/** Whether a walked dataset holds conversations, judged as lint does: by its first line that is not blank. */
export async function datasetHoldsConversation(io: Io, file: string, name: string): Promise<boolean> {
  for await (const { text } of readLines(io, file, name)) {
    if (text.trim() !== "") return lineHoldsConversation(text);
  }
  return false;
}
