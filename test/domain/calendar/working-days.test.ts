import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BusinessCalendar, Holiday } from '../../../domain/calendar/types.js';
import {
  addCalendarDays,
  addWorkingDays,
  isWorkingDay,
  nationalCalendar,
  nonWorkingReason,
  weekendOnlyCalendar,
  workingDaysBetween,
} from '../../../domain/calendar/working-days.js';
import { addDays } from '../../support/dates.js';
import { MOROCCO_TIME_ZONE } from '../../../domain/calendar/national-calendar.js';

const YEARS = Array.from({ length: 13 }, (_, i) => 2024 + i);
const national = nationalCalendar(YEARS);

/** Day-by-day reference count, independent of the week arithmetic under test. */
function slowWorkingDaysBetween(cal: BusinessCalendar, from: string, to: string): number {
  let count = 0;
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (isWorkingDay(cal, d)) count++;
  return count;
}

const dateIn2024To2034 = fc
  .integer({ min: 0, max: 11 * 365 })
  .map((offset) => addDays('2024-01-01', offset));

describe('isWorkingDay and nonWorkingReason', () => {
  it('closes Saturday and Sunday and the public holidays', () => {
    expect(isWorkingDay(national, '2026-03-06')).toBe(true); // Friday
    expect(nonWorkingReason(national, '2026-03-07')).toEqual({ reason: 'weekend' });
    expect(nonWorkingReason(national, '2026-03-08')).toEqual({ reason: 'weekend' });
    const throneDay = nonWorkingReason(national, '2026-07-30');
    expect(throneDay).toMatchObject({ reason: 'holiday', holiday: { key: 'throne_day-2026', kind: 'fixed' } });
    expect(nonWorkingReason(national, '2026-07-31')).toBeNull();
  });

  it('reports a holiday falling on a weekend as weekend: it removes no working day', () => {
    // 11 January 2026 is a Sunday
    expect(nonWorkingReason(national, '2026-01-11')).toEqual({ reason: 'weekend' });
  });

  it('refuses a malformed or impossible date', () => {
    expect(() => isWorkingDay(national, '2026-02-30')).toThrow(RangeError);
    expect(() => isWorkingDay(national, '2026-3-1')).toThrow(/YYYY-MM-DD/);
  });
});

describe('addWorkingDays', () => {
  it('does not count the starting day and lists what it skipped', () => {
    // Friday 28 March 2025 + 1: the weekend, then Eid al-Fitr on Monday and Tuesday
    const result = addWorkingDays(national, '2025-03-28', 1);
    expect(result.date).toBe('2025-04-02');
    expect(result.skipped.map((s) => [s.date, s.reason])).toEqual([
      ['2025-03-29', 'weekend'],
      ['2025-03-30', 'weekend'],
      ['2025-03-31', 'holiday'],
      ['2025-04-01', 'holiday'],
    ]);
  });

  it('returns the starting day itself for n = 0, even on a weekend', () => {
    expect(addWorkingDays(national, '2026-03-07', 0)).toEqual({ date: '2026-03-07', skipped: [] });
  });

  it('refuses a negative or fractional count', () => {
    expect(() => addWorkingDays(national, '2026-03-02', -1)).toThrow(RangeError);
    expect(() => addWorkingDays(national, '2026-03-02', 1.5)).toThrow(RangeError);
  });

  it('is undone by workingDaysBetween', () => {
    fc.assert(
      fc.property(dateIn2024To2034, fc.integer({ min: 0, max: 700 }), (from, n) => {
        expect(workingDaysBetween(national, from, addWorkingDays(national, from, n).date)).toBe(n);
      }),
    );
  });

  it('always lands on a working day and skips exactly the closed days in between', () => {
    fc.assert(
      fc.property(dateIn2024To2034, fc.integer({ min: 1, max: 400 }), (from, n) => {
        const { date, skipped } = addWorkingDays(national, from, n);
        expect(isWorkingDay(national, date)).toBe(true);
        const span = (Date.parse(date) - Date.parse(from)) / 86_400_000;
        expect(skipped).toHaveLength(span - n);
        for (const s of skipped) expect(isWorkingDay(national, s.date)).toBe(false);
      }),
    );
  });

  it('composes: n + m working days is m working days after n working days', () => {
    fc.assert(
      fc.property(dateIn2024To2034, fc.nat(300), fc.nat(300), (from, n, m) => {
        const direct = addWorkingDays(national, from, n + m).date;
        const stepwise = addWorkingDays(national, addWorkingDays(national, from, n).date, m).date;
        expect(direct).toBe(stepwise);
      }),
    );
  });
});

describe('workingDaysBetween', () => {
  it('counts working days d with from < d <= to', () => {
    expect(workingDaysBetween(national, '2026-03-02', '2026-03-06')).toBe(4);
    expect(workingDaysBetween(national, '2026-03-06', '2026-03-09')).toBe(1);
    expect(workingDaysBetween(national, '2026-03-09', '2026-03-09')).toBe(0);
    expect(workingDaysBetween(national, '2026-03-09', '2026-03-02')).toBe(0);
  });

  it('agrees with a day-by-day count, holidays included', () => {
    fc.assert(
      fc.property(dateIn2024To2034, fc.integer({ min: -20, max: 500 }), (from, span) => {
        const to = addDays(from, span);
        expect(workingDaysBetween(national, from, to)).toBe(slowWorkingDaysBetween(national, from, to));
      }),
      { numRuns: 200 },
    );
  });

  it('handles a weekend other than Saturday–Sunday', () => {
    const fridayOnly: BusinessCalendar = { timeZone: MOROCCO_TIME_ZONE, weekend: [5], holidays: [] };
    expect(workingDaysBetween(fridayOnly, '2026-03-01', '2026-03-15')).toBe(12);
    expect(addWorkingDays(fridayOnly, '2026-03-05', 1).date).toBe('2026-03-07');
  });
});

describe('addCalendarDays', () => {
  it('counts weekends and rolls a result on a closed day to the next working day', () => {
    // 2026-03-02 (Monday) + 5 = Saturday 7 March → Monday 9 March
    const result = addCalendarDays(national, '2026-03-02', 5);
    expect(result.date).toBe('2026-03-09');
    expect(result.skipped.map((s) => s.reason)).toEqual(['weekend', 'weekend']);
    expect(addCalendarDays(national, '2026-03-02', 4)).toEqual({ date: '2026-03-06', skipped: [] });
  });

  it('rolls over a holiday too', () => {
    const result = addCalendarDays(national, '2026-07-20', 10);
    expect(result.date).toBe('2026-07-31');
    expect(result.skipped).toMatchObject([{ date: '2026-07-30', reason: 'holiday' }]);
  });

  it('never lands on a closed day', () => {
    fc.assert(
      fc.property(dateIn2024To2034, fc.nat(400), (from, n) => {
        expect(isWorkingDay(national, addCalendarDays(national, from, n).date)).toBe(true);
      }),
    );
  });
});

describe('nationalCalendar and weekendOnlyCalendar', () => {
  it('reads dates in Casablanca with a Saturday–Sunday weekend', () => {
    expect(national.timeZone).toBe('Africa/Casablanca');
    expect(national.weekend).toEqual([0, 6]);
    expect(weekendOnlyCalendar()).toEqual({ timeZone: 'Africa/Casablanca', weekend: [0, 6], holidays: [] });
    expect(isWorkingDay(weekendOnlyCalendar(), '2026-07-30')).toBe(true);
  });

  it('lets an administrator move a lunar holiday and add a one-off day off', () => {
    const names = { fr: 'Aïd al-Fitr', ar: 'عيد الفطر', en: 'Eid al-Fitr' };
    const moved: Holiday[] = [
      { date: '2026-03-21', key: 'eid_al_fitr-1447', names, kind: 'lunar', status: 'confirmed' },
      { date: '2026-03-22', key: 'eid_al_fitr-1447', names, kind: 'lunar', status: 'confirmed' },
    ];
    const oneOff: Holiday = {
      date: '2026-03-23',
      key: 'one_off-2026-03-23',
      names: { fr: 'Jour de congé exceptionnel', ar: 'يوم عطلة استثنائية', en: 'Exceptional day off' },
      kind: 'one_off',
      status: 'confirmed',
    };
    const computed = nationalCalendar([2026]);
    const cal = nationalCalendar([2026], [...moved, oneOff]);
    expect(computed.holidays.filter((h) => h.key === 'eid_al_fitr-1447').map((h) => h.date)).not.toEqual(['2026-03-21', '2026-03-22']);
    expect(cal.holidays.filter((h) => h.key === 'eid_al_fitr-1447')).toEqual(moved);
    expect(isWorkingDay(cal, '2026-03-23')).toBe(false);
    expect(cal.holidays.length).toBe(computed.holidays.length + 1);
    expect(cal.holidays.map((h) => h.date)).toEqual([...cal.holidays.map((h) => h.date)].sort());
  });

  it('refuses an override with a bad date', () => {
    const bad = { date: '2026-13-01', key: 'x', names: { fr: 'x', ar: 'x', en: 'x' }, kind: 'one_off', status: 'confirmed' } as const;
    expect(() => nationalCalendar([2026], [bad])).toThrow(/invalid date/);
  });
});
