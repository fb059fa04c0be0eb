import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { type ResourceLimits, Worker } from "node:worker_threads";
import { CliError, type ExitCode, type Location } from "../errors.js";
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

/** A worker ran out of its heap on a task; the task can be run again elsewhere. */
export class WorkerOutOfMemory extends Error {
  override readonly name = "WorkerOutOfMemory";
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
      throw error;
    }
  };

  /** Whether a file is small enough to lint in a worker (an unreadable one is: the worker reports it). */
  async takes(file: string): Promise<boolean> {
    const info = await stat(resolve(this.cwd, file)).catch(() => undefined);
    return info === undefined || info.size <= WORKER_MAX_BYTES;
  }

  /** Reads and lints a transcript or JSON file in a worker (undefined: walked, and no conversation; see lintText). */
  async lintFile(
    file: string,
    kind: Exclude<InputKind, "jsonl">,
    walked = false,
  ): Promise<LintResult | undefined> {
    return (await this.#run({ type: "file", file, kind, walked })).result;
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
    while (this.#queue.length > 0) {
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
      // A worker that failed is gone: forget it, so the queue goes to the others or to a new one.
      const task = this.#running.get(worker);
      this.#running.delete(worker);
      this.#workers.splice(this.#workers.indexOf(worker), 1);
      const code = (error as NodeJS.ErrnoException).code;
      task?.reject(code === "ERR_WORKER_OUT_OF_MEMORY" ? new WorkerOutOfMemory(error.message) : error);
      this.#dispatch();
    });
    this.#workers.push(worker);
    return worker;
  }

  /** Stops every worker. */
  async close(): Promise<void> {
    await Promise.all(this.#workers.map((w) => w.terminate()));
  }
}
