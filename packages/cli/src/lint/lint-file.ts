import type { RuleId, ValidateOptions, ValidationDiagnostic } from "@chatmlkit/validator";
import { levelOf } from "@chatmlkit/validator";
import { checkExample, structurePaths } from "../dataset/checks.js";
import {
  decodeLines,
  type Line,
  type LineChunk,
  readLineChunks,
  someLine,
  startsUtf16,
} from "../dataset/lines.js";
import { CliError } from "../errors.js";
import { notUtf8 } from "../input/encoding.js";
import { type JsonDocument, parseJson } from "../input/json.js";
import {
  holdsConversation,
  type InputKind,
  lineHoldsConversation,
  mayHoldConversation,
} from "../input/kind.js";
import { isBrokenPromptJson, isPromptJson, isPromptLine, isPromptText } from "../input/prompt.js";
import type { SourceText } from "../input/read.js";
import { holdsPlaceholder, templateVariables } from "../input/template.js";
import type { Io } from "../io.js";
import type { LintSettings } from "./settings.js";
import { type LintMessage, type LintResult, resultOf, sortMessages } from "./types.js";
import { validate } from "./validate.js";

/**
 * Lints a transcript or a JSON document already read into memory. A JSON file
 * a folder walk found (`walked`) is linted only if it holds a conversation
 * (see holdsConversation): undefined when it does not, judged from the one
 * parse lint makes anyway.
 */
export async function lintText(
  source: SourceText,
  kind: Exclude<InputKind, "jsonl">,
  settings: LintSettings,
  walked = false,
): Promise<LintResult | undefined> {
  if (kind === "transcript") {
    const result = await validate(source.text, await templateOptions(source, settings));
    // Code frames quote a file only if it reads as a prompt (see input/prompt.ts).
    return resultOf(
      source.name,
      result.diagnostics.map((d) => fromTranscript(d)),
      framed(settings, isPromptText(source.text)) ? source.text : undefined,
    );
  }
  let json: JsonDocument;
  try {
    json = parseJson(source.text, source.name);
  } catch (error) {
    if (walked && error instanceof CliError && !mayHoldConversation(source.text)) return undefined;
    const found = invalidJson(error, "invalid-json", settings);
    return resultOf(
      source.name,
      found === undefined ? [] : [found],
      framed(settings, isBrokenPromptJson(source.text)) ? source.text : undefined,
    );
  }
  if (walked && !holdsConversation(json.value)) return undefined;
  const result = await validate(json.value, await templateOptions(source, settings));
  return resultOf(
    source.name,
    result.diagnostics.map((d) => fromJson(d, json)),
    framed(settings, isPromptJson(json.value)) ? source.text : undefined,
  );
}

/**
 * validate's options for a file: with `template` (and its declared variables:
 * the sidecar's, else the config's) when it is a template, one that holds a
 * placeholder or any with --template.
 */
async function templateOptions(source: SourceText, settings: LintSettings): Promise<ValidateOptions> {
  if (!settings.template && !holdsPlaceholder(source.text)) return settings.validate;
  const variables = await templateVariables(
    source.path,
    source.name,
    Number.POSITIVE_INFINITY,
    settings.variables,
  );
  return {
    ...settings.validate,
    template: true,
    ...(variables !== undefined && { variables: variables.schema }),
  };
}

/** Whether a result keeps its file's text: only for code frames (a worker would copy it back for nothing). */
const framed = (settings: LintSettings, prompt: boolean) => settings.codeFrames && prompt;

/** A dataset line with problems: its number, its text when code frames need it, and what was found. */
export interface LineProblems {
  readonly number: number;
  readonly text?: string;
  readonly messages: LintMessage[];
}

/**
 * What a chunk of dataset lines holds: its lines with problems, in order, and
 * what is reported once per file, not per example (see DatasetTally in run.ts):
 * how many examples it has, how many of them have no system message, and the
 * first of those (its line, its text when code frames need it, the problem).
 */
export interface ChunkFindings {
  readonly lines: LineProblems[];
  readonly examples: number;
  readonly noSystem: number;
  readonly firstNoSystem?: LineProblems;
}

/** Checks a chunk of dataset lines (in this thread or a worker). */
export type ChunkRunner = (name: string, chunk: LineChunk) => Promise<ChunkFindings>;

/** Checks every line of a chunk; blank lines are skipped (and are no examples). */
export async function lintChunk(
  chunk: LineChunk,
  name: string,
  settings: LintSettings,
): Promise<ChunkFindings> {
  const found: LineProblems[] = [];
  let examples = 0;
  let noSystem = 0;
  let firstNoSystem: LineProblems | undefined;
  for (const line of decodeLines(chunk, name)) {
    if ("notUtf8" in line) {
      examples++;
      // Reported at its line; the lines after it are still checked.
      const severity = level("invalid-encoding", settings);
      if (severity !== undefined)
        found.push({
          number: line.number,
          messages: [problemOf(line.notUtf8, "invalid-encoding", severity)],
        });
      continue;
    }
    if (line.text.trim() === "") continue;
    examples++;
    const { messages, prompt, noSystem: missing } = await lintExampleLine(line, name, settings);
    // A line is quoted only if it reads as an example (see input/prompt.ts).
    const quoted = () => settings.codeFrames && prompt();
    if (missing !== undefined) {
      noSystem++;
      firstNoSystem ??= { number: line.number, messages: [missing], ...(quoted() && { text: line.text }) };
    }
    if (messages.length === 0) continue;
    sortMessages(messages);
    found.push({ number: line.number, messages, ...(quoted() && { text: line.text }) });
  }
  return { lines: found, examples, noSystem, ...(firstNoSystem !== undefined && { firstNoSystem }) };
}

/** Checks chunks in this thread. */
export const inlineRunner =
  (settings: LintSettings): ChunkRunner =>
  (name, chunk) =>
    lintChunk(chunk, name, settings);

/**
 * Lints a JSONL dataset streamed in chunks of lines, so memory stays bounded
 * whatever the file size: chunks go to `runner` (this thread, or worker
 * threads) with at most `inFlight` of them out at once, and each chunk's
 * findings go to `onChunk` in line order, as soon as the chunks before it
 * are done. When `onChunk` returns a promise, reading waits for it
 * (the report is not ready for more). `onBytes` reports progress.
 *
 * A dataset a folder walk found (`walked`) is linted only if a line of its
 * first chunk (that is not all blank) holds a conversation: false when none
 * does (reading stops there, nothing reported), true when it was linted.
 */
export async function lintDataset(
  io: Io,
  file: string,
  name: string,
  runner: ChunkRunner,
  inFlight: number,
  onChunk: (found: ChunkFindings) => void | Promise<void>,
  onBytes: (bytes: number) => void = () => {},
  walked = false,
): Promise<boolean> {
  const pending: Promise<void>[] = [];
  // Reported in submission order: each chunk waits for the one before it.
  let previous: Promise<void> = Promise.resolve();
  let judged = !walked;
  for await (const chunk of readLineChunks(io, file, name)) {
    // A UTF-16 file's lines are noise: the file is reported once, as a whole.
    if (chunk.offset === 0 && startsUtf16(chunk.bytes)) throw notUtf8(chunk.bytes, name);
    if (!judged) {
      // Judged by its first chunk with a line (256 KiB of lines: a broken first line hides nothing),
      // before the chunk goes to a worker, which takes its bytes.
      const verdict = someLine(chunk, lineHoldsConversation);
      if (verdict === false) return false;
      judged = verdict === true;
    }
    const size = chunk.bytes.length;
    const done = runner(name, chunk);
    const after = previous;
    previous = (async () => {
      const found = await done;
      await after;
      onBytes(size);
      await onChunk(found);
    })();
    // Handled here so a failure surfaces where it is awaited, not as an unhandled rejection.
    previous.catch(() => {});
    pending.push(previous);
    if (pending.length >= inFlight) await pending.shift();
  }
  await Promise.all(pending);
  // A walked file with no line that is not blank holds no conversation (and nothing was reported).
  return judged;
}

/**
 * One example of a dataset: the data-prep checks, every validator rule, and
 * the token limit per example when a model is known.
 */
export async function lintExampleLine(
  line: Line,
  name: string,
  settings: LintSettings,
): Promise<{ messages: LintMessage[]; prompt: () => boolean; noSystem?: LintMessage }> {
  const { number, text } = line;
  const messages: LintMessage[] = [];
  let json: JsonDocument;
  try {
    json = parseJson(text, name, number - 1);
  } catch (error) {
    const found = invalidJson(error, "dataset-invalid-json", settings);
    return { messages: found === undefined ? [] : [found], prompt: () => isPromptLine(text) };
  }
  const problems = checkExample(json.value);
  const shown = new Set<string>();
  // Not a problem of this line: the file's one dataset-no-system problem counts it (see run.ts).
  let noSystem: LintMessage | undefined;
  for (const problem of problems) {
    const severity = level(problem.rule, settings);
    if (severity === undefined) continue;
    const at = json.locate(problem.path);
    const message = { ruleId: problem.rule, severity, message: problem.message, ...span(at, at) };
    if (problem.rule === "dataset-no-system") noSystem = message;
    else messages.push(message);
    shown.add(`${problem.rule} ${problem.path}`);
  }
  const result = await validate(json.value, settings.validate);
  // An invalid-message where a data-prep check reported the same structure is the same finding;
  // an example that is not an object with messages (reported at "$") has no messages to judge.
  const reported = structurePaths(problems);
  for (const d of result.diagnostics) {
    if (d.code === "invalid-message" && (reported.has("$") || reported.has(d.path ?? "$"))) continue;
    // The validator's finding that a data-prep check shown at the same place already says.
    const same = SAME_FINDING[d.code];
    if (same !== undefined && shown.has(`${same} ${d.path}`)) continue;
    messages.push(fromJson(d, json));
  }
  const counting =
    settings.validate.model !== undefined ||
    settings.validate.encoding !== undefined ||
    settings.validate.tokenizerFile !== undefined;
  const severity = counting ? level("dataset-too-long", settings) : undefined;
  if (severity !== undefined) {
    const at = json.locate("$");
    // validate counts only well-formed messages: an example it could not count is said to be so.
    const message =
      result.count === undefined
        ? reported.has("$")
          ? undefined
          : `example not counted against the ${settings.maxExampleTokens}-token limit per example: it is not a list of valid messages (see its errors)`
        : result.count.promptTokens > settings.maxExampleTokens
          ? `example is ${result.count.promptTokens} tokens, over the ${settings.maxExampleTokens}-token limit per example`
          : undefined;
    if (message !== undefined)
      messages.push({ ruleId: "dataset-too-long", severity, message, ...span(at, at) });
  }
  // Whether the line reads as an example, from the value already parsed (asked only when it is to be quoted).
  return {
    messages,
    prompt: () => isPromptJson(json.value),
    ...(noSystem !== undefined && { noSystem }),
  };
}

/**
 * Validator rules that say what a data-prep check says at the same path: a role fine-tuning
 * does not accept, a message with empty content, a message key fine-tuning does not take. Only
 * the data-prep finding is shown (when its rule is off, the validator's is).
 */
const SAME_FINDING: Partial<Record<string, RuleId>> = {
  "unknown-role": "dataset-unrecognized-role",
  "empty-content": "dataset-message-missing-key",
  "unknown-field": "dataset-unrecognized-key",
};

/** The severity of a rule lint raises itself (not validate), from the config or the registry; undefined when off. */
export function level(rule: RuleId, settings: LintSettings): 1 | 2 | undefined {
  const configured = levelOf(rule, settings.rules);
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
  const from = json.locate(d.path, d.start, d.key);
  const to = json.locate(d.path, d.end, d.key);
  return { ruleId: d.code, severity: d.severity === "error" ? 2 : 1, message: d.message, ...span(from, to) };
}

/** A file or line the JSON reader refused, as a problem of `ruleId` (undefined when that rule is off). */
function invalidJson(
  error: unknown,
  ruleId: "invalid-json" | "dataset-invalid-json",
  settings: LintSettings,
): LintMessage | undefined {
  if (!(error instanceof CliError)) throw error;
  const severity = level(ruleId, settings);
  return severity === undefined ? undefined : problemOf(error, ruleId, severity);
}

/** An input error as a problem of its file, at its place (1:1 when it has none). */
export function problemOf(error: CliError, ruleId: string, severity: 1 | 2): LintMessage {
  const line = error.location?.line ?? 1;
  const column = error.location?.column ?? 1;
  return { ruleId, severity, message: error.message, line, column, endLine: line, endColumn: column };
}
