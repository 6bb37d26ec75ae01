/** Where the p-quantile of n ascending values lies: the 0-based ranks either side and the higher one's weight. */
export interface QuantilePosition {
  low: number;
  high: number;
  weight: number;
}

/** Linear interpolation between closest ranks: PostgreSQL's percentile_cont and the usual spreadsheet definition. */
export function quantilePosition(n: number, p: number): QuantilePosition {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`a percentile must be within [0, 1], got ${p}`);
  const rank = p * (n - 1);
  return { low: Math.floor(rank), high: Math.ceil(rank), weight: rank - Math.floor(rank) };
}

/** The p-quantile of n ascending values, each read by its 0-based rank; null for no values. */
export function percentileAt(n: number, p: number, valueAt: (rank: number) => number): number | null {
  const { low, high, weight } = quantilePosition(n, p);
  if (n === 0) return null;
  const a = valueAt(low);
  return a + (valueAt(high) - a) * weight;
}

/** The p-quantile (p in [0, 1]) of ascending values; null for no values. */
export function percentile(sorted: readonly number[], p: number): number | null {
  return percentileAt(sorted.length, p, (rank) => sorted[rank]!);
}

/** `count` values in [bucket, next bucket), buckets ascending. */
export interface HistogramBucket {
  bucket: number;
  count: number;
}

/** How many values the histogram counts. */
export const totalOf = (histogram: readonly HistogramBucket[]) => histogram.reduce((sum, b) => sum + b.count, 0);

/** Each 0-based rank of the histogram's values: the bucket holding it and its 0-based position within the bucket. */
export function locateRanks(histogram: readonly HistogramBucket[], ranks: readonly number[]): Array<{ rank: number; bucket: number; position: number }> {
  const total = totalOf(histogram);
  return ranks.map((rank) => {
    if (!(Number.isInteger(rank) && rank >= 0 && rank < total)) throw new RangeError(`rank ${rank} is not among ${total} values`);
    let before = 0;
    for (const { bucket, count } of histogram) {
      if (rank < before + count) return { rank, bucket, position: rank - before };
      before += count;
    }
    throw new RangeError(`rank ${rank} is not among ${total} values`);
  });
}

/**
 * The p-quantile of values counted by value (each bucket one value, such as whole working days):
 * exactly what percentile_cont gives over the values themselves, without sorting them.
 */
export function percentileOfCounts(histogram: readonly HistogramBucket[], p: number): number | null {
  return percentileAt(totalOf(histogram), p, (rank) => locateRanks(histogram, [rank])[0]!.bucket);
}

/** Figures shown to people: two decimals are more than a day's precision needs. */
export function rounded(value: number | null): number | null {
  return value === null ? null : Math.round(value * 100) / 100;
}
