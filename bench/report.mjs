// Shared benchmark plumbing: run pairs side by side in one tinybench run, print MB/s and ratios.
import { Bench } from "tinybench";

/** Median latency (ms) of a finished task. */
export function median(task) {
  const result = task.result;
  if (result?.state !== "completed") throw new Error(`benchmark ${task.name} did not complete`);
  return result.latency.p50;
}

/**
 * Runs every function in `tasks` in one Bench, interleaved with its baseline, and returns
 * their median latencies by name.
 */
export async function measure(tasks, { time = 1500 } = {}) {
  const bench = new Bench({ time, warmupTime: 300, warmupIterations: 3, iterations: 5 });
  for (const [name, fn] of Object.entries(tasks)) bench.add(name, fn);
  await bench.run();
  return Object.fromEntries(bench.tasks.map((t) => [t.name, median(t)]));
}

export const mbps = (bytes, ms) => bytes / 1e6 / (ms / 1000);

/** Prints one comparison: ours vs the baseline, with the ratio of throughputs and the target. */
export function compare(label, bytes, ours, baseline, target) {
  const ratio = baseline.ms / ours.ms;
  const verdict = ratio >= target ? "meets" : "BELOW";
  console.log(
    `${label.padEnd(44)} ${mbps(bytes, ours.ms).toFixed(1).padStart(7)} MB/s vs ${baseline.name} ` +
      `${mbps(bytes, baseline.ms).toFixed(1).padStart(7)} MB/s  ratio ${ratio.toFixed(2)} ` +
      `(target >= ${Number(target.toFixed(2))}: ${verdict})`,
  );
  return ratio;
}
