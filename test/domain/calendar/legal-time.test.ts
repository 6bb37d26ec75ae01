import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nationalCalendar } from '../../../domain/calendar/national-calendar.js';
import { endOfLocalDay, toLocalDate } from '../../../domain/calendar/working-days.js';
import { calendarZone, rulesOffsetMs } from '../../../domain/calendar/zone-rules.js';
import { localDateTimeOfMs } from '../../../domain/calendar/zoned-time.js';
import { computeDue } from '../../../domain/sla/clock.js';
import { moroccoLegalTime } from '../../../platform/legal-time.js';

/*
 * Morocco's legal time: UTC+1 with UTC+0 during each Ramadan from 2018, then UTC+0 all year from
 * 2026-09-20 (IANA 2026f). The platform reads it from the tz data it ships, not from the runtime.
 */
const legal = moroccoLegalTime();

describe('Moroccan legal time from the shipped tz data', () => {
  it('comes from tz data that knows the change of 2026-09-20', () => {
    expect(legal.name).toBe('Africa/Casablanca');
    expect(legal.version >= '2026f').toBe(true);
  });

  it.each([
    ['2026-01-15', '2026-01-15T22:59:59.999Z', 'UTC+1 before Ramadan 2026'],
    ['2026-03-02', '2026-03-02T23:59:59.999Z', 'UTC+0 during Ramadan 2026'],
    ['2026-06-15', '2026-06-15T22:59:59.999Z', 'UTC+1 after Ramadan 2026'],
    ['2026-09-19', '2026-09-19T22:59:59.999Z', 'UTC+1 on the last day before the change'],
    ['2026-09-20', '2026-09-20T23:59:59.999Z', 'UTC+0 from the change'],
    ['2026-12-07', '2026-12-07T23:59:59.999Z', 'UTC+0 today'],
    ['2027-02-20', '2027-02-20T23:59:59.999Z', 'UTC+0 in what would have been Ramadan hours'],
    ['2027-07-01', '2027-07-01T23:59:59.999Z', 'UTC+0 in summer, no more UTC+1'],
  ])('a deadline on %s ends at %s (%s)', (date, instant) => {
    expect(endOfLocalDay(date, legal)).toBe(instant);
  });

  it('reads civil dates and wall-clock times at the right offset, before and after the change', () => {
    expect(toLocalDate('2026-01-15T23:30:00Z', legal)).toBe('2026-01-16');
    expect(toLocalDate('2026-10-15T23:30:00Z', legal)).toBe('2026-10-15');
    expect(localDateTimeOfMs(Date.parse('2026-06-15T08:00:00Z'), legal)).toBe('2026-06-15 09:00:00');
    expect(localDateTimeOfMs(Date.parse('2026-12-07T08:00:00Z'), legal)).toBe('2026-12-07 08:00:00');
  });

  it('gives every instant a wall clock that maps back to it (no gap or overlap is mishandled)', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.parse('2018-01-01'), max: Date.parse('2035-12-31') }), (ms) => {
        const date = toLocalDate(new Date(ms).toISOString(), legal);
        const dayEnds = Date.parse(endOfLocalDay(date, legal));
        expect(dayEnds).toBeGreaterThanOrEqual(ms);
        expect(dayEnds - ms).toBeLessThan(25 * 3_600_000);
        expect([0, 3_600_000]).toContain(rulesOffsetMs(legal, ms));
      }),
      { seed: 31, numRuns: 2000 },
    );
  });

  it('makes a case deadline counted after the change end at midnight legal time, not an hour early', () => {
    const calendar = { ...nationalCalendar([2026, 2027]), zone: legal };
    expect(calendarZone(calendar)).toBe(legal);
    const due = computeDue({
      policy: { budget: { unit: 'working_days', amount: 10 }, legalBasis: 'Loi 55-19', warnAt: [], escalation: [], extension: null, silence: 'none' },
      startedAt: '2026-12-07T09:00:00Z',
      pauses: [],
      extension: null,
      calendar,
    });
    expect(due.dueDate).toBe('2026-12-21');
    expect(due.dueAt).toBe('2026-12-21T23:59:59.999Z');
  });

  it('keeps reading a calendar recorded without rules through the runtime, so older histories replay alike', () => {
    const recorded = nationalCalendar([2026]);
    expect(calendarZone(recorded)).toBe('Africa/Casablanca');
  });
});
