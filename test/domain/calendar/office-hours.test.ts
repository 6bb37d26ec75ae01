import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { moroccanHolidays } from '../../../domain/calendar/moroccan-holidays.js';
import {
  clockMinutes,
  DEFAULT_RAMADAN_HOURS,
  DEFAULT_REGULAR_HOURS,
  officeHoursOn,
  openingHours,
  ramadanDates,
  type OfficeHoursRules,
  type RamadanSchedule,
} from '../../../domain/calendar/office-hours.js';
import { isWorkingDay, nationalCalendar } from '../../../domain/calendar/working-days.js';
import { addDays } from '../../support/dates.js';

const YEARS = Array.from({ length: 13 }, (_, i) => 2024 + i);
const national = nationalCalendar(YEARS);

/** The Hijri month of a day read straight from ICU, independently of the code under test. */
const hijri = new Intl.DateTimeFormat('en-u-ca-islamic-civil-nu-latn', { timeZone: 'UTC', year: 'numeric', month: 'numeric', day: 'numeric' });
function hijriOf(date: string): { year: number; month: number; day: number } {
  const parts = Object.fromEntries(hijri.formatToParts(Date.parse(`${date}T00:00:00Z`)).map((p) => [p.type, p.value]));
  return { year: Number(parts.year), month: Number(parts.month), day: Number(parts.day) };
}

const ramadan2027 = (overrides: Partial<RamadanSchedule> = {}): RamadanSchedule => ({
  hijriYear: 1448,
  from: '2027-02-08',
  to: '2027-03-09',
  fromConfirmed: false,
  toConfirmed: false,
  hours: DEFAULT_RAMADAN_HOURS,
  ...overrides,
});

const rules = (overrides: Partial<OfficeHoursRules> = {}): OfficeHoursRules => ({
  calendar: national,
  regular: DEFAULT_REGULAR_HOURS,
  ramadan: ramadan2027(),
  ...overrides,
});

describe('ramadanDates', () => {
  it('gives Ramadan 1447 as 18 February to 19 March 2026 and Ramadan 1448 as 8 February to 9 March 2027', () => {
    expect(ramadanDates(2026)).toEqual([{ hijriYear: 1447, from: '2026-02-18', to: '2026-03-19' }]);
    expect(ramadanDates(2027)).toEqual([{ hijriYear: 1448, from: '2027-02-08', to: '2027-03-09' }]);
  });

  it('lands within a day of the Ramadans Morocco announced (12 March to 9 April 2024, 2 to 30 March 2025)', () => {
    // Computed one day early at the start (the sighting came a day later), exact at the end.
    expect(ramadanDates(2024)).toEqual([{ hijriYear: 1445, from: '2024-03-11', to: '2024-04-09' }]);
    expect(ramadanDates(2025)).toEqual([{ hijriYear: 1446, from: '2025-03-01', to: '2025-03-30' }]);
  });

  it.each(YEARS)('in %i, covers exactly the days ICU puts in the 9th Hijri month, ending the day before the computed Eid al-Fitr', (year) => {
    const periods = ramadanDates(year);
    expect(periods.length).toBeGreaterThan(0);
    for (const { hijriYear, from, to } of periods) {
      expect(hijriOf(from)).toEqual({ year: hijriYear, month: 9, day: 1 });
      expect(hijriOf(addDays(from, -1)).month).toBe(8);
      expect(hijriOf(to).month).toBe(9);
      expect(hijriOf(addDays(to, 1))).toMatchObject({ month: 10, day: 1 });
      expect(to >= `${year}-01-01` && from <= `${year}-12-31`).toBe(true);
      const eid = [...moroccanHolidays(Number(to.slice(0, 4))), ...moroccanHolidays(Number(to.slice(0, 4)) + 1)].find(
        (h) => h.key === `eid_al_fitr-${hijriYear}`,
      );
      expect(eid?.date).toBe(addDays(to, 1));
    }
    // every day of the year in Ramadan is in one of the periods
    for (let d = `${year}-01-01`; d <= `${year}-12-31`; d = addDays(d, 1)) {
      const inPeriod = periods.some((p) => p.from <= d && d <= p.to);
      expect(inPeriod, d).toBe(hijriOf(d).month === 9);
    }
  });

  it('lists both Ramadans of a year that sees two, whole even where they cross into the next year', () => {
    expect(ramadanDates(2030)).toEqual([
      { hijriYear: 1451, from: '2030-01-06', to: '2030-02-04' },
      { hijriYear: 1452, from: '2030-12-26', to: '2031-01-24' },
    ]);
    expect(ramadanDates(2031)[0]).toEqual({ hijriYear: 1452, from: '2030-12-26', to: '2031-01-24' });
  });
});

describe('clockMinutes and openingHours', () => {
  it('reads 24-hour HH:MM times and nothing else', () => {
    expect(clockMinutes('00:00')).toBe(0);
    expect(clockMinutes('08:30')).toBe(510);
    expect(clockMinutes('23:59')).toBe(1439);
    for (const bad of ['24:00', '8:30', '08:60', '08h30', '08:30:00', ' 08:30', '', null, 830]) expect(clockMinutes(bad), String(bad)).toBeNull();
  });

  it('makes one interval, and refuses one that does not open before it closes', () => {
    expect(openingHours('08:00', '12:00')).toEqual([{ from: '08:00', to: '12:00' }]);
    expect(() => openingHours('16:30', '08:30')).toThrow(/open before it closes/);
    expect(() => openingHours('09:00', '09:00')).toThrow(RangeError);
    expect(() => openingHours('9:00', '15:00')).toThrow(/HH:MM/);
  });
});

describe('officeHoursOn', () => {
  it('opens 08:30–16:30 on a working weekday by default', () => {
    // Tuesday 24 November 2026
    expect(officeHoursOn('2026-11-24', rules({ ramadan: null }))).toEqual({
      date: '2026-11-24',
      open: true,
      reason: 'regular',
      intervals: [{ from: '08:30', to: '16:30' }],
    });
  });

  it('closes on Saturday and Sunday', () => {
    expect(officeHoursOn('2026-11-28', rules())).toEqual({ date: '2026-11-28', open: false, reason: 'weekend', intervals: [] });
    expect(officeHoursOn('2026-11-29', rules())).toMatchObject({ open: false, reason: 'weekend' });
  });

  it('closes on a public holiday and names it', () => {
    const day = officeHoursOn('2026-11-18', rules());
    expect(day).toMatchObject({ date: '2026-11-18', open: false, reason: 'holiday', intervals: [] });
    expect(day.holiday).toMatchObject({ key: 'independence_day-2026', names: { fr: "Fête de l'Indépendance" } });
  });

  it('reports a holiday on a weekend day as weekend', () => {
    // 11 January 2026 is a Sunday
    expect(officeHoursOn('2026-01-11', rules())).toMatchObject({ reason: 'weekend', open: false });
    expect(officeHoursOn('2026-01-11', rules()).holiday).toBeUndefined();
  });

  it('keeps the Ramadan hours from the first to the last day of Ramadan, weekdays only', () => {
    // Tuesday 16 February 2027
    expect(officeHoursOn('2027-02-16', rules())).toEqual({
      date: '2027-02-16',
      open: true,
      reason: 'ramadan',
      intervals: [{ from: '09:00', to: '15:00' }],
      ramadan: { hijriYear: 1448, from: '2027-02-08', to: '2027-03-09', fromConfirmed: false, toConfirmed: false },
    });
    expect(officeHoursOn('2027-02-08', rules()).reason).toBe('ramadan'); // Monday, first day
    expect(officeHoursOn('2027-03-09', rules()).reason).toBe('ramadan'); // Tuesday, last day
    expect(officeHoursOn('2027-02-05', rules()).reason).toBe('regular'); // Friday before
    expect(officeHoursOn('2027-02-13', rules()).reason).toBe('weekend');
    expect(officeHoursOn('2027-03-10', rules())).toMatchObject({ reason: 'holiday', holiday: { key: 'eid_al_fitr-1448' } });
  });

  it('follows the announced dates and hours of a Ramadan', () => {
    const announced = rules({ ramadan: ramadan2027({ from: '2027-02-09', fromConfirmed: true, hours: openingHours('10:00', '15:30') }) });
    expect(officeHoursOn('2027-02-08', announced)).toMatchObject({ reason: 'regular', intervals: [{ from: '08:30', to: '16:30' }] });
    expect(officeHoursOn('2027-02-09', announced)).toMatchObject({
      reason: 'ramadan',
      intervals: [{ from: '10:00', to: '15:30' }],
      ramadan: { from: '2027-02-09', fromConfirmed: true, toConfirmed: false },
    });
  });

  it("uses an entity's own hours outside Ramadan only", () => {
    const own = rules({ entityRegular: openingHours('08:00', '16:00') });
    expect(officeHoursOn('2027-03-16', own)).toMatchObject({ reason: 'regular', intervals: [{ from: '08:00', to: '16:00' }] });
    expect(officeHoursOn('2027-02-16', own)).toMatchObject({ reason: 'ramadan', intervals: [{ from: '09:00', to: '15:00' }] });
    expect(officeHoursOn('2027-03-16', rules({ entityRegular: null })).intervals).toEqual([{ from: '08:30', to: '16:30' }]);
  });

  it('hands out copies: changing an answer cannot change the defaults', () => {
    const day = officeHoursOn('2026-11-24', rules());
    day.intervals[0]!.from = '00:00';
    expect(DEFAULT_REGULAR_HOURS[0]).toEqual({ from: '08:30', to: '16:30' });
    expect(officeHoursOn('2026-11-24', rules()).intervals).toEqual([{ from: '08:30', to: '16:30' }]);
  });

  it('is open exactly on working days, with Ramadan hours exactly inside Ramadan (any day, 2024–2035)', () => {
    const ramadans = YEARS.flatMap(ramadanDates);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 12 * 365 - 1 }), (offset) => {
        const date = addDays('2024-01-01', offset);
        const period = ramadans.find((r) => r.from <= date && date <= r.to) ?? null;
        const ramadan = period && { ...period, fromConfirmed: false, toConfirmed: false, hours: DEFAULT_RAMADAN_HOURS };
        const day = officeHoursOn(date, rules({ ramadan }));
        expect(day.open).toBe(isWorkingDay(national, date));
        expect(day.reason === 'ramadan').toBe(day.open && period !== null);
        expect(day.intervals).toEqual(!day.open ? [] : day.reason === 'ramadan' ? [...DEFAULT_RAMADAN_HOURS] : [...DEFAULT_REGULAR_HOURS]);
      }),
      { numRuns: 2000 },
    );
  });
});
