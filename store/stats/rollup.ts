import { Prisma } from '../../prisma/generated/client.js';
import type { InstantRange } from './scope.js';

/**
 * statistics_rollup (migration 20261207150000_statistics_rollup): counts per slot — a UTC day, its
 * last hour apart — and per scope. A Moroccan local day starts at 23:00 or 00:00 UTC (legal time
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
