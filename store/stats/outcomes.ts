import { Prisma } from '../../prisma/generated/client.js';
import type { StatsDb } from './stats-db.js';
import { rollupIn } from './rollup.js';
import { days, inScope, within, type InstantRange, type StatsScope } from './scope.js';

/** How the cases closed in the range ended. */
export async function outcomesOf(prisma: StatsDb, scope: StatsScope, range: InstantRange) {
  return prisma.$queryRaw<Array<{ outcome: string; count: number }>>`
    SELECT c.detail AS outcome, sum(c.n)::int AS count FROM statistics_rollup c
    WHERE ${inScope(scope)} AND ${rollupIn('closed', range)} AND c.detail <> ''
    GROUP BY 1 HAVING sum(c.n) > 0 ORDER BY count DESC, 1`;
}

/**
 * Appointments booked in the range (submitted), those that ended in it by how (both from the
 * rollup), and the median wait from booking to the first free slot of the booked ones (from the
 * cases: a median needs every wait).
 */
export async function appointmentFigures(prisma: StatsDb, scope: StatsScope, range: InstantRange) {
  const appointments = Prisma.sql`${inScope(scope)} AND c.case_type = 'appointment'`;
  const [counts] = await prisma.$queryRaw<Array<{ booked: number; attended: number; noShow: number; cancelled: number }>>`
    SELECT coalesce(sum(c.n) FILTER (WHERE c.figure = 'submitted'), 0)::int AS booked,
      coalesce(sum(c.n) FILTER (WHERE c.figure = 'closed' AND c.detail = 'attended'), 0)::int AS attended,
      coalesce(sum(c.n) FILTER (WHERE c.figure = 'closed' AND c.detail = 'no_show'), 0)::int AS "noShow",
      coalesce(sum(c.n) FILTER (WHERE c.figure = 'closed' AND c.detail = 'cancelled'), 0)::int AS cancelled
    FROM statistics_rollup c
    WHERE ${appointments} AND (${rollupIn('submitted', range)} OR ${rollupIn('closed', range)})`;
  const [waits] = await prisma.$queryRaw<Array<{ waits: number; medianWait: number | null }>>`
    SELECT count(*)::int AS waits,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY ${days(Prisma.sql`c.first_free_slot_at`, Prisma.sql`c.submitted_at`)}) AS "medianWait"
    FROM "case" c
    WHERE ${appointments} AND c.first_free_slot_at IS NOT NULL AND ${within(Prisma.sql`c.submitted_at`, range)}`;
  return { ...counts!, ...waits! };
}
