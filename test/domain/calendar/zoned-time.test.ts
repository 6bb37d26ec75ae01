import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { endOfLocalDay, toLocalDate } from '../../../domain/calendar/working-days.js';
import { MOROCCO_TIME_ZONE } from '../../../domain/calendar/national-calendar.js';

const hostZone = process.env.TZ;

afterEach(() => {
  if (hostZone === undefined) delete process.env.TZ;
  else process.env.TZ = hostZone;
});

describe('toLocalDate', () => {
  it('reads the civil date in Casablanca, UTC+1 most of the year and UTC+0 in Ramadan', () => {
    expect(toLocalDate('2026-01-15T23:30:00Z', MOROCCO_TIME_ZONE)).toBe('2026-01-16');
    expect(toLocalDate('2026-03-01T23:30:00Z', MOROCCO_TIME_ZONE)).toBe('2026-03-01');
    expect(toLocalDate('2026-03-01T23:30:00+05:00', MOROCCO_TIME_ZONE)).toBe('2026-03-01');
  });

  it('works for any zone', () => {
    expect(toLocalDate('2026-01-15T10:30:00Z', 'Pacific/Kiritimati')).toBe('2026-01-16');
    expect(toLocalDate('2026-01-15T05:30:00Z', 'America/Los_Angeles')).toBe('2026-01-14');
  });

  it('refuses an instant without a zone, which would otherwise be read in the host zone', () => {
    expect(() => toLocalDate('2026-01-15T10:30:00', MOROCCO_TIME_ZONE)).toThrow(/with a zone/);
    expect(() => toLocalDate('2026-01-15', MOROCCO_TIME_ZONE)).toThrow(RangeError);
    expect(() => toLocalDate('yesterday', MOROCCO_TIME_ZONE)).toThrow(RangeError);
  });
});

describe('endOfLocalDay', () => {
  it.each([
    ['2026-01-15', MOROCCO_TIME_ZONE, '2026-01-15T22:59:59.999Z'],
    ['2026-03-01', MOROCCO_TIME_ZONE, '2026-03-01T23:59:59.999Z'], // Ramadan: UTC+0
    ['2026-02-15', MOROCCO_TIME_ZONE, '2026-02-15T23:59:59.999Z'], // switched to UTC+0 that night
    ['2026-03-22', MOROCCO_TIME_ZONE, '2026-03-22T22:59:59.999Z'], // back to UTC+1
    ['2026-03-08', 'America/Los_Angeles', '2026-03-09T06:59:59.999Z'], // DST starts that day
    ['2026-01-15', 'Pacific/Kiritimati', '2026-01-15T09:59:59.999Z'],
    ['2026-01-15', 'UTC', '2026-01-15T23:59:59.999Z'],
  ])('ends %s in %s at %s', (date, zone, instant) => {
    expect(endOfLocalDay(date, zone)).toBe(instant);
  });

  it('is the last millisecond of the local day, in every zone, all year round', () => {
    const zones = [MOROCCO_TIME_ZONE, 'Europe/Paris', 'America/Los_Angeles', 'Pacific/Kiritimati', 'Asia/Kolkata'];
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 12 * 365 }), fc.constantFrom(...zones), (offset, zone) => {
        const date = new Date(Date.UTC(2024, 0, 1 + offset)).toISOString().slice(0, 10);
        const end = endOfLocalDay(date, zone);
        const next = new Date(Date.parse(end) + 1).toISOString();
        expect(toLocalDate(end, zone)).toBe(date);
        expect(toLocalDate(next, zone)).not.toBe(date);
      }),
      { numRuns: 500 },
    );
  });

  it('gives the same answers whatever the host time zone', () => {
    const compute = () => [
      endOfLocalDay('2026-03-01', MOROCCO_TIME_ZONE),
      endOfLocalDay('2026-07-01', MOROCCO_TIME_ZONE),
      toLocalDate('2026-01-15T23:30:00Z', MOROCCO_TIME_ZONE),
      toLocalDate('2026-06-30T23:30:00Z', MOROCCO_TIME_ZONE),
    ];
    const results = ['Pacific/Kiritimati', 'America/Los_Angeles', 'Asia/Tokyo', 'UTC'].map((zone) => {
      process.env.TZ = zone;
      return compute();
    });
    for (const result of results) expect(result).toEqual(results[0]);
  });
});
