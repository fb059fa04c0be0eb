import { CliError, EXIT } from "../errors.js";
import { kindOf } from "../input/kind.js";
import { readSource } from "../input/read.js";
import type { Io } from "../io.js";
import type { Progress } from "../output/progress.js";
import { inlineRunner, lintDataset, lintText } from "./lint-file.js";
import { type LintPool, WorkerOutOfMemory } from "./pool.js";
import type { LintSettings } from "./settings.js";
import { type LintMessage, type LintResult, resultOf } from "./types.js";

/** What lint found in every file, in the order the files were named. */
export interface LintRun {
  readonly results: LintResult[];
  /** Line texts of streamed datasets, by file, for code frames. */
  readonly lines: Map<string, Map<number, string>>;
}

export interface LintRunOptions {
  readonly kind: string | undefined;
  readonly stdinName: string | undefined;
  /** Worker threads, if any: datasets send them chunks of lines, other files go whole. */
  readonly pool: LintPool | undefined;
  readonly progress: Progress;
}

/**
 * Lints files, several at a time when there are workers (at most twice as
 * many in flight as workers, so memory stays bounded), and returns the
 * results in input order whatever order they finish in.
 */
export async function lintFiles(
  io: Io,
  files: readonly string[],
  settings: LintSettings,
  options: LintRunOptions,
): Promise<LintRun> {
  const { pool, progress } = options;
  const lines = new Map<string, Map<number, string>>();
  const runner = pool?.runner ?? inlineRunner(settings);
  // enough chunks out to keep every worker busy, few enough to bound memory
  const inFlight = pool === undefined ? 1 : pool.size * 2;
  const lintOne = async (file: string): Promise<LintResult> => {
    const name = file === "-" ? (options.stdinName ?? "<stdin>") : file;
    const kind = kindOf(
      file === "-" ? options.stdinName : file,
      options.kind,
      file === "-" ? "json" : "transcript",
    );
    try {
      if (kind === "jsonl") {
        const result = await lintDataset(io, file, name, runner, inFlight, (bytes) =>
          progress.advance(bytes, name),
        );
        lines.set(name, result.lines);
        return result;
      }
      // stdin can only be read here; other files go to a worker when there are some
      const here = () => readSource(io, file, options.stdinName).then((s) => lintText(s, kind, settings));
      const result =
        pool !== undefined && file !== "-" && (await pool.takes(file))
          ? await pool.lintFile(file, kind).catch((error) => {
              if (error instanceof WorkerOutOfMemory) return here();
              throw error;
            })
          : await here();
      progress.advance(result.source?.length ?? 0, name);
      return result;
    } catch (error) {
      // A file that is not UTF-8 is a problem in that file; the others are still linted.
      if (!(error instanceof CliError) || error.exitCode !== EXIT.problems) throw error;
      return unreadable(name, error);
    }
  };
  const limit = pool === undefined ? 1 : pool.size * 2;
  const running: Promise<LintResult>[] = [];
  const results: LintResult[] = [];
  for (const file of files) {
    const next = lintOne(file);
    // Marked handled: a failure surfaces where it is awaited below, not as an unhandled rejection.
    next.catch(() => {});
    running.push(next);
    if (running.length >= limit) results.push(await (running.shift() as Promise<LintResult>));
  }
  for (const next of running) results.push(await next);
  return { results, lines };
}

function unreadable(name: string, error: CliError): LintResult {
  const line = error.location?.line ?? 1;
  const column = error.location?.column ?? 1;
  const message: LintMessage = {
    ruleId: "invalid-encoding",
    severity: 2,
    message: error.message,
    line,
    column,
    endLine: line,
    endColumn: column,
  };
  return resultOf(name, [message]);
}
