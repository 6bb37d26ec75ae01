import { toEpochDay, weekdayOf, type EpochDay } from './iso-date.js';
import type { BusinessCalendar, Holiday } from './types.js';

/** Lookup structures derived once from a BusinessCalendar (which stays plain, serialisable data). */
export interface CalendarIndex {
  isWeekend: readonly boolean[];
  /** first holiday listed for each day (a day can carry two, e.g. Mawlid on 14 August) */
  holidayByDay: ReadonlyMap<EpochDay, Holiday>;
  /** sorted, distinct days that are holidays and not weekend days: the days a holiday actually removes */
  weekdayHolidays: readonly EpochDay[];
  workingDaysPerWeek: number;
}

/*
 * Keyed by the calendar object: a workflow holds one calendar until a signal replaces it with a
 * new object, so the index is built once per calendar and collected with it. Calendars must
 * therefore be treated as immutable once used.
 */
const indexes = new WeakMap<BusinessCalendar, CalendarIndex>();

export function calendarIndex(cal: BusinessCalendar): CalendarIndex {
  let index = indexes.get(cal);
  if (!index) {
    index = buildIndex(cal);
    indexes.set(cal, index);
  }
  return index;
}

function buildIndex(cal: BusinessCalendar): CalendarIndex {
  const isWeekend = Array.from({ length: 7 }, () => false);
  for (const day of cal.weekend) {
    if (!Number.isInteger(day) || day < 0 || day > 6) {
      throw new RangeError(`weekend days are 0 (Sunday) to 6 (Saturday), got ${day}`);
    }
    isWeekend[day] = true;
  }
  const workingDaysPerWeek = isWeekend.filter((w) => !w).length;
  if (workingDaysPerWeek === 0) throw new RangeError('a calendar needs at least one working day per week');

  const holidayByDay = new Map<EpochDay, Holiday>();
  for (const holiday of cal.holidays) {
    const day = toEpochDay(holiday.date);
    if (!holidayByDay.has(day)) holidayByDay.set(day, holiday);
  }
  const weekdayHolidays = [...holidayByDay.keys()].filter((d) => !isWeekend[weekdayOf(d)]).sort((a, b) => a - b);
  return { isWeekend, holidayByDay, weekdayHolidays, workingDaysPerWeek };
}

/** Number of entries of a sorted array that are <= value. */
export function countAtMost(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
