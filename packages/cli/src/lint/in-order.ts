import type { Reporter, ReportPart } from "./types.js";

/** A later file holds at most this many parts (chunks of a dataset) before it waits for its turn. */
const HOLD_PARTS = 2;

interface Held {
  readonly parts: ReportPart[];
  readonly waiting: (() => void)[];
  /** Set once the file is done: its path, or undefined for a file that was skipped. */
  ended?: { readonly filePath: string | undefined };
}

/**
 * Passes parts to a reporter in file order while files are linted several at
 * a time: the first unfinished file's parts go straight through, a later
 * file's are held until its turn. A later dataset that has a few parts held
 * is told to wait (`add` returns a promise), so it stops reading and what is
 * held stays bounded.
 */
export class InOrder {
  #head = 0;
  readonly #held = new Map<number, Held>();

  constructor(private readonly reporter: Reporter) {}

  /** Part of file `index`; a promise when that file should wait before it sends more. */
  add(index: number, part: ReportPart): void | Promise<void> {
    if (index === this.#head) {
      this.reporter.add(part);
      return;
    }
    const held = this.#slot(index);
    held.parts.push(part);
    if (held.parts.length < HOLD_PARTS) return;
    return new Promise((resolve) => held.waiting.push(resolve));
  }

  /**
   * File `index` is done: the reporter is told so in its turn, unless
   * `filePath` is undefined (a file skipped, with nothing added: it is no
   * file of the report).
   */
  end(index: number, filePath: string | undefined): void {
    if (index !== this.#head) {
      this.#slot(index).ended = { filePath };
      return;
    }
    if (filePath !== undefined) this.reporter.endFile(filePath);
    this.#head++;
    for (let held = this.#held.get(this.#head); held !== undefined; held = this.#held.get(this.#head)) {
      this.#held.delete(this.#head);
      for (const part of held.parts) this.reporter.add(part);
      for (const wake of held.waiting) wake();
      if (held.ended === undefined) return;
      if (held.ended.filePath !== undefined) this.reporter.endFile(held.ended.filePath);
      this.#head++;
    }
  }

  #slot(index: number): Held {
    let held = this.#held.get(index);
    if (held === undefined) {
      held = { parts: [], waiting: [] };
      this.#held.set(index, held);
    }
    return held;
  }
}
