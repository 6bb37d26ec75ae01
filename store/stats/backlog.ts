import { Prisma } from '../../prisma/generated/client.js';
import type { StatsDb } from './stats-db.js';
import { AGE_BANDS, type AgeBand } from '../../domain/stats/age-bands.js';
import { inScope, type StatsScope } from './scope.js';

/** For one entity, the first instant of each bounded age band (youngest first), from its own calendar. */
export interface EntityBandStarts {
  entityId: string;
  since: number[];
}

/** The last warning of a service's clock: a clock past it and not breached is at risk. */
export interface LastWarning {
  serviceId: string;
  clock: string;
  /** the case type's main clock, which warning events do not name */
  mainClock: string;
  fraction: number;
}

function lastWarnings(warnings: readonly LastWarning[]): Prisma.Sql {
  if (warnings.length === 0) return Prisma.sql`SELECT NULL::uuid AS service_id, NULL::text AS clock, NULL::text AS main_clock, NULL::float8 AS fraction WHERE FALSE`;
  const rows = warnings.map((w) => Prisma.sql`(${w.serviceId}::uuid, ${w.clock}, ${w.mainClock}, ${w.fraction}::float8)`);
  return Prisma.sql`SELECT * FROM (VALUES ${Prisma.join(rows)}) AS v(service_id, clock, main_clock, fraction)`;
}

/** Case `c` has a clock past its deadline that is still running. */
const breachedNow = Prisma.sql`EXISTS (SELECT 1 FROM case_clock cc WHERE cc.case_id = c.id AND cc.breached_at IS NOT NULL AND cc.stopped_at IS NULL)`;

/** Case `c` has a running clock whose last warning was raised (an sla_warning event at that fraction) and not breached. */
const atRisk = Prisma.sql`EXISTS (
  SELECT 1 FROM case_clock cc JOIN last_warning lw ON lw.service_id = c.service_id AND lw.clock = cc.clock
  WHERE cc.case_id = c.id AND cc.state = 'warning' AND cc.breached_at IS NULL AND cc.stopped_at IS NULL
    AND EXISTS (SELECT 1 FROM case_event e WHERE e.case_id = c.id AND e.type = 'sla_warning'
      AND (e.payload->>'fraction')::float8 >= lw.fraction AND coalesce(e.payload->>'clock', lw.main_clock) = cc.clock))`;

/** Open cases now, by age band, with how many are at risk (and not breached) and breached. */
export async function backlogByAge(prisma: StatsDb, scope: StatsScope, bands: readonly EntityBandStarts[], warnings: readonly LastWarning[]) {
  if (bands.length === 0) return AGE_BANDS.map((b) => ({ ageBand: b.label as AgeBand, open: 0, atRisk: 0, breached: 0 }));
  const bandRows = bands.map((b) => Prisma.sql`(${b.entityId}::uuid, ${b.since.map((ms) => new Date(ms).toISOString())}::timestamptz[])`);
  const rows = await prisma.$queryRaw<Array<{ band: number; open: number; atRisk: number; breached: number }>>`
    WITH bands AS (SELECT * FROM (VALUES ${Prisma.join(bandRows)}) AS v(entity_id, since)),
      last_warning AS (${lastWarnings(warnings)}),
      open AS (
        SELECT (SELECT count(*) FROM unnest(b.since) AS t WHERE c.submitted_at < t)::int AS band, ${breachedNow} AS breached, ${atRisk} AS at_risk
        FROM "case" c JOIN bands b ON b.entity_id = c.entity_id
        WHERE c.closed_at IS NULL AND ${inScope(scope)}
      )
    SELECT band, count(*)::int AS open, count(*) FILTER (WHERE at_risk AND NOT breached)::int AS "atRisk", count(*) FILTER (WHERE breached)::int AS breached
    FROM open GROUP BY band`;
  const byBand = new Map(rows.map((r) => [r.band, r]));
  return AGE_BANDS.map((b, i) => {
    const row = byBand.get(i);
    return { ageBand: b.label as AgeBand, open: row?.open ?? 0, atRisk: row?.atRisk ?? 0, breached: row?.breached ?? 0 };
  });
}

/** The live counters: open cases, those at risk (not breached), those breached. */
export async function liveCounters(prisma: StatsDb, scope: StatsScope, warnings: readonly LastWarning[]) {
  const [row] = await prisma.$queryRaw<Array<{ backlog: number; atRisk: number; breached: number }>>`
    WITH last_warning AS (${lastWarnings(warnings)}),
      open AS (SELECT ${breachedNow} AS breached, ${atRisk} AS at_risk FROM "case" c WHERE c.closed_at IS NULL AND ${inScope(scope)})
    SELECT count(*)::int AS backlog, count(*) FILTER (WHERE at_risk AND NOT breached)::int AS "atRisk", count(*) FILTER (WHERE breached)::int AS breached FROM open`;
  return row!;
}
