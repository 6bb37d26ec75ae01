import { CASE_DEFINITIONS } from '../../domain/cases/machines.js';
import { Prisma } from '../../prisma/generated/client.js';

/** Which cases a statistic counts: the entities the reader may see and the filters asked for. */
export interface StatsScope {
  /** null: every entity (administrators without `entity`) */
  entityId: string | null;
  serviceId: string | null;
  caseType: string | null;
  officeId: string | null;
}

/** A period as instants: [fromMs, toMs). */
export interface InstantRange {
  fromMs: number;
  toMs: number;
}

/** The conditions of the scope on the case row `c`, each on a column the case indexes lead with. */
export function inScope(scope: StatsScope): Prisma.Sql {
  const conditions = [
    scope.entityId ? Prisma.sql`c.entity_id = ${scope.entityId}::uuid` : null,
    scope.serviceId ? Prisma.sql`c.service_id = ${scope.serviceId}::uuid` : null,
    scope.caseType ? Prisma.sql`c.case_type = ${scope.caseType}` : null,
    scope.officeId ? Prisma.sql`c.office_id = ${scope.officeId}::uuid` : null,
  ].filter((c): c is Prisma.Sql => c !== null);
  return conditions.length === 0 ? Prisma.sql`TRUE` : Prisma.join(conditions, ' AND ');
}

/** `column` within the range, as timestamptz parameters. */
export function within(column: Prisma.Sql, range: InstantRange): Prisma.Sql {
  return Prisma.sql`${column} >= ${new Date(range.fromMs)} AND ${column} < ${new Date(range.toMs)}`;
}

/**
 * Clocks that measure the citizen's time (a window to complain or reopen), not the
 * administration's: no breach, no compliance, no risk.
 */
export const WINDOW_CLOCKS: ReadonlyArray<{ caseType: string; clock: string }> = Object.entries(CASE_DEFINITIONS).flatMap(([caseType, definition]) =>
  definition.clocks.filter((c) => c.window).map((c) => ({ caseType, clock: c.name })),
);

/** True for a clock (by default `cc`'s) of case `c` that is the administration's deadline. */
export function administrationClock(clock: Prisma.Sql = Prisma.sql`cc.clock`): Prisma.Sql {
  if (WINDOW_CLOCKS.length === 0) return Prisma.sql`TRUE`;
  const windows = WINDOW_CLOCKS.map((w) => Prisma.sql`(${w.caseType}, ${w.clock})`);
  return Prisma.sql`(c.case_type, ${clock}) NOT IN (${Prisma.join(windows)})`;
}

/**
 * The days from `earlier` to `later` (timestamptz), as a float8 with the fraction of a day; date_part,
 * as statistics_calendar_days in SQL: extract's numeric arithmetic costs twice as much per row.
 */
export function days(later: Prisma.Sql, earlier: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`(date_part('epoch', ${later} - ${earlier}) / 86400.0)`;
}
