import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { BusinessCalendar } from '../../../domain/calendar/types.js';
import {
  addWorkingDays,
  isWorkingDay,
  nationalCalendar,
  toLocalDate,
  weekendOnlyCalendar,
  workingDaysBetween,
} from '../../../domain/calendar/working-days.js';
import { computeDue, type SlaClockInput, type SlaExtension, type SlaPause } from '../../../domain/sla/clock.js';
import type { SlaBudget, SlaPolicy } from '../../../domain/sla/policy.js';

const national = nationalCalendar(Array.from({ length: 8 }, (_, i) => 2024 + i));
const hostZone = process.env.TZ;

afterEach(() => {
  if (hostZone === undefined) delete process.env.TZ;
  else process.env.TZ = hostZone;
});

function policy(budget: SlaBudget, extension: SlaBudget | null = null): SlaPolicy {
  return { budget, legalBasis: 'Loi 55-19', warnAt: [], escalation: [], extension, silence: 'none' };
}

function clock(
  budget: SlaBudget,
  startedAt: string,
  options: { pauses?: SlaPause[]; extension?: SlaExtension | null; calendar?: BusinessCalendar } = {},
): SlaClockInput {
  return {
    policy: policy(budget),
    startedAt,
    pauses: options.pauses ?? [],
    extension: options.extension ?? null,
    calendar: options.calendar ?? national,
  };
}

function pause(startedAt: string, endedAt: string | null): SlaPause {
  return { startedAt, endedAt, reason: 'waiting for the citizen' };
}

const workingDays = (amount: number): SlaBudget => ({ unit: 'working_days', amount });
const calendarDays = (amount: number): SlaBudget => ({ unit: 'calendar_days', amount });

/** An instant during a 2024–2029 day, at a random time of day. */
const instant = fc
  .record({ day: fc.integer({ min: 0, max: 6 * 365 }), minute: fc.integer({ min: 0, max: 24 * 60 - 1 }) })
  .map(({ day, minute }) => new Date(Date.UTC(2024, 0, 1 + day, 0, minute)).toISOString());

describe('computeDue with a working-day budget', () => {
  it('skips weekends and the two days of Eid al-Fitr and ends at midnight Casablanca time', () => {
    const { dueDate, dueAt, explanation } = computeDue(clock(workingDays(10), '2025-03-27T09:00:00Z'));
    expect(dueDate).toBe('2025-04-14');
    expect(dueAt).toBe('2025-04-14T22:59:59.999Z');
    expect(explanation.rule).toBe('working_days');
    expect(explanation.startDate).toBe('2025-03-27');
    expect(explanation.workingDaysCounted).toBe(10);
    expect(explanation.skipped.filter((s) => s.reason === 'weekend')).toHaveLength(6);
    expect(explanation.skipped.filter((s) => s.reason === 'holiday')).toMatchObject([
      { date: '2025-03-31', name: { en: 'Eid al-Fitr' }, provisional: true },
      { date: '2025-04-01', name: { en: 'Eid al-Fitr' }, provisional: true },
    ]);
  });

  it('starts counting from the Casablanca date of the start instant', () => {
    // 23:30 UTC on Thursday 15 January is already Friday in Casablanca
    expect(computeDue(clock(workingDays(1), '2026-01-15T23:30:00Z')).dueDate).toBe('2026-01-19');
    expect(computeDue(clock(workingDays(1), '2026-01-15T22:30:00Z')).dueDate).toBe('2026-01-16');
  });

  it('never puts the due date on a weekend or a holiday', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 300 }), (startedAt, n) => {
        const { dueDate, explanation } = computeDue(clock(workingDays(n), startedAt));
        expect(isWorkingDay(national, dueDate as string)).toBe(true);
        expect(workingDaysBetween(national, explanation.startDate, dueDate as string)).toBe(n);
        expect(explanation.workingDaysCounted).toBe(n);
      }),
    );
  });

  it('moves the due date by exactly the k working days a pause covers', () => {
    fc.assert(
      fc.property(
        instant,
        fc.integer({ min: 1, max: 120 }),
        fc.integer({ min: 0, max: 120 }),
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 0, max: 23 }),
        (startedAt, n, pauseAfter, pausedDays, hour) => {
          const unpaused = computeDue(clock(workingDays(n), startedAt));
          const startDate = unpaused.explanation.startDate;
          // the pause begins on a day up to the due date, at some hour, and lasts some calendar days
          const pauseDate = addWorkingDays(national, startDate, Math.min(pauseAfter, n)).date;
          const pauseStart = `${pauseDate}T${String(hour).padStart(2, '0')}:00:00+01:00`;
          const pauseEnd = new Date(Date.parse(pauseStart) + pausedDays * 86_400_000 + 3_600_000).toISOString();
          if (Date.parse(pauseStart) < Date.parse(startedAt)) return;
          const k = workingDaysBetween(national, toLocalDate(pauseStart, national.timeZone), toLocalDate(pauseEnd, national.timeZone));
          const paused = computeDue(clock(workingDays(n), startedAt, { pauses: [pause(pauseStart, pauseEnd)] }));
          expect(workingDaysBetween(national, unpaused.dueDate as string, paused.dueDate as string)).toBe(k);
          expect(isWorkingDay(national, paused.dueDate as string)).toBe(true);
          expect(paused.explanation.skipped.filter((s) => s.reason === 'pause')).toHaveLength(k);
        },
      ),
    );
  });

  it('lists paused working days as pause, not as counted', () => {
    const { dueDate, explanation } = computeDue(
      clock(workingDays(5), '2026-06-01T09:00:00Z', {
        calendar: weekendOnlyCalendar(),
        pauses: [pause('2026-06-02T10:00:00Z', '2026-06-04T15:00:00Z')],
      }),
    );
    // Monday 1 June + 5 working days = Monday 8 June, + 2 paused (3rd and 4th) = Wednesday 10 June
    expect(dueDate).toBe('2026-06-10');
    expect(explanation.skipped.filter((s) => s.reason === 'pause').map((s) => s.date)).toEqual(['2026-06-03', '2026-06-04']);
    expect(explanation.workingDaysCounted).toBe(5);
  });

  it('ignores a pause that starts and ends on the same day', () => {
    const paused = computeDue(
      clock(workingDays(5), '2026-06-01T09:00:00Z', { pauses: [pause('2026-06-02T08:00:00Z', '2026-06-02T15:00:00Z')] }),
    );
    expect(paused.dueDate).toBe(computeDue(clock(workingDays(5), '2026-06-01T09:00:00Z')).dueDate);
  });

  it('counts overlapping pauses once', () => {
    const cal = weekendOnlyCalendar();
    const once = computeDue(clock(workingDays(5), '2026-06-01T09:00:00Z', { calendar: cal, pauses: [pause('2026-06-02T10:00:00Z', '2026-06-04T10:00:00Z')] }));
    const overlapping = computeDue(
      clock(workingDays(5), '2026-06-01T09:00:00Z', {
        calendar: cal,
        pauses: [pause('2026-06-02T10:00:00Z', '2026-06-03T10:00:00Z'), pause('2026-06-02T12:00:00Z', '2026-06-04T10:00:00Z')],
      }),
    );
    expect(overlapping.dueDate).toBe(once.dueDate);
    expect(once.dueDate).toBe('2026-06-10');
  });

  it('keeps the deadline of a case paused only after its deadline had passed', () => {
    const unpaused = computeDue(clock(workingDays(3), '2026-06-01T09:00:00Z'));
    const pausedLate = computeDue(
      clock(workingDays(3), '2026-06-01T09:00:00Z', { pauses: [pause('2026-06-05T09:00:00Z', '2026-06-12T09:00:00Z')] }),
    );
    expect(unpaused.dueDate).toBe('2026-06-04');
    expect(pausedLate.dueDate).toBe('2026-06-04');
    // paused on the due day itself, before it ended: the deadline moves
    const pausedOnDueDay = computeDue(
      clock(workingDays(3), '2026-06-01T09:00:00Z', { pauses: [pause('2026-06-04T09:00:00Z', '2026-06-05T09:00:00Z')] }),
    );
    expect(pausedOnDueDay.dueDate).toBe('2026-06-05');
  });

  it('has no due date while a pause is open, and says since when the clock is stopped', () => {
    const { dueAt, dueDate, explanation } = computeDue(
      clock(workingDays(10), '2026-06-01T09:00:00Z', { pauses: [pause('2026-06-03T14:15:00Z', null)] }),
    );
    expect(dueAt).toBeNull();
    expect(dueDate).toBeNull();
    expect(explanation.stoppedSince).toBe('2026-06-03T14:15:00.000Z');
    expect(explanation.workingDaysCounted).toBe(2);
    expect(explanation.text.fr).toContain('délai suspendu depuis le 2026-06-03 15:15');
    expect(explanation.text.en).toContain('stopped since 2026-06-03 15:15');
  });

  it('resumes with the due date moved once the pause is closed', () => {
    const start = '2026-06-01T09:00:00Z';
    const before = computeDue(clock(workingDays(10), start)).dueDate;
    const after = computeDue(clock(workingDays(10), start, { pauses: [pause('2026-06-03T14:15:00Z', '2026-06-08T09:00:00Z')] })).dueDate;
    expect(before).toBe('2026-06-15');
    expect(workingDaysBetween(national, before as string, after as string)).toBe(3);
  });
});

describe('computeDue with an extension', () => {
  const extension = (budget: SlaBudget): SlaExtension => ({
    grantedAt: '2026-06-10T10:00:00Z',
    budget,
    reason: 'volume des documents demandés',
  });

  it('adds the extension on top of the budget, pauses still counting', () => {
    const start = '2026-06-01T09:00:00Z';
    const base = computeDue(clock(workingDays(20), start)).dueDate as string;
    const extended = computeDue(clock(workingDays(20), start, { extension: extension(workingDays(20)) }));
    expect(workingDaysBetween(national, base, extended.dueDate as string)).toBe(20);
    expect(extended.explanation.extension?.reason).toBe('volume des documents demandés');
    const pausedAndExtended = computeDue(
      clock(workingDays(20), start, { extension: extension(workingDays(20)), pauses: [pause('2026-06-02T10:00:00Z', '2026-06-04T10:00:00Z')] }),
    );
    expect(workingDaysBetween(national, extended.dueDate as string, pausedAndExtended.dueDate as string)).toBe(2);
  });

  it('refuses an extension in another unit than the budget', () => {
    expect(() => computeDue(clock(workingDays(20), '2026-06-01T09:00:00Z', { extension: extension(calendarDays(20)) }))).toThrow(
      /cannot extend/,
    );
  });
});

describe('computeDue with a calendar-day budget', () => {
  it('counts every day and rolls a deadline on a closed day to the next working day', () => {
    // Monday 2 March 2026 + 5 days = Saturday → Monday 9 March
    const { dueDate, explanation } = computeDue(clock(calendarDays(5), '2026-03-02T09:00:00Z', { calendar: weekendOnlyCalendar() }));
    expect(dueDate).toBe('2026-03-09');
    expect(explanation.skipped.map((s) => [s.date, s.reason])).toEqual([
      ['2026-03-07', 'weekend'],
      ['2026-03-08', 'weekend'],
    ]);
  });

  it('moves the deadline by the calendar days of a pause', () => {
    const { dueDate, explanation } = computeDue(
      clock(calendarDays(4), '2026-03-02T09:00:00Z', {
        calendar: weekendOnlyCalendar(),
        pauses: [pause('2026-03-03T09:00:00Z', '2026-03-06T09:00:00Z')],
      }),
    );
    // 2 March + 4 + 3 paused = Monday 9 March
    expect(dueDate).toBe('2026-03-09');
    expect(explanation.skipped.filter((s) => s.reason === 'pause').map((s) => s.date)).toEqual(['2026-03-04', '2026-03-05', '2026-03-06']);
  });

  it('never puts the due date on a weekend or a holiday', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 400 }), (startedAt, n) => {
        expect(isWorkingDay(national, computeDue(clock(calendarDays(n), startedAt)).dueDate as string)).toBe(true);
      }),
    );
  });
});

describe('computeDue with a duration budget', () => {
  const start = '2026-06-01T09:00:00.000Z';

  it('is due exactly the duration after the start', () => {
    const { dueAt, dueDate, explanation } = computeDue(clock({ unit: 'duration', iso: 'PT5S' }, start));
    expect(dueAt).toBe('2026-06-01T09:00:05.000Z');
    expect(dueDate).toBe('2026-06-01');
    expect(explanation.workingDaysCounted).toBe(0);
    expect(explanation.skipped).toEqual([]);
  });

  it('adds the exact length of closed pauses and of the extension', () => {
    const result = computeDue(
      clock({ unit: 'duration', iso: 'PT2S' }, start, {
        pauses: [pause('2026-06-01T09:00:01.000Z', '2026-06-01T09:00:03.250Z')],
        extension: { grantedAt: '2026-06-01T09:00:04.000Z', budget: { unit: 'duration', iso: 'PT1S' }, reason: 'r' },
      }),
    );
    expect(result.dueAt).toBe('2026-06-01T09:00:05.250Z');
  });

  it('has no due instant while paused', () => {
    const { dueAt, dueDate } = computeDue(clock({ unit: 'duration', iso: 'PT2S' }, start, { pauses: [pause('2026-06-01T09:00:01Z', null)] }));
    expect([dueAt, dueDate]).toEqual([null, null]);
  });

  it('reads the due date in Casablanca', () => {
    expect(computeDue(clock({ unit: 'duration', iso: 'PT2H' }, '2026-06-01T22:30:00Z')).dueDate).toBe('2026-06-02');
  });
});

describe('computeDue input checks and host independence', () => {
  it('refuses a start instant without a zone and a pause that ends before it starts', () => {
    expect(() => computeDue(clock(workingDays(1), '2026-06-01T09:00:00'))).toThrow(/with a zone/);
    expect(() =>
      computeDue(clock(workingDays(1), '2026-06-01T09:00:00Z', { pauses: [pause('2026-06-03T09:00:00Z', '2026-06-02T09:00:00Z')] })),
    ).toThrow(/cannot end before/);
  });

  it('gives the same result whatever the host time zone', () => {
    const input = clock(workingDays(15), '2026-02-27T23:30:00Z', { pauses: [pause('2026-03-04T23:30:00Z', '2026-03-09T06:00:00Z')] });
    const results = ['Pacific/Kiritimati', 'America/Los_Angeles', 'Africa/Casablanca', 'UTC'].map((zone) => {
      process.env.TZ = zone;
      return computeDue(input);
    });
    for (const result of results) expect(result).toEqual(results[0]);
  });
});
