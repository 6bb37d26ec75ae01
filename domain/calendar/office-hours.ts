import { fromEpochDay, toEpochDay } from './iso-date.js';
import { moroccanHolidays } from './moroccan-holidays.js';
import type { BusinessCalendar, Holiday, IsoDate } from './types.js';
import { nonWorkingReason } from './working-days.js';

/*
 * When an office is open on a given day. Hours are wall-clock times in Africa/Casablanca: the
 * zone leaves UTC+1 for UTC+0 during Ramadan, and the office hours follow the wall clock, not UTC.
 */

/** A time of day on the Moroccan wall clock, 24-hour `HH:MM` (e.g. "08:30"). */
export type ClockTime = string;

export interface OpeningInterval {
  from: ClockTime;
  to: ClockTime;
}

/** The opening intervals of a working day, in order and not overlapping; empty: closed all day. */
export type OfficeHours = readonly OpeningInterval[];

/** The continuous working day of Moroccan public administrations, Monday to Friday. */
export const DEFAULT_REGULAR_HOURS: OfficeHours = Object.freeze([Object.freeze({ from: '08:30', to: '16:30' })]);

/**
 * The public-sector Ramadan schedule of recent years. The government sets it again for each
 * Ramadan, so it is only the default: an administrator sets each year's hours (office_schedule).
 */
export const DEFAULT_RAMADAN_HOURS: OfficeHours = Object.freeze([Object.freeze({ from: '09:00', to: '15:00' })]);

const CLOCK_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Minutes since midnight of an `HH:MM` time (00:00 to 23:59), or null if it is not one. */
export function clockMinutes(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const match = CLOCK_TIME.exec(value);
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}

/** One opening interval from its opening and closing times; throws a RangeError unless it opens before it closes. */
export function openingHours(opensAt: ClockTime, closesAt: ClockTime): OfficeHours {
  const opens = clockMinutes(opensAt);
  const closes = clockMinutes(closesAt);
  if (opens === null || closes === null) {
    throw new RangeError(`office hours are HH:MM times, got ${JSON.stringify(opensAt)} to ${JSON.stringify(closesAt)}`);
  }
  if (opens >= closes) throw new RangeError(`an office must open before it closes, got ${opensAt} to ${closesAt}`);
  return [{ from: opensAt, to: closesAt }];
}

/** One Ramadan: its first and last day (1 Ramadan to 29 or 30 Ramadan), inclusive. */
export interface RamadanPeriod {
  hijriYear: number;
  from: IsoDate;
  to: IsoDate;
}

const RAMADAN_DAYS_IN_ISLAMIC_CIVIL = 30;

/*
 * Ramadan is read off the computed Eid al-Fitr (1 Shawwal) of moroccan-holidays.ts, so the two
 * always agree: it is the 30 days before it, because the tabular 'islamic-civil' calendar used
 * there gives every odd month, Ramadan (the 9th) included, 30 days. Like the lunar holidays these
 * dates are provisional: Ramadan begins and ends with a moon sighting (often a day later than
 * computed, and it may last 29 days), and the dates an administrator confirms for a year
 * replace these (office_schedule, read by store/office-hours-source.ts).
 */
function ramadansBefore(eidDays: Holiday[]): RamadanPeriod[] {
  const firstDayOfEid = new Map<string, IsoDate>();
  for (const h of eidDays) {
    const known = firstDayOfEid.get(h.key);
    if (known === undefined || h.date < known) firstDayOfEid.set(h.key, h.date);
  }
  return [...firstDayOfEid.entries()].map(([key, eid]) => ({
    hijriYear: Number(key.slice(key.lastIndexOf('-') + 1)),
    from: fromEpochDay(toEpochDay(eid) - RAMADAN_DAYS_IN_ISLAMIC_CIVIL),
    to: fromEpochDay(toEpochDay(eid) - 1),
  }));
}

/**
 * The computed Ramadans with at least one day in the Gregorian `year`, in order, each whole
 * (its first or last day can lie in the year before or after). Usually one; two in a year such
 * as 2030, which sees Ramadan 1451 in January and the start of Ramadan 1452 in December.
 */
export function ramadanDates(year: number): RamadanPeriod[] {
  // A Ramadan touching `year` ends by the following January, so its Eid is in `year` or the next.
  const eidDays = [...moroccanHolidays(year), ...moroccanHolidays(year + 1)].filter((h) => h.key.startsWith('eid_al_fitr-'));
  const first = `${year}-01-01`;
  const last = `${year}-12-31`;
  return ramadansBefore(eidDays)
    .filter((r) => r.to >= first && r.from <= last)
    .sort((a, b) => (a.from < b.from ? -1 : 1));
}

/** The Ramadan hours in force, between the days this Ramadan begins and ends (computed, or confirmed by an administrator). */
export interface RamadanSchedule extends RamadanPeriod {
  fromConfirmed: boolean;
  toConfirmed: boolean;
  hours: OfficeHours;
}

export interface OfficeHoursRules {
  /** weekend and holidays of the scope (national, or as the entity observes them) */
  calendar: BusinessCalendar;
  /** the national hours of a working day outside Ramadan */
  regular: OfficeHours;
  /** the entity's own hours outside Ramadan, replacing `regular`; Ramadan hours are set for the whole public sector */
  entityRegular?: OfficeHours | null;
  /** the Ramadan that may cover the day; null: none */
  ramadan: RamadanSchedule | null;
}

export type OfficeDayReason = 'regular' | 'ramadan' | 'weekend' | 'holiday';

export interface OfficeDay {
  date: IsoDate;
  open: boolean;
  reason: OfficeDayReason;
  /** the opening intervals; empty when closed */
  intervals: OpeningInterval[];
  /** reason 'holiday': the day off */
  holiday?: Holiday;
  /** reason 'ramadan': which Ramadan, and whether its dates are announced yet */
  ramadan?: Omit<RamadanSchedule, 'hours'>;
}

/**
 * The office hours of `date`: closed on weekends and holidays (a holiday on a weekend day is
 * reported as weekend, as in the working-day arithmetic), else the Ramadan hours within Ramadan,
 * else the entity's or the national regular hours.
 */
export function officeHoursOn(date: IsoDate, rules: OfficeHoursRules): OfficeDay {
  const closed = nonWorkingReason(rules.calendar, date);
  if (closed?.reason === 'weekend') return { date, open: false, reason: 'weekend', intervals: [] };
  if (closed) return { date, open: false, reason: 'holiday', intervals: [], holiday: closed.holiday };
  const { ramadan } = rules;
  if (ramadan && ramadan.from <= date && date <= ramadan.to) {
    const { hours, ...which } = ramadan;
    return { date, open: hours.length > 0, reason: 'ramadan', intervals: hours.map((i) => ({ ...i })), ramadan: which };
  }
  const hours = rules.entityRegular ?? rules.regular;
  return { date, open: hours.length > 0, reason: 'regular', intervals: hours.map((i) => ({ ...i })) };
}
