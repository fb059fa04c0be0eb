import { readFile, stat } from "node:fs/promises";
import { resolve } from "node:path";
import { CliError, EXIT } from "../errors.js";
import { kindOf, mayHoldConversation } from "../input/kind.js";
import { readSource } from "../input/read.js";
import type { Io } from "../io.js";
import type { Progress } from "../output/progress.js";
import type { FoundFile } from "./files.js";
import { InOrder } from "./in-order.js";
import { inlineRunner, type LineProblems, level, lintDataset, lintText, problemOf } from "./lint-file.js";
import { type LintPool, WorkerOutOfMemory } from "./pool.js";
import type { LintSettings } from "./settings.js";
import { type LintMessage, type LintResult, type Reporter, type ReportPart, resultOf } from "./types.js";

/** What lint found in every file, in the order the files were named (when no reporter was given). */
export interface LintRun {
  readonly results: LintResult[];
  /** Walked files left out for what they hold (JSON that is no conversation): in no report. */
  readonly skipped: number;
  /** Files that could not be read (reported as an `unreadable-file` problem each): the run exits 2. */
  readonly unreadable: number;
}

/** The rule id of a file lint could not read (permission denied, gone, a line too long): not a rule one can turn off. */
export const UNREADABLE_FILE = "unreadable-file";

export interface LintRunOptions {
  readonly kind: string | undefined;
  readonly stdinName: string | undefined;
  /** Worker threads, if any: datasets send them chunks of lines, other files go whole. */
  readonly pool: LintPool | undefined;
  readonly progress: Progress;
  /** Where findings go as they are ready; without one, they are collected into `results`. */
  readonly reporter?: Reporter;
}

/** A file to lint: a path, or one a folder walk found (linted only if it holds a conversation, when JSON). */
export type LintInput = string | FoundFile;

/**
 * Lints files, several at a time when there are workers (at most twice as
 * many in flight as workers, so memory stays bounded), and reports their
 * findings in input order whatever order they finish in: a dataset's as
 * each chunk is done, another file's when it is. A walked JSON or JSONL file
 * that holds no conversation is skipped: nothing reported, not even its end.
 * A file that cannot be read is reported as a problem of its own and the
 * others are still linted.
 */
export async function lintFiles(
  io: Io,
  files: readonly LintInput[],
  settings: LintSettings,
  options: LintRunOptions,
): Promise<LintRun> {
  const { pool, progress } = options;
  const collected = options.reporter === undefined ? collector() : undefined;
  const order = new InOrder(options.reporter ?? (collected as Collector));
  const runner = pool?.runner ?? inlineRunner(settings);
  // enough chunks out to keep every worker busy, few enough to bound memory
  const inFlight = pool === undefined ? 1 : pool.size * 2;
  let skipped = 0;
  let unreadable = 0;
  const lintOne = async (input: LintInput, index: number): Promise<void> => {
    const { file, walked } = typeof input === "string" ? { file: input, walked: false } : input;
    const name = file === "-" ? (options.stdinName ?? "<stdin>") : file;
    const kind = kindOf(
      file === "-" ? options.stdinName : file,
      options.kind,
      file === "-" ? "json" : "transcript",
    );
    const report = (part: ReportPart) => order.add(index, part);
    let linted = true;
    try {
      if (kind === "jsonl") {
        linted = await lintDataset(
          io,
          file,
          name,
          runner,
          inFlight,
          (found) => report(datasetPart(name, found)),
          (bytes) => progress.advance(bytes, name),
          walked,
        );
      } else {
        // stdin can only be read here; other files go to a worker when there are some
        const here = () =>
          readSource(io, file, options.stdinName).then((s) => lintText(s, kind, settings, walked));
        const result =
          pool !== undefined && file !== "-" && (await pool.takes(file))
            ? await pool.lintFile(file, kind, walked).catch((error) => {
                if (error instanceof WorkerOutOfMemory) return here();
                throw error;
              })
            : await here();
        progress.advance(file === "-" ? 0 : await sizeOf(io, file), name);
        linted = result !== undefined;
        if (result !== undefined && result.messages.length > 0) await report(result);
      }
    } catch (error) {
      if (!(error instanceof CliError)) throw error;
      if (error.exitCode === EXIT.problems) {
        // A file that is not UTF-8 is a problem in that file; the others are still linted.
        // (A dataset's lines before the bad bytes have been reported already.) A walked JSON
        // file is judged by its text read leniently: bytes that are not UTF-8 hide no conversation.
        linted = !(walked && kind === "json") || (await mayBeConversation(io, file));
        const severity = level("invalid-encoding", settings);
        if (linted && severity !== undefined)
          await report({ filePath: name, messages: [problemOf(error, "invalid-encoding", severity)] });
      } else {
        // Unreadable (permission denied, gone since the walk, a dataset line too long): said in
        // the report as a problem of the file, the rest still linted; the run exits 2.
        unreadable++;
        await report({ filePath: name, messages: [problemOf(error, UNREADABLE_FILE, 2)] });
      }
    }
    if (!linted) skipped++;
    order.end(index, linted ? name : undefined);
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
  return { results: collected?.results ?? [], skipped, unreadable };
}

/** Whether a JSON file that is not UTF-8 may still be a conversation (its text, bad bytes replaced). */
async function mayBeConversation(io: Io, file: string): Promise<boolean> {
  const bytes = await readFile(resolve(io.cwd, file)).catch(() => undefined);
  return bytes !== undefined && mayHoldConversation(new TextDecoder().decode(bytes));
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
