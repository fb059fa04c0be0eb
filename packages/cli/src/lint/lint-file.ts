import type { ValidationDiagnostic } from "@chatmlkit/validator";
import { validate } from "@chatmlkit/validator";
import { checkExample, DATASET_RULES } from "../dataset/checks.js";
import { readLines } from "../dataset/lines.js";
import { CliError } from "../errors.js";
import { type JsonDocument, parseJson } from "../input/json.js";
import type { InputKind } from "../input/kind.js";
import type { SourceText } from "../input/read.js";
import type { Io } from "../io.js";
import type { LintSettings } from "./settings.js";
import { type LintMessage, type LintResult, resultOf } from "./types.js";

const DATASET_DEFAULTS = new Map(DATASET_RULES.map((r) => [r.id, r.defaultSeverity]));

/** Lints a transcript or a JSON document already read into memory. */
export async function lintText(
  source: SourceText,
  kind: Exclude<InputKind, "jsonl">,
  settings: LintSettings,
): Promise<LintResult> {
  if (kind === "transcript") {
    const result = await validate(source.text, settings.validate);
    return resultOf(
      source.name,
      result.diagnostics.map((d) => fromTranscript(d)),
      source.text,
    );
  }
  let json: JsonDocument;
  try {
    json = parseJson(source.text, source.name);
  } catch (error) {
    return resultOf(source.name, [invalidJson(error)], source.text);
  }
  const result = await validate(json.value, settings.validate);
  return resultOf(
    source.name,
    result.diagnostics.map((d) => fromJson(d, json)),
    source.text,
  );
}

/** One line of a dataset, as lint hands it to whoever checks it (this thread or a worker). */
export interface DatasetLine {
  readonly number: number;
  readonly text: string;
}

/** Checks a batch of lines and returns each line's messages, in order. */
export type BatchRunner = (name: string, lines: readonly DatasetLine[]) => Promise<LintMessage[][]>;

/** Checks lines in this thread. */
export const inlineRunner =
  (settings: LintSettings): BatchRunner =>
  async (name, lines) => {
    const out: LintMessage[][] = [];
    for (const line of lines) out.push(await lintExampleLine(line, name, settings));
    return out;
  };

/** Lines per batch handed to a runner, and batches in flight at once (bounds memory). */
const BATCH = 500;
const IN_FLIGHT = 8;

/**
 * Lints a JSONL dataset line by line, streamed, so memory stays bounded
 * whatever the file size: batches of lines go to `runner` (this thread, or
 * worker threads) with a bounded number in flight, and results are collected
 * in line order. `onBytes` reports progress.
 */
export async function lintDataset(
  io: Io,
  file: string,
  name: string,
  runner: BatchRunner,
  onBytes: (bytes: number) => void = () => {},
): Promise<LintResult & { lines: Map<number, string> }> {
  const messages: LintMessage[] = [];
  const lines = new Map<number, string>();
  const pending: Promise<void>[] = [];
  let batch: DatasetLine[] = [];
  // Results are kept in submission order: each batch waits for the one before it.
  let previous: Promise<void> = Promise.resolve();
  const submit = (work: DatasetLine[]) => {
    const done = runner(name, work);
    const after = previous;
    previous = (async () => {
      const results = await done;
      await after;
      results.forEach((found, i) => {
        if (found.length === 0) return;
        const line = work[i] as DatasetLine;
        for (const m of found) messages.push(m);
        lines.set(line.number, line.text);
      });
    })();
    // Handled here so a failure surfaces where it is awaited, not as an unhandled rejection.
    previous.catch(() => {});
    pending.push(previous);
  };
  for await (const line of readLines(io, file, name)) {
    onBytes(line.text.length + 1);
    if (line.text.trim() === "") continue;
    batch.push(line);
    if (batch.length < BATCH) continue;
    submit(batch);
    batch = [];
    if (pending.length >= IN_FLIGHT) await pending.shift();
  }
  if (batch.length > 0) submit(batch);
  await Promise.all(pending);
  return { ...resultOf(name, messages), lines };
}

/**
 * One example of a dataset: the data-prep checks, every validator rule, and
 * the token limit per example when a model is known.
 */
export async function lintExampleLine(
  line: DatasetLine,
  name: string,
  settings: LintSettings,
): Promise<LintMessage[]> {
  const { number, text } = line;
  const messages: LintMessage[] = [];
  let json: JsonDocument;
  try {
    json = parseJson(text, name, number - 1);
  } catch (error) {
    return [invalidJson(error, "dataset-invalid-json")];
  }
  for (const problem of checkExample(json.value)) {
    const severity = level(problem.rule, settings);
    if (severity === undefined) continue;
    const at = json.locate(problem.path);
    messages.push({ ruleId: problem.rule, severity, message: problem.message, ...span(at, at) });
  }
  const result = await validate(json.value, settings.validate);
  // The data-prep checks above already cover the structure the validator's invalid-message reports.
  for (const d of result.diagnostics) if (d.code !== "invalid-message") messages.push(fromJson(d, json));
  const counting = settings.validate.model !== undefined || settings.validate.encoding !== undefined;
  if (counting && result.count !== undefined && result.count.promptTokens > settings.maxExampleTokens) {
    const severity = level("dataset-too-long", settings);
    const at = json.locate("$");
    if (severity !== undefined) {
      messages.push({
        ruleId: "dataset-too-long",
        severity,
        message: `example is ${result.count.promptTokens} tokens, over the ${settings.maxExampleTokens}-token limit per example`,
        ...span(at, at),
      });
    }
  }
  return messages;
}

function level(rule: string, settings: LintSettings): 1 | 2 | undefined {
  const configured = settings.rules[rule] ?? DATASET_DEFAULTS.get(rule) ?? "error";
  return configured === "off" ? undefined : configured === "warn" ? 1 : 2;
}

function span(from: { line: number; column: number }, to: { line: number; column: number }) {
  return { line: from.line, column: from.column, endLine: to.line, endColumn: to.column };
}

function fromTranscript(d: ValidationDiagnostic): LintMessage {
  return {
    ruleId: d.code,
    severity: d.severity === "error" ? 2 : 1,
    message: d.message,
    line: d.line,
    column: d.column,
    endLine: d.endLine,
    endColumn: d.endColumn,
  };
}

/** A validator diagnostic inside a JSON string, at its line and column in the file. */
function fromJson(d: ValidationDiagnostic, json: JsonDocument): LintMessage {
  const from = json.locate(d.path, d.start);
  const to = json.locate(d.path, d.end);
  return { ruleId: d.code, severity: d.severity === "error" ? 2 : 1, message: d.message, ...span(from, to) };
}

function invalidJson(error: unknown, ruleId = "invalid-json"): LintMessage {
  if (!(error instanceof CliError)) throw error;
  const line = error.location?.line ?? 1;
  const column = error.location?.column ?? 1;
  return { ruleId, severity: 2, message: error.message, line, column, endLine: line, endColumn: column };
}
