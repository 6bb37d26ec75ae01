/** How stable a monthly series is: the figure the administration is judged on for complaints. */
export interface Stability {
  months: number;
  mean: number | null;
  /** population standard deviation over the mean; null when the mean is 0 or the series too small */
  coefficientOfVariation: number | null;
  /** least-squares slope, in cases per month */
  trendPerMonth: number | null;
}

/**
 * Mean, coefficient of variation and least-squares trend of monthly counts. With fewer cases in
 * all than the minimum sample, the variation and the trend are noise and are withheld.
 */
export function stabilityOf(counts: readonly number[], minSample: number): Stability {
  const n = counts.length;
  if (n === 0) return { months: 0, mean: null, coefficientOfVariation: null, trendPerMonth: null };
  const total = counts.reduce((a, b) => a + b, 0);
  const mean = total / n;
  if (total < minSample) return { months: n, mean, coefficientOfVariation: null, trendPerMonth: null };
  const variance = counts.reduce((a, c) => a + (c - mean) ** 2, 0) / n;
  const xMean = (n - 1) / 2;
  const sxx = counts.reduce((a, _c, i) => a + (i - xMean) ** 2, 0);
  const sxy = counts.reduce((a, c, i) => a + (i - xMean) * (c - mean), 0);
  return {
    months: n,
    mean,
    coefficientOfVariation: mean > 0 ? Math.sqrt(variance) / mean : null,
    trendPerMonth: sxx > 0 ? sxy / sxx : 0,
  };
}

/** (current − previous) / previous, null when the previous month is below the minimum sample. */
export function changeFrom(previous: number, current: number, minSample: number): number | null {
  return previous >= minSample && previous > 0 ? (current - previous) / previous : null;
}
