import { calendarIndex, countAtMost, type CalendarIndex } from './calendar-index.js';
import { fromEpochDay, toEpochDay, weekdayOf, type EpochDay } from './iso-date.js';
import type { BusinessCalendar, Holiday, IsoDate } from './types.js';

export { toLocalDate, endOfLocalDay } from './zoned-time.js';
export { nationalCalendar, weekendOnlyCalendar } from './national-calendar.js';

export type NonWorkingReason = { reason: 'weekend' } | { reason: 'holiday'; holiday: Holiday };

/** A day passed over by the arithmetic, with why. */
export type SkippedDay = { date: IsoDate } & NonWorkingReason;

/*
 * A holiday on a weekend day is reported as weekend: Morocco gives no substitute day, so such a
 * holiday removes nothing from a deadline and an explanation should not credit it.
 */
export function nonWorkingReasonOfDay(index: CalendarIndex, day: EpochDay): NonWorkingReason | null {
  if (index.isWeekend[weekdayOf(day)]) return { reason: 'weekend' };
  const holiday = index.holidayByDay.get(day);
  return holiday ? { reason: 'holiday', holiday } : null;
}

function isWorkingEpochDay(index: CalendarIndex, day: EpochDay): boolean {
  return !index.isWeekend[weekdayOf(day)] && !index.holidayByDay.has(day);
}

export function nonWorkingReason(cal: BusinessCalendar, d: IsoDate): NonWorkingReason | null {
  return nonWorkingReasonOfDay(calendarIndex(cal), toEpochDay(d));
}

export function isWorkingDay(cal: BusinessCalendar, d: IsoDate): boolean {
  return isWorkingEpochDay(calendarIndex(cal), toEpochDay(d));
}

function assertDayCount(n: number): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`a number of days must be a whole number >= 0, got ${n}`);
}

/** Working days d with from < d <= to, in O(log holidays): whole weeks by arithmetic, holidays by binary search. */
export function workingDaysBetweenEpochDays(index: CalendarIndex, from: EpochDay, to: EpochDay): number {
  if (to <= from) return 0;
  const span = to - from;
  let count = Math.floor(span / 7) * index.workingDaysPerWeek;
  for (let day = from + 1 + Math.floor(span / 7) * 7; day <= to; day++) {
    if (!index.isWeekend[weekdayOf(day)]) count++;
  }
  return count - (countAtMost(index.weekdayHolidays, to) - countAtMost(index.weekdayHolidays, from));
}

/**
 * The n-th working day after `from` without listing what was skipped: jumps whole weeks that
 * cannot yet hold the n-th working day, then walks the few remaining days.
 */
export function advanceWorkingEpochDays(index: CalendarIndex, from: EpochDay, n: number): EpochDay {
  if (n === 0) return from;
  let day = from + Math.floor((n - 1) / index.workingDaysPerWeek) * 7;
  let counted = workingDaysBetweenEpochDays(index, from, day);
  while (counted < n) {
    day++;
    if (isWorkingEpochDay(index, day)) counted++;
  }
  return day;
}

/** The first working day on or after `day`, listing the non-working days rolled over. */
export function rollToWorkingEpochDay(index: CalendarIndex, day: EpochDay, skipped: SkippedDay[]): EpochDay {
  let current = day;
  for (let reason = nonWorkingReasonOfDay(index, current); reason; reason = nonWorkingReasonOfDay(index, current)) {
    skipped.push({ date: fromEpochDay(current), ...reason });
    current++;
  }
  return current;
}

/** The n-th working day after `from` (`from` itself is not counted; n = 0 gives `from`). */
export function addWorkingDays(cal: BusinessCalendar, from: IsoDate, n: number): { date: IsoDate; skipped: SkippedDay[] } {
  assertDayCount(n);
  const index = calendarIndex(cal);
  const skipped: SkippedDay[] = [];
  let day = toEpochDay(from);
  for (let counted = 0; counted < n; ) {
    day++;
    const reason = nonWorkingReasonOfDay(index, day);
    if (reason) skipped.push({ date: fromEpochDay(day), ...reason });
    else counted++;
  }
  return { date: fromEpochDay(day), skipped };
}

/**
 * n calendar days after `from`; a result on a weekend or holiday rolls forward to the next
 * working day (a deadline cannot expire on a day the office is closed, the usual rule of Moroccan
 * procedure), and the rolled-over days are the ones listed as skipped. This applies to n = 0 too.
 */
export function addCalendarDays(cal: BusinessCalendar, from: IsoDate, n: number): { date: IsoDate; skipped: SkippedDay[] } {
  assertDayCount(n);
  const skipped: SkippedDay[] = [];
  const day = rollToWorkingEpochDay(calendarIndex(cal), toEpochDay(from) + n, skipped);
  return { date: fromEpochDay(day), skipped };
}

/** Working days d with from < d <= to; 0 when to <= from. */
export function workingDaysBetween(cal: BusinessCalendar, from: IsoDate, to: IsoDate): number {
  return workingDaysBetweenEpochDays(calendarIndex(cal), toEpochDay(from), toEpochDay(to));
}
