// Shared plumbing for the n / 2n / 4n tables: how a cost grows with its input, for the
// denial-of-service paths of issue 9. A linear path doubles (ratio ~2); a quadratic one
// quadruples. Each size is timed as the median of a few runs, in this process.

/** Median wall time (ms) of `runs` calls of `fn` (async or not). */
async function medianMs(fn, runs) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    globalThis.gc?.();
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
}

/**
 * Times `run(input)` for inputs of size n, 2n and 4n (`make(size)` builds one, untimed) and
 * prints one row: the three times and the ratios 2n/n and 4n/2n. A ratio above 3 reads as
 * worse than linear. Returns the ratios.
 *
 * @example
 * await scaling("parse: tiny messages, one write", 50_000, (n) => "x".repeat(n), (s) => parse(s));
 */
export async function scaling(label, n, make, run, { runs = 3, unit = "" } = {}) {
  const sizes = [n, 2 * n, 4 * n];
  const ms = [];
  for (const size of sizes) {
    const input = make(size);
    ms.push(await medianMs(() => run(input), runs));
  }
  const ratios = [ms[1] / ms[0], ms[2] / ms[1]];
  const verdict = Math.max(...ratios) > 3 ? "WORSE THAN LINEAR" : "linear";
  const cells = sizes.map((size, i) => `${size.toLocaleString("en")}${unit} ${ms[i].toFixed(1)} ms`);
  console.log(
    `${label.padEnd(52)} ${cells.map((c) => c.padStart(20)).join(" ")}  ratios ${ratios.map((r) => r.toFixed(2)).join(" / ")} (${verdict})`,
  );
  return ratios;
}

/** Prints the heading of a scaling table. */
export function scalingHeading(title) {
  console.log(`\n# ${title}: n / 2n / 4n (a ratio of ~2 is linear, ~4 quadratic)`);
}
