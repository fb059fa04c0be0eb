/** The distribution OpenAI's data-prep notebook prints for a dataset. */
export interface Distribution {
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  readonly median: number;
  readonly p10: number;
  readonly p90: number;
}

/** min, max, mean, median, p10 and p90 of `values` (numpy's linear-interpolation quantiles). */
export function distribution(values: readonly number[]): Distribution | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const quantile = (q: number) => {
    const at = (sorted.length - 1) * q;
    const lo = Math.floor(at);
    const hi = Math.ceil(at);
    return (sorted[lo] as number) + ((sorted[hi] as number) - (sorted[lo] as number)) * (at - lo);
  };
  return {
    min: sorted[0] as number,
    max: sorted[sorted.length - 1] as number,
    mean: hundredths(sorted.reduce((s, v) => s + v, 0) / sorted.length),
    median: hundredths(quantile(0.5)),
    p10: hundredths(quantile(0.1)),
    p90: hundredths(quantile(0.9)),
  };
}

/** Token counts are whole: two decimals say all there is, without 2.4000000000000004. */
function hundredths(value: number): number {
  return Math.round(value * 100) / 100;
}
