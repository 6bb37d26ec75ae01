import { Prisma } from '../../prisma/generated/client.js';
import type { StatsDb } from './stats-db.js';
import { COMPLAINT_CASE_TYPES } from '../../domain/stats/tables.js';
import { checkSlotBounds, rollupIn, type RollupFigure } from './rollup.js';
import { inScope, type StatsScope } from './scope.js';

/**
 * Cases per period, from the rollup: `bounds` are the periods' first instants then the end of the
 * last (ascending). Periods with no case are absent from the map.
 */
async function countByPeriod(prisma: StatsDb, figure: RollupFigure, where: Prisma.Sql, bounds: number[]): Promise<Map<number, number>> {
  checkSlotBounds(bounds);
  const instants = bounds.map((ms) => new Date(ms).toISOString());
  const rows = await prisma.$queryRaw<Array<{ bucket: number; n: number }>>`
    SELECT width_bucket(c.slot, ${instants}::timestamptz[]) AS bucket, sum(c.n)::int AS n
    FROM statistics_rollup c
    WHERE ${where} AND ${rollupIn(figure, { fromMs: bounds[0]!, toMs: bounds.at(-1)! })}
    GROUP BY 1`;
  return new Map(rows.map((r) => [Number(r.bucket) - 1, r.n]));
}

/** Cases submitted and finished (closed) in each period, in period order. */
export async function volumeByPeriod(prisma: StatsDb, scope: StatsScope, bounds: number[]): Promise<Array<{ submitted: number; finished: number }>> {
  const where = inScope(scope);
  const submitted = await countByPeriod(prisma, 'submitted', where, bounds);
  const finished = await countByPeriod(prisma, 'closed', where, bounds);
  return bounds.slice(0, -1).map((_, i) => ({ submitted: submitted.get(i) ?? 0, finished: finished.get(i) ?? 0 }));
}

/** Complaints submitted in each month whose bounds are given. */
export async function complaintsByMonth(prisma: StatsDb, scope: StatsScope, bounds: number[]): Promise<number[]> {
  const where = Prisma.sql`${inScope(scope)} AND c.case_type IN (${Prisma.join([...COMPLAINT_CASE_TYPES])})`;
  const counts = await countByPeriod(prisma, 'submitted', where, bounds);
  return bounds.slice(0, -1).map((_, i) => counts.get(i) ?? 0);
}
