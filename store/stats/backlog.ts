import { Prisma } from '../../prisma/generated/client.js';
import type { StatsDb } from './stats-db.js';
import { AGE_BANDS, type AgeBand } from '../../domain/stats/age-bands.js';
import { administrationClock, inScope, type StatsScope } from './scope.js';

/** For one entity, the first instant of each bounded age band (youngest first), from its own calendar. */
export interface EntityBandStarts {
  entityId: string;
  since: number[];
}

/**
 * The open cases of the scope with a running clock breached or warned, from the few such clocks
 * (migration 20261207181000_statistics_flagged_clocks): breached, when a running clock is past its
 * deadline; at risk, when a running administration clock, not breached, had its last warning raised.
 */
function flaggedOpenCases(scope: StatsScope): Prisma.Sql {
  return Prisma.sql`
    SELECT cc.case_id, bool_or(cc.breached_at IS NOT NULL) AS breached,
      bool_or(cc.state = 'warning' AND cc.breached_at IS NULL AND cc.last_warning_at IS NOT NULL AND ${administrationClock()}) AS at_risk
    FROM case_clock cc JOIN "case" c ON c.id = cc.case_id
    WHERE cc.stopped_at IS NULL AND (cc.breached_at IS NOT NULL OR cc.last_warning_at IS NOT NULL) AND c.closed_at IS NULL AND ${inScope(scope)}
    GROUP BY cc.case_id`;
}

/** Open cases now, by age band, with how many are at risk (and not breached) and breached. */
export async function backlogByAge(prisma: StatsDb, scope: StatsScope, bands: readonly EntityBandStarts[]) {
  if (bands.length === 0) return AGE_BANDS.map((b) => ({ ageBand: b.label as AgeBand, open: 0, atRisk: 0, breached: 0 }));
  // Oldest first, as width_bucket wants its bounds: a case's band is how many band starts come after its submission.
  const bandRows = bands.map((b) => Prisma.sql`(${b.entityId}::uuid, ${[...b.since].sort((x, y) => x - y).map((ms) => new Date(ms).toISOString())}::timestamptz[])`);
  const rows = await prisma.$queryRaw<Array<{ band: number; open: number; atRisk: number; breached: number }>>`
    WITH bands AS (SELECT * FROM (VALUES ${Prisma.join(bandRows)}) AS v(entity_id, since)),
      flagged AS (${flaggedOpenCases(scope)}),
      open AS (
        SELECT cardinality(b.since) - width_bucket(c.submitted_at, b.since) AS band, f.breached, f.at_risk
        FROM "case" c JOIN bands b ON b.entity_id = c.entity_id LEFT JOIN flagged f ON f.case_id = c.id
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
    WITH flagged AS (${flaggedOpenCases(scope)}),
      open AS (SELECT f.breached, f.at_risk FROM "case" c LEFT JOIN flagged f ON f.case_id = c.id WHERE c.closed_at IS NULL AND ${inScope(scope)})
    SELECT count(*)::int AS backlog, count(*) FILTER (WHERE at_risk AND NOT breached)::int AS "atRisk", count(*) FILTER (WHERE breached)::int AS breached FROM open`;
  return row!;
}
