import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { endOfLocalDay, toLocalDate } from '../../../domain/calendar/working-days.js';
import { MOROCCO_TIME_ZONE } from '../../../domain/calendar/national-calendar.js';
import { localDateTimeOfMs, localTimeToMs } from '../../../domain/calendar/zoned-time.js';
import { moroccoLegalTime } from '../../../platform/legal-time.js';

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

describe('localTimeToMs', () => {
  const morocco = moroccoLegalTime();
  const at = (date: string, time: string, zone: Parameters<typeof localTimeToMs>[2]) => {
    const [h, m] = time.split(':').map(Number);
    return new Date(localTimeToMs(date, h! * 60 + m!, zone)).toISOString();
  };

  it.each([
    ['2026-06-15', '10:00', '2026-06-15T09:00:00.000Z'], // UTC+1
    ['2026-03-02', '10:00', '2026-03-02T10:00:00.000Z'], // Ramadan: UTC+0
    ['2026-12-14', '10:00', '2026-12-14T10:00:00.000Z'], // UTC+0 all year from 2026-09-20 (tzdata 2026f)
    ['2026-12-14', '24:00', '2026-12-15T00:00:00.000Z'], // the midnight ending the day
    // 2026-02-15 03:00 back to 02:00: 02:30 happens twice, the first (UTC+1) is taken
    ['2026-02-15', '02:30', '2026-02-15T01:30:00.000Z'],
    // 2026-03-22 02:00 forward to 03:00: 02:30 never happens, read with the offset before (lands at 03:30)
    ['2026-03-22', '02:30', '2026-03-22T02:30:00.000Z'],
    ['2026-03-22', '03:30', '2026-03-22T02:30:00.000Z'],
    // 2026-09-20 02:00 back to 01:00 for good: 01:30 happens twice, the first is taken; 02:30 once
    ['2026-09-20', '01:30', '2026-09-20T00:30:00.000Z'],
    ['2026-09-20', '02:30', '2026-09-20T02:30:00.000Z'],
  ])('Casablanca %s %s is %s', (date, time, instant) => {
    expect(at(date, time, morocco)).toBe(instant);
  });

  it('agrees with Intl for a zone given by name, across daylight saving time', () => {
    expect(at('2026-03-08', '02:30', 'America/Los_Angeles')).toBe('2026-03-08T10:30:00.000Z'); // gap: 03:30 PDT
    expect(at('2026-11-01', '01:30', 'America/Los_Angeles')).toBe('2026-11-01T08:30:00.000Z'); // twice: PDT first
    expect(at('2026-07-01', '12:00', 'America/Los_Angeles')).toBe('2026-07-01T19:00:00.000Z');
    expect(at('2026-01-15', '00:00', 'Pacific/Kiritimati')).toBe('2026-01-14T10:00:00.000Z');
  });

  it('reads back as the same wall clock whenever that time exists', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3650 }), fc.integer({ min: 0, max: 1439 }), (dayOffset, minute) => {
        const date = new Date(Date.UTC(2024, 0, 1) + dayOffset * 86_400_000).toISOString().slice(0, 10);
        const ms = localTimeToMs(date, minute, morocco);
        const wall = localDateTimeOfMs(ms, morocco);
        const expected = `${date} ${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}:00`;
        // Only an hour skipped by a change of offset reads otherwise (one hour later).
        if (wall !== expected) expect(ms - localTimeToMs(date, minute - 60, morocco)).toBe(60 * 60_000);
        else expect(wall).toBe(expected);
      }),
      { numRuns: 500 },
    );
  });
});
