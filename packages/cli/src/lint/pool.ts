import { Worker } from "node:worker_threads";
import type { BatchRunner, DatasetLine } from "./lint-file.js";
import type { LintSettings } from "./settings.js";
import type { LintMessage } from "./types.js";

interface Task {
  readonly id: number;
  readonly name: string;
  readonly lines: readonly DatasetLine[];
  readonly resolve: (results: LintMessage[][]) => void;
  readonly reject: (error: Error) => void;
}

/**
 * Worker threads that check dataset lines (tokenizing is the costly part).
 * Each worker takes one batch at a time; batches queue until one is free.
 * Workers start on first use, so small runs pay nothing.
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
  ) {}

  readonly runner: BatchRunner = (name, lines) =>
    new Promise((resolve, reject) => {
      this.#queue.push({ id: this.#next++, name, lines, resolve, reject });
      this.#dispatch();
    });

  #dispatch(): void {
    while (this.#queue.length > 0) {
      const worker = this.#idle.pop() ?? this.#spawn();
      if (worker === undefined) return;
      const task = this.#queue.shift() as Task;
      this.#running.set(worker, task);
      worker.postMessage({ id: task.id, name: task.name, lines: task.lines });
    }
  }

  #spawn(): Worker | undefined {
    if (this.#workers.length >= this.size) return undefined;
    const worker = new Worker(this.url, { workerData: { settings: this.settings } });
    worker.on("message", (reply: { id: number; results?: LintMessage[][]; error?: string }) => {
      const task = this.#running.get(worker);
      this.#running.delete(worker);
      this.#idle.push(worker);
      if (task !== undefined) {
        if (reply.error !== undefined) task.reject(new Error(reply.error));
        else task.resolve(reply.results ?? []);
      }
      this.#dispatch();
    });
    worker.on("error", (error) => {
      const task = this.#running.get(worker);
      this.#running.delete(worker);
      task?.reject(error);
    });
    this.#workers.push(worker);
    return worker;
  }

  /** Stops every worker. */
  async close(): Promise<void> {
    await Promise.all(this.#workers.map((w) => w.terminate()));
  }
}
