import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { type ResourceLimits, Worker } from "node:worker_threads";
import { CliError, EXIT, type ExitCode, type Location } from "../errors.js";
import type { InputKind } from "../input/kind.js";
import { type ChunkFindings, type ChunkRunner, lintChunk } from "./lint-file.js";
import type { LintSettings } from "./settings.js";
import type { LintResult } from "./types.js";

interface Reply {
  id: number;
  chunk?: ChunkFindings;
  result?: LintResult;
  error?: string;
  cli?: { exitCode: ExitCode; location?: Location };
}

interface Task {
  readonly message: object;
  readonly transfer: ArrayBuffer[];
  readonly resolve: (reply: Reply) => void;
  readonly reject: (error: Error) => void;
}

/**
 * A worker's heap. V8's defaults let a worker pile up ~150 MB of garbage
 * before it collects (measured: a 100 MB dataset with --jobs 2 peaked at
 * 407 MB RSS); a small heap collects sooner and keeps the whole run under
 * 300 MB. Its price is that big inputs do not fit: those stay in the main
 * thread (see WORKER_MAX_BYTES), and a file or chunk that still runs a worker
 * out of memory is linted again in the main thread.
 */
const WORKER_HEAP: ResourceLimits = { maxYoungGenerationSizeMb: 12, maxOldGenerationSizeMb: 64 };

/** Inputs (files, chunks of lines) larger than this are linted in the main thread. */
export const WORKER_MAX_BYTES = 4 * 1024 * 1024;

/** Chunks larger than this (lines longer than ~1 MiB) are copied to a worker, not moved, to allow a retry. */
const KEEP_FOR_RETRY_BYTES = 1024 * 1024;

/**
 * A worker ended before it answered: it failed, or its thread was stopped
 * (`process.exit` in it, `terminate`). Its task was not done; the other
 * workers, and new ones, take the rest of the queue.
 */
export class WorkerStopped extends Error {
  override readonly name: string = "WorkerStopped";
}

/** A worker ran out of its heap on a task; the task can be run again elsewhere. */
export class WorkerOutOfMemory extends WorkerStopped {
  override readonly name = "WorkerOutOfMemory";
}

/** A task a worker stopped on, as a problem of its file: not linted, so the run exits 2 (see run.ts). */
function notLinted(error: WorkerStopped, what: string, location: Location): CliError {
  return new CliError(`${error.message} while linting ${what}: not linted`, EXIT.usage, location);
}

/**
 * Worker threads that lint (tokenizing is the costly part): chunks of
 * dataset lines, or whole files. Each worker takes one task at a time; tasks
 * queue until one is free. Workers start on first use.
 */
export class LintPool {
  readonly #workers: Worker[] = [];
  readonly #idle: Worker[] = [];
  readonly #queue: Task[] = [];
  readonly #running = new Map<Worker, Task>();
  #next = 0;
  #closed = false;

  constructor(
    readonly url: URL,
    readonly size: number,
    readonly settings: LintSettings,
    readonly cwd: string,
    /** Each worker's heap; tests pass a tiny one to see the fallback work. */
    readonly heap: ResourceLimits = WORKER_HEAP,
  ) {}

  /** Checks a chunk of dataset lines in a worker, or here when it is big or ran a worker out of memory. */
  readonly runner: ChunkRunner = async (name, chunk) => {
    if (chunk.bytes.length > WORKER_MAX_BYTES) return lintChunk(chunk, name, this.settings);
    // A usual chunk's bytes move to the worker: copies would pile up here until this quiet heap
    // collects (~30 MB measured). A chunk of long lines is copied, so it can be retried here.
    const keep = chunk.bytes.length > KEEP_FOR_RETRY_BYTES;
    const transfer = keep ? [] : [chunk.bytes.buffer as ArrayBuffer];
    try {
      const { chunk: found } = await this.#run({ type: "chunk", name, chunk }, transfer);
      if (found === undefined) throw new Error("a lint worker sent no findings for a chunk");
      return found;
    } catch (error) {
      if (keep && error instanceof WorkerOutOfMemory) return lintChunk(chunk, name, this.settings);
      // The bytes moved to the worker that stopped: the lines cannot be linted again here.
      if (error instanceof WorkerStopped)
        throw notLinted(error, `the lines from ${chunk.firstLine} on`, { file: name, line: chunk.firstLine });
      throw error;
    }
  };

  /** Whether a file is small enough to lint in a worker (an unreadable one is: the worker reports it). */
  async takes(file: string): Promise<boolean> {
    const info = await stat(resolve(this.cwd, file)).catch(() => undefined);
    return info === undefined || info.size <= WORKER_MAX_BYTES;
  }

  /**
   * Reads and lints a transcript or JSON file in a worker (undefined: walked, and no conversation;
   * see lintText). A worker out of memory is a WorkerOutOfMemory (the caller lints the file again
   * in its own thread); one that stopped otherwise, an unreadable-file CliError of the file.
   */
  async lintFile(
    file: string,
    kind: Exclude<InputKind, "jsonl">,
    walked = false,
  ): Promise<LintResult | undefined> {
    try {
      return (await this.#run({ type: "file", file, kind, walked })).result;
    } catch (error) {
      if (error instanceof WorkerStopped && !(error instanceof WorkerOutOfMemory))
        throw notLinted(error, file, { file });
      throw error;
    }
  }

  #run(task: object, transfer: ArrayBuffer[] = []): Promise<Reply> {
    return new Promise<Reply>((resolve, reject) => {
      this.#queue.push({ message: { id: this.#next++, ...task }, transfer, resolve, reject });
      this.#dispatch();
    }).then((reply) => {
      if (reply.error === undefined) return reply;
      throw reply.cli
        ? new CliError(reply.error, reply.cli.exitCode, reply.cli.location)
        : new Error(reply.error);
    });
  }

  #dispatch(): void {
    while (this.#queue.length > 0 && !this.#closed) {
      const worker = this.#idle.pop() ?? this.#spawn();
      if (worker === undefined) return;
      const task = this.#queue.shift() as Task;
      this.#running.set(worker, task);
      worker.postMessage(task.message, task.transfer);
    }
  }

  #spawn(): Worker | undefined {
    if (this.#workers.length >= this.size) return undefined;
    const worker = new Worker(this.url, {
      workerData: { settings: this.settings, cwd: this.cwd },
      resourceLimits: this.heap,
    });
    worker.on("message", (reply: Reply) => {
      const task = this.#running.get(worker);
      this.#running.delete(worker);
      this.#idle.push(worker);
      task?.resolve(reply);
      this.#dispatch();
    });
    worker.on("error", (error) => {
      const oom = (error as NodeJS.ErrnoException).code === "ERR_WORKER_OUT_OF_MEMORY";
      this.#lost(
        worker,
        oom
          ? new WorkerOutOfMemory("a lint worker ran out of memory")
          : new WorkerStopped(`a lint worker failed (${error.message})`),
      );
    });
    // Also after an "error"; alone when the thread ended without one (process.exit in it).
    worker.on("exit", (code) =>
      this.#lost(worker, new WorkerStopped(`a lint worker stopped (exit code ${code})`)),
    );
    this.#workers.push(worker);
    return worker;
  }

  /** A worker that is gone: forgotten, its task failed, and the queue goes to the others or to a new one. */
  #lost(worker: Worker, error: WorkerStopped): void {
    const at = this.#workers.indexOf(worker);
    if (at < 0) return; // an "exit" after its "error", or after close()
    this.#workers.splice(at, 1);
    const idle = this.#idle.indexOf(worker);
    if (idle >= 0) this.#idle.splice(idle, 1);
    const task = this.#running.get(worker);
    this.#running.delete(worker);
    task?.reject(error);
    this.#dispatch();
  }

  /**
   * Stops every worker. Called when the run is over, or cut short by an error: then what is
   * still queued or running is dropped unsettled, so nothing reports after the run has ended.
   */
  async close(): Promise<void> {
    this.#closed = true;
    const workers = this.#workers.splice(0);
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
