import type { Io } from "../io.js";

/**
 * A one-line progress bar on stderr, for runs that last more than a second,
 * and only on a terminal: never in CI, in a pipe, or with --quiet.
 */
export class Progress {
  readonly #started = Date.now();
  readonly #enabled: boolean;
  #done = 0;
  #shownAt = 0;
  #shown = false;

  constructor(
    private readonly io: Io,
    private readonly total: number,
    quiet: boolean,
  ) {
    this.#enabled = io.stderr.isTTY && !quiet && !io.env.CI && total > 0;
  }

  /** `bytes` more are done, of `label`. */
  advance(bytes: number, label: string): void {
    this.#done += bytes;
    if (!this.#enabled) return;
    const now = Date.now();
    if (now - this.#started < 1000 || now - this.#shownAt < 100) return;
    this.#shownAt = now;
    this.#shown = true;
    const share = Math.min(1, this.#done / this.total);
    const width = 24;
    const bar = "█".repeat(Math.round(share * width)).padEnd(width, "░");
    const mb = (n: number) => (n / 1e6).toFixed(1);
    this.io.stderr.write(
      `\r${bar} ${(share * 100).toFixed(0).padStart(3)}%  ${mb(this.#done)}/${mb(this.total)} MB  ${label}\u001b[K`,
    );
  }

  /** Clears the bar, which the next advance draws again (the report is written meanwhile). */
  clear(): void {
    if (!this.#shown) return;
    this.io.stderr.write("\r\u001b[K");
    this.#shown = false;
  }

  /** Clears the bar. */
  finish(): void {
    this.clear();
  }
}
