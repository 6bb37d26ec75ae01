import { nationalCalendar } from '../../domain/calendar/national-calendar.js';
import type { IsoDate } from '../../domain/calendar/types.js';
import { addWorkingDays } from '../../domain/calendar/working-days.js';
import { toLocalDate } from '../../domain/calendar/zoned-time.js';
import { moroccoLegalTime } from '../../platform/legal-time.js';

/** The Moroccan civil date of an instant (a case's dueAt, say) in legal time: the day a citizen reads. */
export function moroccanDate(instant: string | Date): IsoDate {
  return toLocalDate(typeof instant === 'string' ? instant : instant.toISOString(), moroccoLegalTime());
}

/** Today in Morocco, read at each call: a run that crosses midnight sees the new day. */
export function today(): IsoDate {
  return moroccanDate(new Date());
}

/*
 * Day arithmetic on UTC midnights rather than domain/calendar/iso-date.ts: tests that count days
 * (the reference counts of the domain tests among them) then check that code instead of repeating it.
 */
const DAY_MS = 86_400_000;

export function addDays(date: IsoDate, days: number): IsoDate {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Saturday or Sunday, Morocco's weekend. */
export function isWeekend(date: IsoDate): boolean {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday === 0 || weekday === 6;
}

/**
 * The first day a case submitted today counts, by the computed national calendar: a day off there
 * moves the due date of every such case.
 */
export function firstCountedDay(): IsoDate {
  const from = today();
  const year = Number(from.slice(0, 4));
  return addWorkingDays(nationalCalendar([year, year + 1]), from, 1).date;
}
