import { toEpochDay } from '../../domain/calendar/iso-date.js';
import { clockMinutes, openingHours, ramadanDates, type OfficeHours, type RamadanPeriod } from '../../domain/calendar/office-hours.js';
import type { IsoDate } from '../../domain/calendar/types.js';
import { InvalidInput } from '../errors.js';
import { calendarDate, yearOf } from './calendar-dates.js';

/** The longest list of days one request may ask for: two months. */
export const MAX_OFFICE_HOURS_DAYS = 62;

/** How far an announced first or last day of Ramadan may lie from the computed one. */
const RAMADAN_TOLERANCE_DAYS = 20;

/** The days a GET asks for: `date`, or `from` and `to` (inclusive, at most MAX_OFFICE_HOURS_DAYS days). */
export function officeHoursRange(query: { date?: string | undefined; from?: string | undefined; to?: string | undefined }): { from: IsoDate; to: IsoDate } {
  const { date, from, to } = query;
  if (date !== undefined) {
    if (from !== undefined || to !== undefined) {
      throw new InvalidInput('give either date, or from and to, not both', { field: 'querystring.date' });
    }
    const day = calendarDate(date, 'querystring.date');
    return { from: day, to: day };
  }
  if (from === undefined || to === undefined) {
    const field = from === undefined ? 'querystring.from' : 'querystring.to';
    throw new InvalidInput('give date, or both from and to', { field });
  }
  const first = calendarDate(from, 'querystring.from');
  const last = calendarDate(to, 'querystring.to');
  const days = toEpochDay(last) - toEpochDay(first) + 1;
  if (days < 1) throw new InvalidInput(`querystring.to (${last}) must not be before querystring.from (${first})`, { field: 'querystring.to' });
  if (days > MAX_OFFICE_HOURS_DAYS) {
    throw new InvalidInput(`at most ${MAX_OFFICE_HOURS_DAYS} days per request, got ${days}`, { field: 'querystring.to' });
  }
  return { from: first, to: last };
}

function clockTime(value: string, field: string): string {
  if (clockMinutes(value) === null) {
    throw new InvalidInput(`${field} must be a time of day written HH:MM, 00:00 to 23:59, got ${JSON.stringify(value)}`, { field });
  }
  return value;
}

/** The opening interval of a PUT body, with a message naming the field at fault. */
export function requestedHours(body: { opensAt: string; closesAt: string }): OfficeHours {
  const opensAt = clockTime(body.opensAt, 'body.opensAt');
  const closesAt = clockTime(body.closesAt, 'body.closesAt');
  if (clockMinutes(opensAt)! >= clockMinutes(closesAt)!) {
    throw new InvalidInput(`body.closesAt (${closesAt}) must be later than body.opensAt (${opensAt})`, { field: 'body.closesAt' });
  }
  return openingHours(opensAt, closesAt);
}

/**
 * The Ramadan an administrator means by a Gregorian year: the one computed to begin in it. A year
 * can see two begin (2030: 1451 in January, 1452 in December); then `hijriYear` says which.
 */
export function ramadanOfYear(year: number, hijriYear: number | undefined): RamadanPeriod {
  const beginning = ramadanDates(year).filter((r) => yearOf(r.from) === year);
  const names = beginning.map((r) => `${r.hijriYear} (from ${r.from})`).join(' and ');
  if (hijriYear !== undefined) {
    const chosen = beginning.find((r) => r.hijriYear === hijriYear);
    if (!chosen) throw new InvalidInput(`Ramadan ${hijriYear} does not begin in ${year}; the Ramadan of ${year} is ${names}`, { field: 'body.hijriYear' });
    return chosen;
  }
  if (beginning.length !== 1) {
    throw new InvalidInput(`two Ramadans begin in ${year}, ${names}: give body.hijriYear to say which`, { field: 'body.hijriYear' });
  }
  return beginning[0]!;
}

/** An announced first or last day of Ramadan, checked to lie near the computed one. */
export function announcedRamadanDay(value: string | undefined, computed: IsoDate, field: string): IsoDate | undefined {
  if (value === undefined) return undefined;
  const day = calendarDate(value, field);
  const offset = toEpochDay(day) - toEpochDay(computed);
  if (Math.abs(offset) > RAMADAN_TOLERANCE_DAYS) {
    throw new InvalidInput(`${field} (${day}) must be within ${RAMADAN_TOLERANCE_DAYS} days of the computed ${computed}`, { field });
  }
  return day;
}

/** Ramadan lasts 29 or 30 days; checked on the dates that result from a change, announced or still computed. */
export function checkRamadanLength(ramadan: { from: IsoDate; to: IsoDate; fromConfirmed: boolean; toConfirmed: boolean }): void {
  const days = toEpochDay(ramadan.to) - toEpochDay(ramadan.from) + 1;
  if (days === 29 || days === 30) return;
  const state = (confirmed: boolean) => (confirmed ? 'announced' : 'computed');
  throw new InvalidInput(
    `Ramadan lasts 29 or 30 days, but from ${ramadan.from} (${state(ramadan.fromConfirmed)}) to ${ramadan.to} (${state(ramadan.toConfirmed)}) ` +
      `is ${days} days; give body.start and body.end together`,
    { field: ramadan.toConfirmed ? 'body.start' : 'body.end' },
  );
}
