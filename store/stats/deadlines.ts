import { Prisma } from '../../prisma/generated/client.js';
import type { StatsDb } from './stats-db.js';
import { administrationClock, inScope, within, type InstantRange, type StatsScope } from './scope.js';

/**
 * Per case type and clock, the clocks that stopped in the range: how many, how many never
 * breached (a clock breached once stays late, whatever came after), and, of those whose service
 * set an internal target, how many stopped by it.
 */
export async function clockCompliance(prisma: StatsDb, scope: StatsScope, range: InstantRange) {
  return prisma.$queryRaw<Array<{ caseType: string; clock: string; finished: number; withinLegal: number; withTarget: number; withinTarget: number }>>`
    SELECT c.case_type AS "caseType", cc.clock, count(*)::int AS finished,
      count(*) FILTER (WHERE cc.breached_at IS NULL)::int AS "withinLegal",
      count(*) FILTER (WHERE cc.target_due_at IS NOT NULL)::int AS "withTarget",
      count(*) FILTER (WHERE cc.stopped_at <= cc.target_due_at)::int AS "withinTarget"
    FROM case_clock cc JOIN "case" c ON c.id = cc.case_id
    WHERE ${inScope(scope)} AND ${within(Prisma.sql`cc.stopped_at`, range)} AND cc.started_at IS NOT NULL AND ${administrationClock()}
    GROUP BY 1, 2 ORDER BY 1, 2`;
}

/** Clocks breached in the range, by service and by the clock missed. */
export async function breachesByService(prisma: StatsDb, scope: StatsScope, range: InstantRange) {
  return prisma.$queryRaw<Array<{ serviceId: string; serviceCode: string; serviceName: string; clock: string; count: number }>>`
    SELECT s.id::text AS "serviceId", s.code AS "serviceCode", s.name AS "serviceName", cc.clock, count(*)::int AS count
    FROM case_clock cc JOIN "case" c ON c.id = cc.case_id JOIN service s ON s.id = c.service_id
    WHERE ${inScope(scope)} AND ${within(Prisma.sql`cc.breached_at`, range)}
    GROUP BY s.id, s.code, s.name, cc.clock ORDER BY count DESC, s.code, cc.clock`;
}

/** Escalations recorded in the range, by level of the ladder. */
export async function escalationsByLevel(prisma: StatsDb, scope: StatsScope, range: InstantRange) {
  return prisma.$queryRaw<Array<{ level: number; count: number }>>`
    SELECT (e.payload->>'level')::int AS level, count(*)::int AS count
    FROM case_event e JOIN "case" c ON c.id = e.case_id
    WHERE e.type = 'escalated' AND ${inScope(scope)} AND ${within(Prisma.sql`e.occurred_at`, range)}
    GROUP BY 1 ORDER BY 1`;
}

/** Extensions granted in the range, by case type. */
export async function extensionsByCaseType(prisma: StatsDb, scope: StatsScope, range: InstantRange) {
  return prisma.$queryRaw<Array<{ caseType: string; granted: number }>>`
    SELECT c.case_type AS "caseType", count(*)::int AS granted
    FROM case_event e JOIN "case" c ON c.id = e.case_id
    WHERE e.type = 'deadline_extended' AND ${inScope(scope)} AND ${within(Prisma.sql`e.occurred_at`, range)}
    GROUP BY 1 ORDER BY 1`;
}
