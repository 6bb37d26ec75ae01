import { Prisma } from '../../prisma/generated/client.js';
import type { InstantRange } from './scope.js';

/**
 * statistics_rollup (migration 20261207150000_statistics_rollup): counts per slot — a UTC day, its
 * last hour apart — and per scope; some figures also per month (see rollupDaysAndMonthsIn). A Moroccan local day starts at 23:00 or 00:00 UTC (legal time
 * UTC+1 or UTC+0), so a period of local days is a run of whole slots. Read as `c`, so that the
 * scope's conditions (scope.ts) apply to it as to a case row.
 */
export type RollupFigure =
  | 'submitted'
  | 'closed'
  | 'closed_working_days'
  | 'closed_calendar_days'
  | 'handler_closed'
  | 'clock_stopped'
  | 'clock_breached'
  | 'handler_breached'
  | 'escalated'
  | 'deadline_extended';

const HOUR_MS = 3_600_000;

/** A slot starts on a whole UTC hour, 23:00 or 00:00. */
function startsSlot(ms: number): boolean {
  const hour = new Date(ms).getUTCHours();
  return ms % HOUR_MS === 0 && (hour === 0 || hour === 23);
}

/** Bounds that are not slot starts would be counted wrong: a legal time other than UTC+0 or UTC+1 needs other slots. */
export function checkSlotBounds(bounds: readonly number[]): void {
  const off = bounds.find((ms) => !startsSlot(ms));
  if (off !== undefined) throw new Error(`the statistics rollup cannot count from ${new Date(off).toISOString()}: its slots start at 23:00 or 00:00 UTC`);
}

/** Rollup rows `c` of `figure` whose slot is within the range. */
export function rollupIn(figure: RollupFigure, range: InstantRange): Prisma.Sql {
  checkSlotBounds([range.fromMs, range.toMs]);
  return Prisma.sql`c.figure = ${figure} AND c.slot >= ${new Date(range.fromMs)} AND c.slot < ${new Date(range.toMs)}`;
}

/** The figures counted per month besides per day (migration 20261207182000_statistics_months). */
export type MonthlyFigure = 'closed_working_days' | 'closed_calendar_days' | 'handler_closed';

const nextMonth = (ms: number) => {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
};

/**
 * The UTC months whose month rows lie within the range: a month row counts its UTC month but the
 * last hour, so it lies within [from, to) when the month starts at or after `from` and its last hour
 * starts at or before `to`. Their starts, oldest first.
 */
export function monthsWithin(range: InstantRange): number[] {
  const first = new Date(range.fromMs);
  let month = Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), 1);
  if (month < range.fromMs) month = nextMonth(month);
  const months: number[] = [];
  for (; nextMonth(month) - HOUR_MS <= range.toMs; month = nextMonth(month)) months.push(month);
  return months;
}

/**
 * Rollup rows `c` that count `figure` within the range, as few as can: the month rows of the months
 * within it, and the day rows of the rest — the days before and after them, and the last hour of
 * each month but the last. Read their figure as split_part(c.figure, '@', 1).
 */
export function rollupDaysAndMonthsIn(figure: MonthlyFigure, range: InstantRange): Prisma.Sql {
  const months = monthsWithin(range);
  if (months.length === 0) return Prisma.sql`(${rollupIn(figure, range)})`;
  checkSlotBounds([range.fromMs, range.toMs]);
  const monthsStart = months[0]!;
  const monthsEnd = nextMonth(months.at(-1)!) - HOUR_MS;
  const lastHours = months.slice(0, -1).map((m) => new Date(nextMonth(m) - HOUR_MS));
  const days = [
    Prisma.sql`c.slot >= ${new Date(range.fromMs)} AND c.slot < ${new Date(monthsStart)}`,
    Prisma.sql`c.slot >= ${new Date(monthsEnd)} AND c.slot < ${new Date(range.toMs)}`,
    ...(lastHours.length > 0 ? [Prisma.sql`c.slot IN (${Prisma.join(lastHours)})`] : []),
  ];
  return Prisma.sql`(c.figure = ${figure} AND (${Prisma.join(days, ' OR ')})
    OR c.figure = ${`${figure}@month`} AND c.slot >= ${new Date(monthsStart)} AND c.slot < ${new Date(monthsEnd)})`;
}
