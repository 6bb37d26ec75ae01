import { calendarIndex, type CalendarIndex } from '../../domain/calendar/calendar-index.js';
import { toEpochDay, type EpochDay } from '../../domain/calendar/iso-date.js';
import { ramadanDates } from '../../domain/calendar/office-hours.js';
import type { BusinessCalendar } from '../../domain/calendar/types.js';
import { advanceWorkingEpochDays, nonWorkingReasonOfDay, workingDaysBetweenEpochDays } from '../../domain/calendar/working-days.js';
import { localDateOfMs, localTimeToMs } from '../../domain/calendar/zoned-time.js';
import type { ZoneRules } from '../../domain/calendar/zone-rules.js';
import type { Random } from './random.js';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/** Office hours in minutes of the Moroccan wall clock: 08:30–16:30, Ramadan 09:00–15:00 (DESIGN.md). */
const OFFICE = { opens: 8 * 60 + 30, closes: 16 * 60 + 30 };
const RAMADAN_OFFICE = { opens: 9 * 60, closes: 15 * 60 };

/**
 * When people act, on an entity's business calendar: staff within office hours of working days,
 * citizens at any waking hour of any day. Times are read on the Moroccan wall clock of the tz data
 * the platform ships, as every real case's are.
 */
export class WorkingTime {
  readonly index: CalendarIndex;
  private readonly ramadan = new Set<EpochDay>();

  constructor(
    readonly calendar: BusinessCalendar,
    readonly zone: ZoneRules,
    years: readonly number[],
  ) {
    this.index = calendarIndex(calendar);
    for (const year of years) {
      for (const period of ramadanDates(year)) {
        for (let d = toEpochDay(period.from); d <= toEpochDay(period.to); d++) this.ramadan.add(d);
      }
    }
  }

  dayOf(ms: number): EpochDay {
    return toEpochDay(localDateOfMs(ms, this.zone));
  }

  isWorkingDay(day: EpochDay): boolean {
    return nonWorkingReasonOfDay(this.index, day) === null;
  }

  isHoliday(day: EpochDay): boolean {
    return this.index.holidayByDay.has(day);
  }

  inRamadan(day: EpochDay): boolean {
    return this.ramadan.has(day);
  }

  hours(day: EpochDay) {
    return this.inRamadan(day) ? RAMADAN_OFFICE : OFFICE;
  }

  at(day: EpochDay, minuteOfDay: number): number {
    return localTimeToMs(new Date(day * DAY_MS).toISOString().slice(0, 10), minuteOfDay, this.zone);
  }

  /** a time within the office hours of `day` */
  officeTime(day: EpochDay, rng: Random): number {
    const { opens, closes } = this.hours(day);
    return this.at(day, opens + rng.below(closes - opens));
  }

  /** Working days d with from < d <= to, as SLA budgets count them. */
  workingDaysBetween(fromMs: number, toMs: number): number {
    return workingDaysBetweenEpochDays(this.index, this.dayOf(fromMs), this.dayOf(toMs));
  }

  /**
   * A staff step `workingDays` after `fromMs` (fractions are hours of the day it lands on), in
   * office hours, and always a little after `fromMs`.
   */
  afterWorkingDays(fromMs: number, workingDays: number, rng: Random): number {
    const start = this.dayOf(fromMs);
    const whole = Math.floor(workingDays);
    let day = whole === 0 ? start : advanceWorkingEpochDays(this.index, start, whole);
    while (!this.isWorkingDay(day)) day++;
    const { opens, closes } = this.hours(day);
    const share = workingDays - whole;
    const minute = opens + Math.floor(share * (closes - opens));
    let at = this.at(day, minute);
    if (at <= fromMs) at = fromMs + (5 + rng.below(90)) * MINUTE_MS;
    return at;
  }

  /** A citizen's step `days` calendar days after `fromMs`, between 07:00 and 23:00. */
  afterDays(fromMs: number, days: number, rng: Random): number {
    const target = fromMs + days * DAY_MS;
    const day = this.dayOf(target);
    let at = this.at(day, 7 * 60 + rng.below(16 * 60));
    if (at <= fromMs) at = fromMs + (5 + rng.below(120)) * MINUTE_MS;
    return at;
  }
}
