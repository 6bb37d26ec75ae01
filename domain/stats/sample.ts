/*
 * Small counts tell nothing and can point at a person: a share of 3 cases, a percentile of 4
 * durations or one handler's figures are withheld below the minimum sample (STATS_MIN_SAMPLE).
 */

export const DEFAULT_MIN_SAMPLE = 10;

/** part / whole in [0, 1], or null when the whole is below the minimum sample. */
export function shareOrNull(part: number, whole: number, minSample: number): number | null {
  return whole >= minSample && whole > 0 ? part / whole : null;
}

/** The figure, or null when it rests on fewer than the minimum sample. */
export function figureOrNull<T>(figure: T, sample: number, minSample: number): T | null {
  return sample >= minSample ? figure : null;
}
