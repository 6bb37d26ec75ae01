import { fromEpochDay, isIsoDate, toEpochDay } from '../../domain/calendar/iso-date.js';
import type { IsoDate } from '../../domain/calendar/types.js';
import { InvalidInput } from '../errors.js';

/*
 * The years the calendar API lists and lets administrators change: from 2024 (Amazigh New Year
 * became a holiday) to ten years ahead, at least to 2035. Lunar dates are computed for any year,
 * but only a window around the present is worth publishing and correcting.
 */
export const FIRST_SUPPORTED_YEAR = 2024;
export const LAST_SUPPORTED_YEAR = Math.max(2035, new Date().getUTCFullYear() + 10);

const SUPPORTED = `${FIRST_SUPPORTED_YEAR} to ${LAST_SUPPORTED_YEAR}`;

export function yearOf(date: IsoDate): number {
  return Number(date.slice(0, 4));
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromEpochDay(toEpochDay(date) + days);
}

export function supportedYear(year: number, field: string): number {
  if (year < FIRST_SUPPORTED_YEAR || year > LAST_SUPPORTED_YEAR) {
    throw new InvalidInput(`${field} must be a year from ${SUPPORTED}: the calendar is published for those years only`, { field });
  }
  return year;
}

/** A real calendar date `YYYY-MM-DD` in a supported year. */
export function calendarDate(value: string, field: string): IsoDate {
  if (!isIsoDate(value)) throw new InvalidInput(`${field} must be a calendar date written YYYY-MM-DD, got ${JSON.stringify(value)}`, { field });
  supportedYear(yearOf(value), `${field}'s year`);
  return value;
}
