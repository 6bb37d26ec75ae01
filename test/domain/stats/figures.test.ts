import { describe, expect, it } from 'vitest';
import { nationalCalendar } from '../../../domain/calendar/national-calendar.js';
import { workingDaysBetween } from '../../../domain/calendar/working-days.js';
import { addDays } from '../../../domain/stats/periods.js';
import { ageBandOf, ageBandThresholds } from '../../../domain/stats/age-bands.js';
import { locateRanks, percentile, percentileOfCounts, rounded } from '../../../domain/stats/percentiles.js';
import { figureOrNull, shareOrNull } from '../../../domain/stats/sample.js';
import { changeFrom, stabilityOf } from '../../../domain/stats/stability.js';

describe('percentiles', () => {
  it('interpolate between closest ranks, as percentile_cont does', () => {
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(percentile([0, 10], 0.9)).toBe(9);
    expect(percentile([7], 0.95)).toBe(7);
    expect(percentile([], 0.5)).toBeNull();
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.95)).toBeCloseTo(9.55, 10);
    expect(() => percentile([1], 1.5)).toThrow(/within/);
    expect(rounded(1.23456)).toBe(1.23);
    expect(rounded(null)).toBeNull();
  });
});

describe('percentiles of counted values', () => {
  it('equal the percentiles of the values themselves, whatever the counts', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let trial = 0; trial < 200; trial++) {
      const histogram = Array.from({ length: 1 + Math.floor(random() * 12) }, (_, i) => ({ bucket: i * 3 + Math.floor(random() * 3), count: Math.floor(random() * 5) }));
      const values = histogram.flatMap((b) => Array<number>(b.count).fill(b.bucket));
      for (const p of [0, 0.5, 0.9, 0.95, 1]) expect(percentileOfCounts(histogram, p)).toBe(percentile(values, p));
    }
    expect(percentileOfCounts([], 0.5)).toBeNull();
    expect(percentileOfCounts([{ bucket: 4, count: 0 }], 0.5)).toBeNull();
  });

  it('find the bucket and the place in it of each rank', () => {
    const histogram = [
      { bucket: 0, count: 2 },
      { bucket: 1, count: 0 },
      { bucket: 2, count: 3 },
    ];
    expect(locateRanks(histogram, [0, 1, 2, 4])).toEqual([
      { rank: 0, bucket: 0, position: 0 },
      { rank: 1, bucket: 0, position: 1 },
      { rank: 2, bucket: 2, position: 0 },
      { rank: 4, bucket: 2, position: 2 },
    ]);
    expect(() => locateRanks(histogram, [5])).toThrow(/not among 5/);
    expect(() => locateRanks(histogram, [-1])).toThrow(/not among/);
  });
});

describe('the minimum sample', () => {
  it('withholds a share of fewer cases, never a share of 3', () => {
    expect(shareOrNull(2, 3, 10)).toBeNull();
    expect(shareOrNull(7, 10, 10)).toBe(0.7);
    expect(shareOrNull(0, 0, 0)).toBeNull();
    expect(figureOrNull(4.5, 9, 10)).toBeNull();
    expect(figureOrNull(4.5, 10, 10)).toBe(4.5);
  });
});

describe('the stability of monthly complaints', () => {
  it('gives the mean, the coefficient of variation and the least-squares trend', () => {
    const flat = stabilityOf(Array(12).fill(20), 10);
    expect(flat).toEqual({ months: 12, mean: 20, coefficientOfVariation: 0, trendPerMonth: 0 });
    const rising = stabilityOf([10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 32], 10);
    expect(rising.trendPerMonth).toBeCloseTo(2, 10);
    expect(rising.mean).toBe(21);
    // population standard deviation of an arithmetic series of step 2 over 12 terms: 2·√((12²−1)/12)
    expect(rising.coefficientOfVariation).toBeCloseTo((2 * Math.sqrt(143 / 12)) / 21, 10);
  });

  it('withholds the variation and the trend of a series holding fewer complaints than the minimum sample', () => {
    expect(stabilityOf([1, 0, 2, 0, 0, 1, 0, 0, 0, 1, 0, 0], 10)).toMatchObject({ mean: 0.4166666666666667, coefficientOfVariation: null, trendPerMonth: null });
    expect(changeFrom(20, 25, 10)).toBe(0.25);
    expect(changeFrom(4, 8, 10)).toBeNull();
  });
});

describe('backlog age bands', () => {
  const calendar = nationalCalendar([2026, 2027]);

  it('put each submission date in the band of its age in working days, as the thresholds say', () => {
    const today = '2026-12-07';
    const thresholds = ageBandThresholds(calendar, today);
    expect(thresholds.map((t) => t.label)).toEqual(['0-5', '6-10', '11-20', '21-40', '41+']);
    expect(thresholds.at(-1)!.since).toBeNull();
    for (let back = 0; back <= 90; back++) {
      const submitted = addDays(today, -back);
      const band = ageBandOf(workingDaysBetween(calendar, submitted, today));
      const byThreshold = thresholds.find((t) => t.since === null || submitted >= t.since)!.label;
      expect(byThreshold, submitted).toBe(band);
    }
  });

  it('skip holidays: 6 November (Green March) and 18 November (Independence Day) do not age a case', () => {
    // From 2026-11-19 back, 6 working days reach before the 18th, a holiday.
    const since = ageBandThresholds(calendar, '2026-11-20')[0]!.since!;
    expect(workingDaysBetween(calendar, since, '2026-11-20')).toBe(5);
    expect(workingDaysBetween(calendar, addDays(since, -1), '2026-11-20')).toBe(6);
  });
});
