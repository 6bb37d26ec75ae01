import type { Client } from '@temporalio/client';
import { nationalCalendar } from '../../domain/calendar/national-calendar.js';
import { ramadanDates, type RamadanPeriod } from '../../domain/calendar/office-hours.js';
import type { IsoDate } from '../../domain/calendar/types.js';
import { isWorkingDay } from '../../domain/calendar/working-days.js';
import { calendarChangedSignal } from '../../workflows/messages.js';
import { addDays } from '../support/dates.js';

export interface HolidayView {
  date: string;
  key: string;
  names: { fr: string; ar: string; en: string };
  kind: string;
  status: string;
}

/** The answer of PUT and DELETE /api/v1/admin/calendar/holidays/:date. */
export interface ChangeAnswer {
  entity: string | null;
  key: string;
  change: string;
  changedDates: string[];
  reason: { fr: string; ar: string; en: string };
  casesNotified: number | null;
  propagation: { workflowId: string; status: string; skippedFinished: number | null };
  years: number[];
  holidays: HolidayView[];
}

export const EID_AL_FITR = { fr: 'Aïd al-Fitr', ar: 'عيد الفطر', en: 'Eid al-Fitr' };

/** The current year as the API counts it (UTC). */
const THIS_YEAR = new Date().getUTCFullYear();
/** The calendar API publishes the years from 2024 to ten years after the current one. */
export const LAST_PUBLISHED_YEAR = THIS_YEAR + 10;
export const PUBLISHED_YEARS = new RegExp(`2024 to ${LAST_PUBLISHED_YEAR}\\b`);

/*
 * Tests change the NATIONAL calendar (holidays, Ramadan hours) only six to nine years ahead: no
 * case submitted during a run is due that far (the longest, lunar-change.test.ts's, runs about
 * two years), and counting from the current year keeps those years ahead as time passes. Each
 * test takes a year and, within it, days of its own (see quietWorkingDay).
 */
export function nationalTestYear(yearsAhead: 6 | 7 | 8 | 9): number {
  return THIS_YEAR + yearsAhead;
}

/** The computed national calendar of `year` and its neighbours (a span near New Year reads both). */
export function computedNationalCalendar(year: number) {
  return nationalCalendar([year - 1, year, year + 1]);
}

/** The one Ramadan that begins in `year`, as computed (two begin in 2030, and in 2063: a national test year from 2054 only). */
export function ramadanBeginningIn(year: number): RamadanPeriod {
  const beginning = ramadanDates(year).filter((r) => r.from.startsWith(`${year}-`));
  if (beginning.length !== 1) throw new Error(`expected one Ramadan to begin in ${year}, found ${beginning.length}`);
  return beginning[0]!;
}

/** Days from `from` to `to`, both included. */
export function daysFrom(from: IsoDate, to: IsoDate): IsoDate[] {
  const days: IsoDate[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) days.push(day);
  return days;
}

/** The first national working day (computed calendar) on or after `date`, or on or before it. */
export function workingDayOnOrAfter(date: IsoDate): IsoDate {
  const calendar = computedNationalCalendar(Number(date.slice(0, 4)));
  let day = date;
  while (!isWorkingDay(calendar, day)) day = addDays(day, 1);
  return day;
}

export function workingDayOnOrBefore(date: IsoDate): IsoDate {
  const calendar = computedNationalCalendar(Number(date.slice(0, 4)));
  let day = date;
  while (!isWorkingDay(calendar, day)) day = addDays(day, -1);
  return day;
}

/*
 * office-hours-admin.test.ts reads the office hours from a few days before each computed Ramadan
 * of the national test years to its Eid, while admin-calendar.test.ts adds and cancels national
 * days off in the same years: those days are taken at least this far from any Ramadan.
 */
const RAMADAN_MARGIN_DAYS = 7;

function nearRamadan(date: IsoDate): boolean {
  const year = Number(date.slice(0, 4));
  return [year - 1, year, year + 1]
    .flatMap(ramadanDates)
    .some((r) => date >= addDays(r.from, -RAMADAN_MARGIN_DAYS) && date <= addDays(r.to, RAMADAN_MARGIN_DAYS));
}

/**
 * Whether a national day off on `date` can be tested on its own: the days before and after it are
 * working days (so it moves a one-day budget from the day before by exactly one day), and it is
 * away from Ramadan.
 */
export function isQuietDay(date: IsoDate): boolean {
  const calendar = computedNationalCalendar(Number(date.slice(0, 4)));
  return isWorkingDay(calendar, addDays(date, -1)) && isWorkingDay(calendar, addDays(date, 1)) && !nearRamadan(date);
}

/** The first national working day on or after `from` on which a day off can be tested on its own. */
export function quietWorkingDay(from: IsoDate): IsoDate {
  const calendar = computedNationalCalendar(Number(from.slice(0, 4)));
  for (let day = from; day < addDays(from, 366); day = addDays(day, 1)) {
    if (isWorkingDay(calendar, day) && isQuietDay(day)) return day;
  }
  throw new Error(`no quiet working day within a year of ${from}`);
}

/** How many calendar changes a case's workflow has been told of, read from its Temporal history. */
export async function calendarSignalsReceived(temporal: Client, workflowId: string): Promise<number> {
  const history = await temporal.workflow.getHandle(workflowId).fetchHistory();
  return (history.events ?? []).filter((e) => e.workflowExecutionSignaledEventAttributes?.signalName === calendarChangedSignal.name).length;
}

/** One day of GET /api/v1/calendar/office-hours. */
export interface OfficeDay {
  date: string;
  open: boolean;
  reason: string;
  intervals: Array<{ from: string; to: string }>;
  holiday?: { key: string; names: { fr: string; ar: string; en: string }; kind: string; status: string };
  ramadan?: { hijriYear: number; from: string; to: string; fromConfirmed: boolean; toConfirmed: boolean };
}
