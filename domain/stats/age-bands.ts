import { calendarIndex } from '../calendar/calendar-index.js';
import { fromEpochDay, toEpochDay, weekdayOf } from '../calendar/iso-date.js';
import type { BusinessCalendar, IsoDate } from '../calendar/types.js';

/** Age of an open case in working days since its submission, by band. */
export const AGE_BANDS = [
  { label: '0-5', max: 5 },
  { label: '6-10', max: 10 },
  { label: '11-20', max: 20 },
  { label: '21-40', max: 40 },
  { label: '41+', max: Number.POSITIVE_INFINITY },
] as const;
export type AgeBand = (typeof AGE_BANDS)[number]['label'];

/**
 * For each bounded band, the earliest local submission date whose age on `today` is at most the
 * band's maximum. Age counts as SLA budgets count: working days d with submission < d <= today.
 * A case submitted on or after `since[i]` is in band i or a younger one: SQL then compares
 * submitted_at with the start of those days, never reading the calendar itself.
 */
export function ageBandThresholds(calendar: BusinessCalendar, today: IsoDate): Array<{ label: AgeBand; since: IsoDate | null }> {
  const index = calendarIndex(calendar);
  const working = (day: number) => !index.isWeekend[weekdayOf(day)] && !index.holidayByDay.has(day);
  let day = toEpochDay(today);
  let age = 0;
  return AGE_BANDS.map((band) => {
    if (!Number.isFinite(band.max)) return { label: band.label, since: null };
    // Walk back while the day before would still be within the band: stepping back past a working day ages the case by one.
    while (age + (working(day) ? 1 : 0) <= band.max) {
      age += working(day) ? 1 : 0;
      day -= 1;
    }
    return { label: band.label, since: fromEpochDay(day) };
  });
}

/** The band of an age in working days. */
export function ageBandOf(workingDays: number): AgeBand {
  return AGE_BANDS.find((band) => workingDays <= band.max)!.label;
}
