// Shared benchmark plumbing: run pairs side by side in one tinybench run, print MB/s and ratios.
import { Bench } from "tinybench";

/** Median latency (ms) of a finished task. */
export function median(task) {
  const result = task.result;
  if (result?.state !== "completed") throw new Error(`benchmark ${task.name} did not complete`);
  return result.latency.p50;
}

/**
 * Runs every function in `tasks` beside its baseline and returns their median latencies by
 * name. The tasks take turns over several rounds (a Bench each), and each task's figure is
 * the median of its rounds: a burst of load on this machine then skews one round of one
 * task, not the whole comparison.
 */
export async function measure(tasks, { time = 1500, rounds = 3 } = {}) {
  const perRound = Object.fromEntries(Object.keys(tasks).map((name) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    const bench = new Bench({ time: time / rounds, warmupTime: 100, warmupIterations: 3, iterations: 5 });
    // Each task starts on a collected heap, not on the garbage of the one before it
    // (the jinja baseline leaves a lot); `pnpm bench` runs node with --expose-gc.
    for (const [name, fn] of Object.entries(tasks))
      bench.add(name, fn, { beforeAll: () => globalThis.gc?.() });
    await bench.run();
    for (const task of bench.tasks) perRound[task.name].push(median(task));
  }
  return Object.fromEntries(
    Object.entries(perRound).map(([name, ms]) => [name, ms.sort((a, b) => a - b)[Math.floor(ms.length / 2)]]),
  );
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
