import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { CliError, EXIT } from "../errors.js";
import { kindOf } from "../input/kind.js";
import { readSource } from "../input/read.js";
import type { Io } from "../io.js";
import type { Progress } from "../output/progress.js";
import { InOrder } from "./in-order.js";
import { inlineRunner, type LineProblems, level, lintDataset, lintText } from "./lint-file.js";
import { type LintPool, WorkerOutOfMemory } from "./pool.js";
import type { LintSettings } from "./settings.js";
import { type LintMessage, type LintResult, type Reporter, type ReportPart, resultOf } from "./types.js";

/** What lint found in every file, in the order the files were named (when no reporter was given). */
export interface LintRun {
  readonly results: LintResult[];
}

export interface LintRunOptions {
  readonly kind: string | undefined;
  readonly stdinName: string | undefined;
  /** Worker threads, if any: datasets send them chunks of lines, other files go whole. */
  readonly pool: LintPool | undefined;
  readonly progress: Progress;
  /** Where findings go as they are ready; without one, they are collected into `results`. */
  readonly reporter?: Reporter;
}

/**
 * Lints files, several at a time when there are workers (at most twice as
 * many in flight as workers, so memory stays bounded), and reports their
 * findings in input order whatever order they finish in: a dataset's as
 * each chunk is done, another file's when it is.
 */
export async function lintFiles(
  io: Io,
  files: readonly string[],
  settings: LintSettings,
  options: LintRunOptions,
): Promise<LintRun> {
  const { pool, progress } = options;
  const collected = options.reporter === undefined ? collector() : undefined;
  const order = new InOrder(options.reporter ?? (collected as Collector));
  const runner = pool?.runner ?? inlineRunner(settings);
  // enough chunks out to keep every worker busy, few enough to bound memory
  const inFlight = pool === undefined ? 1 : pool.size * 2;
  const lintOne = async (file: string, index: number): Promise<void> => {
    const name = file === "-" ? (options.stdinName ?? "<stdin>") : file;
    const kind = kindOf(
      file === "-" ? options.stdinName : file,
      options.kind,
      file === "-" ? "json" : "transcript",
    );
    const report = (part: ReportPart) => order.add(index, part);
    try {
      if (kind === "jsonl") {
        await lintDataset(
          io,
          file,
          name,
          runner,
          inFlight,
          (found) => report(datasetPart(name, found)),
          (bytes) => progress.advance(bytes, name),
        );
      } else {
        // stdin can only be read here; other files go to a worker when there are some
        const here = () => readSource(io, file, options.stdinName).then((s) => lintText(s, kind, settings));
        const result =
          pool !== undefined && file !== "-" && (await pool.takes(file))
            ? await pool.lintFile(file, kind).catch((error) => {
                if (error instanceof WorkerOutOfMemory) return here();
                throw error;
              })
            : await here();
        progress.advance(file === "-" ? 0 : await sizeOf(io, file), name);
        if (result.messages.length > 0) await report(result);
      }
    } catch (error) {
      // A file that is not UTF-8 is a problem in that file; the others are still linted.
      // (A dataset's lines before the bad bytes have been reported already.)
      if (!(error instanceof CliError) || error.exitCode !== EXIT.problems) throw error;
      const severity = level("invalid-encoding", settings);
      if (severity !== undefined) await report({ filePath: name, messages: [unreadable(error, severity)] });
    }
    order.end(index, name);
  };
  const limit = pool === undefined ? 1 : pool.size * 2;
  const running: Promise<void>[] = [];
  for (const [index, file] of files.entries()) {
    const next = lintOne(file, index);
    // Marked handled: a failure surfaces where it is awaited below, not as an unhandled rejection.
    next.catch(() => {});
    running.push(next);
    if (running.length >= limit) await running.shift();
  }
  for (const next of running) await next;
  return { results: collected?.results ?? [] };
}

/** A file's size in bytes, for the progress bar (0 if it cannot be read now). */
async function sizeOf(io: Io, file: string): Promise<number> {
  return (await stat(resolve(io.cwd, file)).catch(() => undefined))?.size ?? 0;
}

/** A chunk's lines with problems, as a part of the report. */
function datasetPart(filePath: string, found: readonly LineProblems[]): ReportPart {
  const messages: LintMessage[] = [];
  const lines = new Map<number, string>();
  for (const line of found) {
    for (const m of line.messages) messages.push(m);
    if (line.text !== undefined) lines.set(line.number, line.text);
  }
  return { filePath, messages, lines };
}

interface Collector extends Reporter {
  readonly results: LintResult[];
}

/** Collects each file's parts into one result (for callers that want results, not a report). */
function collector(): Collector {
  const results: LintResult[] = [];
  let messages: LintMessage[] = [];
  let source: string | undefined;
  return {
    results,
    add(part) {
      for (const m of part.messages) messages.push(m);
      source ??= part.source;
    },
    endFile(filePath) {
      results.push(resultOf(filePath, messages, source));
      messages = [];
      source = undefined;
    },
  };
}

function unreadable(error: CliError, severity: 1 | 2): LintMessage {
  const line = error.location?.line ?? 1;
  const column = error.location?.column ?? 1;
  return {
    ruleId: "invalid-encoding",
    severity,
    message: error.message,
    line,
    column,
    endLine: line,
    endColumn: column,
  };
}
