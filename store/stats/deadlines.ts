import { Prisma } from '../../prisma/generated/client.js';
import type { StatsDb } from './stats-db.js';
import { rollupIn } from './rollup.js';
import { administrationClock, inScope, type InstantRange, type StatsScope } from './scope.js';

/**
 * Per case type and clock, the clocks that stopped in the range: how many, how many never
 * breached (a clock breached once stays late, whatever came after), and, of those whose service
 * set an internal target, how many stopped by it.
 */
export async function clockCompliance(prisma: StatsDb, scope: StatsScope, range: InstantRange) {
  return prisma.$queryRaw<Array<{ caseType: string; clock: string; finished: number; withinLegal: number; withTarget: number; withinTarget: number }>>`
    SELECT c.case_type AS "caseType", c.detail AS clock, sum(c.n)::int AS finished, sum(c.within_legal)::int AS "withinLegal",
      sum(c.with_target)::int AS "withTarget", sum(c.within_target)::int AS "withinTarget"
    FROM statistics_rollup c
    WHERE ${inScope(scope)} AND ${rollupIn('clock_stopped', range)} AND ${administrationClock(Prisma.sql`c.detail`)}
    GROUP BY 1, 2 HAVING sum(c.n) > 0 ORDER BY 1, 2`;
}

/** Clocks breached in the range, by service and by the clock missed. */
export async function breachesByService(prisma: StatsDb, scope: StatsScope, range: InstantRange) {
  return prisma.$queryRaw<Array<{ serviceId: string; serviceCode: string; serviceName: string; clock: string; count: number }>>`
    SELECT s.id::text AS "serviceId", s.code AS "serviceCode", s.name AS "serviceName", c.detail AS clock, sum(c.n)::int AS count
    FROM statistics_rollup c JOIN service s ON s.id = c.service_id
    WHERE ${inScope(scope)} AND ${rollupIn('clock_breached', range)}
    GROUP BY s.id, s.code, s.name, c.detail HAVING sum(c.n) > 0 ORDER BY count DESC, s.code, clock`;
}

/** Escalations recorded in the range, by level of the ladder. */
export async function escalationsByLevel(prisma: StatsDb, scope: StatsScope, range: InstantRange) {
  return prisma.$queryRaw<Array<{ level: number; count: number }>>`
    SELECT nullif(c.detail, '')::int AS level, sum(c.n)::int AS count
    FROM statistics_rollup c
    WHERE ${inScope(scope)} AND ${rollupIn('escalated', range)}
    GROUP BY 1 HAVING sum(c.n) > 0 ORDER BY 1`;
}

/** Extensions granted in the range, by case type. */
export async function extensionsByCaseType(prisma: StatsDb, scope: StatsScope, range: InstantRange) {
  return prisma.$queryRaw<Array<{ caseType: string; granted: number }>>`
    SELECT c.case_type AS "caseType", sum(c.n)::int AS granted
    FROM statistics_rollup c
    WHERE ${inScope(scope)} AND ${rollupIn('deadline_extended', range)}
    GROUP BY 1 HAVING sum(c.n) > 0 ORDER BY 1`;
}
