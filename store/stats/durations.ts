import { Prisma } from '../../prisma/generated/client.js';
import type { StatsDb } from './stats-db.js';
import { rollupIn } from './rollup.js';
import { days, inScope, within, type InstantRange, type StatsScope } from './scope.js';

const closedIn = (range: InstantRange) => within(Prisma.sql`c.closed_at`, range);

/** Per case type, cases closed in the range and the 50th/90th/95th percentiles of their time from submission to close. */
export async function processingTimes(prisma: StatsDb, scope: StatsScope, range: InstantRange) {
  return prisma.$queryRaw<Array<{ caseType: string; finished: number; working: Array<number | null> | null; calendar: number[] | null }>>`
    SELECT c.case_type AS "caseType", count(*)::int AS finished,
      percentile_cont(ARRAY[0.5, 0.9, 0.95]) WITHIN GROUP (ORDER BY c.working_days_to_close) AS working,
      percentile_cont(ARRAY[0.5, 0.9, 0.95]) WITHIN GROUP (ORDER BY ${days(Prisma.sql`c.closed_at`, Prisma.sql`c.submitted_at`)}) AS calendar
    FROM "case" c
    WHERE ${inScope(scope)} AND ${closedIn(range)}
    GROUP BY 1 ORDER BY 1`;
}

/**
 * The staff who finished at least `minSample` cases of the scope in the range (as the cases'
 * assignee when they closed): open cases now, finished, median working days, clocks breached in the range.
 */
export async function handlerFigures(prisma: StatsDb, scope: StatsScope, range: InstantRange, minSample: number) {
  const where = inScope(scope);
  // Set-based: one pass over the range's cases, its breaches from the rollup, never a subquery per handler.
  return prisma.$queryRaw<Array<{ handlerId: string; username: string; open: number; finished: number; median: number | null; breaches: number }>>`
    WITH finished AS (
      SELECT c.assignee_id, count(*)::int AS finished, percentile_cont(0.5) WITHIN GROUP (ORDER BY c.working_days_to_close) AS median
      FROM "case" c
      WHERE ${where} AND ${closedIn(range)} AND c.assignee_id IS NOT NULL
      GROUP BY c.assignee_id HAVING count(*) >= ${minSample}
    ), open AS (
      SELECT c.assignee_id, count(*)::int AS open FROM "case" c
      WHERE c.closed_at IS NULL AND ${where} AND c.assignee_id IN (SELECT assignee_id FROM finished)
      GROUP BY 1
    ), breached AS (
      SELECT c.detail::uuid AS assignee_id, sum(c.n)::int AS breaches FROM statistics_rollup c
      WHERE ${where} AND ${rollupIn('handler_breached', range)}
      GROUP BY 1
    )
    SELECT f.assignee_id::text AS "handlerId", u.username, f.finished, f.median, coalesce(o.open, 0) AS open, coalesce(b.breaches, 0) AS breaches
    FROM finished f JOIN staff_user u ON u.id = f.assignee_id
      LEFT JOIN open o ON o.assignee_id = f.assignee_id LEFT JOIN breached b ON b.assignee_id = f.assignee_id
    ORDER BY u.username`;
}
