/**
 * The p-quantile (p in [0, 1]) of ascending values by linear interpolation between closest ranks,
 * PostgreSQL's percentile_cont and the usual spreadsheet definition; null for no values.
 */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  if (!(p >= 0 && p <= 1)) throw new RangeError(`a percentile must be within [0, 1], got ${p}`);
  const rank = p * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  const a = sorted[low]!;
  return a + (sorted[high]! - a) * (rank - low);
}

/** Figures shown to people: two decimals are more than a day's precision needs. */
export function rounded(value: number | null): number | null {
  return value === null ? null : Math.round(value * 100) / 100;
}
