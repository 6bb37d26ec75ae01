import { Prisma } from '../../prisma/generated/client.js';
import type { StatsDb } from './stats-db.js';
import { days, inScope, within, type InstantRange, type StatsScope } from './scope.js';

/** How the cases closed in the range ended. */
export async function outcomesOf(prisma: StatsDb, scope: StatsScope, range: InstantRange) {
  return prisma.$queryRaw<Array<{ outcome: string; count: number }>>`
    SELECT c.outcome, count(*)::int AS count FROM "case" c
    WHERE ${inScope(scope)} AND ${within(Prisma.sql`c.closed_at`, range)} AND c.outcome IS NOT NULL
    GROUP BY 1 ORDER BY count DESC, 1`;
}

/**
 * Appointments booked in the range (submitted), those that ended in it by how, and the median
 * wait from booking to the first free slot of the booked ones.
 */
export async function appointmentFigures(prisma: StatsDb, scope: StatsScope, range: InstantRange) {
  const booked = within(Prisma.sql`c.submitted_at`, range);
  const ended = within(Prisma.sql`c.closed_at`, range);
  const waiting = Prisma.sql`${booked} AND c.first_free_slot_at IS NOT NULL`;
  // One pass over the scope's appointments booked or ended in the range.
  const [row] = await prisma.$queryRaw<Array<{ booked: number; waits: number; medianWait: number | null; attended: number; noShow: number; cancelled: number }>>`
    SELECT
      count(*) FILTER (WHERE ${booked})::int AS booked,
      count(*) FILTER (WHERE ${waiting})::int AS waits,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY ${days(Prisma.sql`c.first_free_slot_at`, Prisma.sql`c.submitted_at`)}) FILTER (WHERE ${waiting}) AS "medianWait",
      count(*) FILTER (WHERE ${ended} AND c.outcome = 'attended')::int AS attended,
      count(*) FILTER (WHERE ${ended} AND c.outcome = 'no_show')::int AS "noShow",
      count(*) FILTER (WHERE ${ended} AND c.outcome = 'cancelled')::int AS cancelled
    FROM "case" c
    WHERE ${inScope(scope)} AND c.case_type = 'appointment' AND (${booked} OR ${ended})`;
  return row!;
}
