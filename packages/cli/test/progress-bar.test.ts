// The progress bar (output/progress.ts) on a clock the test sets: nothing in the first second,
// then at most one redraw per 100 ms, its share of the bytes, cleared once; never off a terminal,
// in CI, with --quiet or with nothing to read.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { memoryIo } from "../src/io.js";
import { Progress } from "../src/output/progress.js";

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(0);
});
afterEach(() => vi.useRealTimers());

const at = (ms: number) => vi.setSystemTime(ms);

describe("Progress on a terminal", () => {
  it("draws after a second, throttled, with its share and sizes; clear wipes it once", () => {
    const io = memoryIo({ cwd: "/", tty: true });
    const bar = new Progress(io, 2_000_000, false);
    at(500);
    bar.advance(500_000, "a.jsonl");
    expect(io.err()).toBe("");
    at(1_500);
    bar.advance(500_000, "a.jsonl");
    const half = `\r${"█".repeat(12)}${"░".repeat(12)}  50%  1.0/2.0 MB  a.jsonl\u001b[K`;
    expect(io.err()).toBe(half);
    at(1_550);
    bar.advance(500_000, "b.jsonl");
    expect(io.err()).toBe(half);
    at(1_700);
    // More than the total (a file grew): the bar stops at 100%.
    bar.advance(1_500_000, "b.jsonl");
    const full = `\r${"█".repeat(24)} 100%  3.0/2.0 MB  b.jsonl\u001b[K`;
    expect(io.err()).toBe(half + full);
    bar.clear();
    bar.finish();
    expect(io.err()).toBe(`${half + full}\r\u001b[K`);
  });

  it.each([
    ["off a terminal", { tty: false }, false, 100],
    ["in CI", { tty: true, env: { CI: "true" } }, false, 100],
    ["with --quiet", { tty: true }, true, 100],
    ["with nothing to read", { tty: true }, false, 0],
  ])("draws nothing %s", (_what, options, quiet, total) => {
    const io = memoryIo({ cwd: "/", ...options });
    const bar = new Progress(io, total, quiet);
    at(5_000);
    bar.advance(50, "a");
    bar.finish();
    expect(io.err()).toBe("");
  });
});
