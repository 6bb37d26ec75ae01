import { Prisma } from '../../prisma/generated/client.js';
import type { StatsDb } from './stats-db.js';
import { AGE_BANDS, type AgeBand } from '../../domain/stats/age-bands.js';
import { administrationClock, inScope, type StatsScope } from './scope.js';

/** For one entity, the first instant of each bounded age band (youngest first), from its own calendar. */
export interface EntityBandStarts {
  entityId: string;
  since: number[];
}

/** Case `c` has a clock past its deadline that is still running. */
const breachedNow = Prisma.sql`EXISTS (SELECT 1 FROM case_clock cc WHERE cc.case_id = c.id AND cc.stopped_at IS NULL AND cc.breached_at IS NOT NULL)`;

/** Case `c` has a running administration clock, not breached, whose last warning was raised (case_clock.last_warning_at). */
const atRisk = Prisma.sql`EXISTS (
  SELECT 1 FROM case_clock cc
  WHERE cc.case_id = c.id AND cc.stopped_at IS NULL AND cc.state = 'warning' AND cc.breached_at IS NULL AND cc.last_warning_at IS NOT NULL AND ${administrationClock()})`;

/** Open cases now, by age band, with how many are at risk (and not breached) and breached. */
export async function backlogByAge(prisma: StatsDb, scope: StatsScope, bands: readonly EntityBandStarts[]) {
  if (bands.length === 0) return AGE_BANDS.map((b) => ({ ageBand: b.label as AgeBand, open: 0, atRisk: 0, breached: 0 }));
  const bandRows = bands.map((b) => Prisma.sql`(${b.entityId}::uuid, ${b.since.map((ms) => new Date(ms).toISOString())}::timestamptz[])`);
  const rows = await prisma.$queryRaw<Array<{ band: number; open: number; atRisk: number; breached: number }>>`
    WITH bands AS (SELECT * FROM (VALUES ${Prisma.join(bandRows)}) AS v(entity_id, since)),
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
export async function liveCounters(prisma: StatsDb, scope: StatsScope) {
  const [row] = await prisma.$queryRaw<Array<{ backlog: number; atRisk: number; breached: number }>>`
    WITH open AS (SELECT ${breachedNow} AS breached, ${atRisk} AS at_risk FROM "case" c WHERE c.closed_at IS NULL AND ${inScope(scope)})
    SELECT count(*)::int AS backlog, count(*) FILTER (WHERE at_risk AND NOT breached)::int AS "atRisk", count(*) FILTER (WHERE breached)::int AS breached FROM open`;
  return row!;
}
