import { readFile, stat } from "node:fs/promises";
import { resolve } from "node:path";
import { CliError, EXIT } from "../errors.js";
import { kindOfInput, mayHoldConversation } from "../input/kind.js";
import { readSource } from "../input/read.js";
import type { Io } from "../io.js";
import type { Progress } from "../output/progress.js";
import type { LintCache } from "./cache.js";
import { replayed } from "./cache.js";
import type { FoundFile } from "./files.js";
import { InOrder } from "./in-order.js";
import {
  type ChunkFindings,
  inlineRunner,
  type LineProblems,
  level,
  lintDataset,
  lintText,
  problemOf,
} from "./lint-file.js";
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
  /** Datasets linted (from the cache or not): whether a note on dataset-too-long concerns the run. */
  readonly datasets: number;
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
  /** `--cache`: files whose bytes and settings a run has seen before are reported from it, not linted. */
  readonly cache?: LintCache;
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
  let datasets = 0;
  const { cache } = options;
  const lintOne = async (input: LintInput, index: number): Promise<void> => {
    const { file, walked } = typeof input === "string" ? { file: input, walked: false } : input;
    const name = file === "-" ? (options.stdinName ?? "<stdin>") : file;
    const kind = kindOfInput(file, options.stdinName, options.kind);
    // stdin is never cached; a file that cannot be hashed now is linted, and reported, as usual.
    const path = resolve(io.cwd, file);
    const cached =
      cache === undefined || file === "-"
        ? undefined
        : await cache.keyOf(io, file, kind, name, walked).catch(() => undefined);
    const hit = cached === undefined ? undefined : cache?.get(path, cached.key);
    if (hit !== undefined && cached !== undefined) {
      for (const part of hit.parts) await order.add(index, replayed(name, part));
      progress.advance(cached.bytes, name);
      if (kind === "jsonl" && hit.linted) datasets++;
      if (!hit.linted) skipped++;
      order.end(index, hit.linted ? name : undefined);
      return;
    }
    // With a cache, a file's parts are kept until the run ends, to be written to it.
    const parts: ReportPart[] = [];
    const report = (part: ReportPart) => {
      if (cached !== undefined) parts.push(part);
      return order.add(index, part);
    };
    let linted = true;
    let readable = true;
    try {
      if (kind === "jsonl") {
        const tally = new DatasetTally();
        linted = await lintDataset(
          io,
          file,
          name,
          runner,
          inFlight,
          (found) => {
            tally.add(found);
            if (found.lines.length > 0) return report(datasetPart(name, found.lines));
          },
          (bytes) => progress.advance(bytes, name),
          walked,
        );
        const summary = tally.noSystem();
        if (linted && summary !== undefined) await report(datasetPart(name, [summary]));
        if (linted) datasets++;
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
        readable = false;
        await report({ filePath: name, messages: [problemOf(error, UNREADABLE_FILE, 2)] });
      }
    }
    if (!linted) skipped++;
    // What could not be read is no finding about the file's bytes: the next run tries again.
    if (cached !== undefined && readable) cache?.set(path, cached.key, linted, parts);
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
  return { results: collected?.results ?? [], skipped, unreadable, datasets };
}

/**
 * The run's one note when datasets were linted without a tokenizer: dataset-too-long
 * (the limit per example) counts tokens, so it was not checked. Undefined when it was,
 * or when the rule is off.
 */
export function lengthCheckSkipped(settings: LintSettings): string | undefined {
  const { model, encoding, tokenizerFile } = settings.validate;
  if (model !== undefined || encoding !== undefined || tokenizerFile !== undefined) return undefined;
  if (level("dataset-too-long", settings) === undefined) return undefined;
  return `chatml: dataset-too-long was not checked (no model to count tokens with): give --model or --encoding (or "model" in the config) to check each example against the ${settings.maxExampleTokens}-token limit`;
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

/**
 * What a dataset's chunks add up to, in whatever thread each was linted:
 * dataset-no-system is one problem per file, at the first example without a
 * system message, saying how many of the examples have none (a dataset
 * without any would otherwise repeat it on every line).
 */
export class DatasetTally {
  #examples = 0;
  #noSystem = 0;
  #first: LineProblems | undefined;

  /** A chunk's findings, chunks in line order. */
  add(found: ChunkFindings): void {
    this.#examples += found.examples;
    this.#noSystem += found.noSystem;
    this.#first ??= found.firstNoSystem;
  }

  /** The file's dataset-no-system problem, at its first such example; undefined when every example has one. */
  noSystem(): LineProblems | undefined {
    const first = this.#first;
    const problem = first?.messages[0];
    if (first === undefined || problem === undefined) return undefined;
    const n = this.#noSystem;
    const message = `${n} of ${this.#examples} examples ${n === 1 ? "has" : "have"} no system message`;
    return { ...first, messages: [{ ...problem, message }] };
  }
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
