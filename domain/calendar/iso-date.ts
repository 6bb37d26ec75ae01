import type { IsoDate } from './types.js';

/**
 * Civil dates as whole days since 1970-01-01 ("epoch days"). All calendar arithmetic runs on
 * these integers, never on local time, so the host time zone can never shift a date.
 *
 * The conversions are Howard Hinnant's public-domain days_from_civil / civil_from_days
 * algorithms rather than Date objects and toISOString: they sit on the hot path of deadline
 * spans of ten years (thousands of days per computation) and are several times faster.
 */
export type EpochDay = number;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isLeapYear(y: number): boolean {
  return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
}

function daysInMonth(y: number, m: number): number {
  return m === 2 ? (isLeapYear(y) ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

function daysFromCivil(y: number, m: number, d: number): EpochDay {
  const year = m <= 2 ? y - 1 : y;
  const era = Math.floor(year / 400);
  const yearOfEra = year - era * 400;
  const dayOfYear = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

function parse(value: unknown): EpochDay | null {
  if (typeof value !== 'string') return null;
  const match = ISO_DATE.exec(value);
  if (!match) return null;
  const y = Number(match[1]);
  const m = Number(match[2]);
  const d = Number(match[3]);
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return null;
  return daysFromCivil(y, m, d);
}

export function isIsoDate(value: unknown): value is IsoDate {
  return parse(value) !== null;
}

export function toEpochDay(date: IsoDate): EpochDay {
  const day = parse(date);
  if (day === null) throw new RangeError(`not a calendar date in YYYY-MM-DD form: ${JSON.stringify(date)}`);
  return day;
}

export function fromEpochDay(day: EpochDay): IsoDate {
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const d = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yearOfEra + era * 400 + (m <= 2 ? 1 : 0);
  return `${String(y).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

/** 0 = Sunday … 6 = Saturday, like Date#getUTCDay; 1970-01-01 was a Thursday. */
export function weekdayOf(day: EpochDay): number {
  return (((day + 4) % 7) + 7) % 7;
}
