import { Worker } from "node:worker_threads";
import { CliError, type ExitCode, type Location } from "../errors.js";
import type { InputKind } from "../input/kind.js";
import type { BatchRunner } from "./lint-file.js";
import type { LintSettings } from "./settings.js";
import type { LintMessage, LintResult } from "./types.js";

interface Reply {
  id: number;
  results?: LintMessage[][];
  result?: LintResult;
  error?: string;
  cli?: { exitCode: ExitCode; location?: Location };
}

interface Task {
  readonly message: object;
  readonly resolve: (reply: Reply) => void;
  readonly reject: (error: Error) => void;
}

/**
 * Worker threads that lint (tokenizing is the costly part): batches of
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
  ) {}

  /** Checks dataset lines in a worker. */
  readonly runner: BatchRunner = async (name, lines) =>
    (await this.#run({ type: "lines", name, lines })).results ?? [];

  /** Reads and lints a transcript or JSON file in a worker. */
  async lintFile(file: string, kind: Exclude<InputKind, "jsonl">): Promise<LintResult> {
    return (await this.#run({ type: "file", file, kind })).result as LintResult;
  }

  #run(task: object): Promise<Reply> {
    return new Promise<Reply>((resolve, reject) => {
      this.#queue.push({ message: { id: this.#next++, ...task }, resolve, reject });
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
      worker.postMessage(task.message);
    }
  }

  #spawn(): Worker | undefined {
    if (this.#workers.length >= this.size) return undefined;
    const worker = new Worker(this.url, { workerData: { settings: this.settings, cwd: this.cwd } });
    worker.on("message", (reply: Reply) => {
      const task = this.#running.get(worker);
      this.#running.delete(worker);
      this.#idle.push(worker);
      task?.resolve(reply);
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
