import { fromEpochDay, isIsoDate, toEpochDay, weekdayOf } from '../calendar/iso-date.js';
import type { IsoDate } from '../calendar/types.js';
import type { TimeZone } from '../calendar/zone-rules.js';
import { endOfLocalDayMs } from '../calendar/zoned-time.js';

/** How the statistics group a range of local dates. */
export const GROUP_BYS = ['day', 'week', 'month'] as const;
export type GroupBy = (typeof GROUP_BYS)[number];

/** More periods than this make neither a chart nor a table anyone reads, and cost a query plan each. */
export const MAX_PERIODS = 1000;

/** One period of a range: its label and its first local date (the range's first date for a period cut by it). */
export interface Period {
  label: string;
  start: IsoDate;
}

/** The Monday (ISO weekday 1) of the ISO week of a day. */
function mondayOf(day: number): number {
  return day - ((weekdayOf(day) + 6) % 7);
}

/** ISO 8601 week label, e.g. `2026-W48`: the week belongs to the year of its Thursday. */
export function isoWeekLabel(date: IsoDate): string {
  const thursday = mondayOf(toEpochDay(date)) + 3;
  const year = Number(fromEpochDay(thursday).slice(0, 4));
  const firstThursday = mondayOf(toEpochDay(`${year}-01-04`)) + 3;
  const week = (thursday - firstThursday) / 7 + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

export function periodLabel(date: IsoDate, groupBy: GroupBy): string {
  switch (groupBy) {
    case 'day':
      return date;
    case 'week':
      return isoWeekLabel(date);
    case 'month':
      return date.slice(0, 7);
  }
}

/** The first local date of the period after the one holding `date`. */
function nextPeriodStart(date: IsoDate, groupBy: GroupBy): IsoDate {
  const day = toEpochDay(date);
  switch (groupBy) {
    case 'day':
      return fromEpochDay(day + 1);
    case 'week':
      return fromEpochDay(mondayOf(day) + 7);
    case 'month': {
      const [y, m] = [Number(date.slice(0, 4)), Number(date.slice(5, 7))];
      return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
    }
  }
}

/** How many periods the range would have, without listing them (refusing a huge range must be cheap). */
export function periodCount(from: IsoDate, to: IsoDate, groupBy: GroupBy): number {
  const [a, b] = [toEpochDay(from), toEpochDay(to)];
  if (b < a) return 0;
  switch (groupBy) {
    case 'day':
      return b - a + 1;
    case 'week':
      return (mondayOf(b) - mondayOf(a)) / 7 + 1;
    case 'month':
      return (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(to.slice(5, 7)) - Number(from.slice(5, 7)) + 1;
  }
}

/** Every period of [from, to] in order, the first and last cut by the range. */
export function periodsOf(from: IsoDate, to: IsoDate, groupBy: GroupBy): Period[] {
  if (periodCount(from, to, groupBy) > MAX_PERIODS) throw new RangeError(`more than ${MAX_PERIODS} periods`);
  const periods: Period[] = [];
  for (let start = from; start <= to; start = nextPeriodStart(start, groupBy)) periods.push({ label: periodLabel(start, groupBy), start });
  return periods;
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromEpochDay(toEpochDay(date) + days);
}

/** The first day of the month `months` months before the month of `date` (0: its own month). */
export function monthStartBefore(date: IsoDate, months: number): IsoDate {
  const index = Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1 - months;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}-01`;
}

/** The last day of the month holding `date`. */
export function monthEnd(date: IsoDate): IsoDate {
  return addDays(monthStartBefore(date, -1), -1);
}

/** Without `from`: the twelve months up to `to`, its month included (twelve bars grouped by month). */
export function defaultRange(to: IsoDate): { from: IsoDate; to: IsoDate } {
  return { from: monthStartBefore(to, 11), to };
}

export { isIsoDate };

/** The instant a local date begins in the zone: the one after the previous day's last millisecond. */
export function localDayStartMs(date: IsoDate, timeZone: TimeZone): number {
  return endOfLocalDayMs(addDays(date, -1), timeZone) + 1;
}
