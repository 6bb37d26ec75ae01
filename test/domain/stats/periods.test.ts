import { describe, expect, it } from 'vitest';
import { defaultRange, isoWeekLabel, localDayStartMs, monthEnd, monthStartBefore, periodCount, periodsOf, MAX_PERIODS } from '../../../domain/stats/periods.js';
import { moroccoLegalTime } from '../../../platform/legal-time.js';

describe('periods of a range', () => {
  it('lists every day, ISO week or month, the first and last cut by the range', () => {
    expect(periodsOf('2026-11-29', '2026-12-02', 'day').map((p) => p.label)).toEqual(['2026-11-29', '2026-11-30', '2026-12-01', '2026-12-02']);
    expect(periodsOf('2026-11-29', '2026-12-09', 'week')).toEqual([
      { label: '2026-W48', start: '2026-11-29' },
      { label: '2026-W49', start: '2026-11-30' },
      { label: '2026-W50', start: '2026-12-07' },
    ]);
    expect(periodsOf('2026-11-15', '2027-01-03', 'month')).toEqual([
      { label: '2026-11', start: '2026-11-15' },
      { label: '2026-12', start: '2026-12-01' },
      { label: '2027-01', start: '2027-01-01' },
    ]);
  });

  it('counts periods as it lists them, and refuses more than the maximum', () => {
    for (const [from, to] of [
      ['2024-02-28', '2024-03-01'],
      ['2026-01-01', '2026-12-31'],
      ['2020-12-31', '2021-01-04'],
    ] as const) {
      for (const groupBy of ['day', 'week', 'month'] as const) expect(periodCount(from, to, groupBy)).toBe(periodsOf(from, to, groupBy).length);
    }
    expect(periodCount('2026-02-01', '2026-01-01', 'day')).toBe(0);
    expect(() => periodsOf('2000-01-01', '2026-01-01', 'day')).toThrow(String(MAX_PERIODS));
  });

  it('labels ISO weeks by the year of their Thursday', () => {
    expect(isoWeekLabel('2026-01-01')).toBe('2026-W01');
    expect(isoWeekLabel('2027-01-01')).toBe('2026-W53');
    expect(isoWeekLabel('2024-12-30')).toBe('2025-W01');
    expect(isoWeekLabel('2026-11-30')).toBe('2026-W49');
  });

  it('defaults to the twelve months up to today', () => {
    expect(defaultRange('2026-12-07')).toEqual({ from: '2026-01-01', to: '2026-12-07' });
    expect(monthStartBefore('2026-03-31', 3)).toBe('2025-12-01');
    expect(monthEnd('2024-02-10')).toBe('2024-02-29');
  });

  it('starts a local day at Morocco’s midnight from the shipped tz data (UTC+0 since 2026-09-20, UTC+1 before)', () => {
    const zone = moroccoLegalTime();
    expect(new Date(localDayStartMs('2026-12-07', zone)).toISOString()).toBe('2026-12-07T00:00:00.000Z');
    expect(new Date(localDayStartMs('2026-06-01', zone)).toISOString()).toBe('2026-05-31T23:00:00.000Z');
  });
});
