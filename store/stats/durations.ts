import { Prisma } from '../../prisma/generated/client.js';
import { locateRanks, percentileOfCounts, quantilePosition, type HistogramBucket } from '../../domain/stats/percentiles.js';
import type { StatsDb } from './stats-db.js';
import { rollupIn } from './rollup.js';
import { days, inScope, within, type InstantRange, type StatsScope } from './scope.js';

const closedIn = (range: InstantRange) => within(Prisma.sql`c.closed_at`, range);
const calendarDays = days(Prisma.sql`c.closed_at`, Prisma.sql`c.submitted_at`);
const calendarDay = Prisma.sql`floor(${calendarDays})::int`;

/** The processing-time percentiles every table shows. */
export const PROCESSING_PERCENTILES = [0.5, 0.9, 0.95] as const;

export interface ProcessingTimes {
  caseType: string;
  finished: number;
  /** per PROCESSING_PERCENTILES, null without a value */
  working: Array<number | null>;
  calendar: Array<number | null>;
}

type CountRow = { caseType: string; working: number | null; day: number | null; byWorking: boolean; n: number };

/**
 * Per case type, cases closed in the range and the percentiles of their time from submission to
 * close, exactly as percentile_cont over the cases, without sorting a year of them (a third of a
 * second on a million cases): one pass counts the cases per whole working day — the working days
 * are whole, so these counts give their percentiles — and per whole calendar day; a second reads
 * only the calendar days' values at the ranks the percentiles need, in the days that hold them.
 * Both passes must see the same cases: statisticsRead reads from one snapshot.
 */
export async function processingTimes(prisma: StatsDb, scope: StatsScope, range: InstantRange): Promise<ProcessingTimes[]> {
  const where = Prisma.sql`${inScope(scope)} AND ${closedIn(range)}`;
  const counts = await prisma.$queryRaw<CountRow[]>`
    SELECT c.case_type AS "caseType", c.working_days_to_close AS working, ${calendarDay} AS day,
      GROUPING(${calendarDay}) = 1 AS "byWorking", count(*)::int AS n
    FROM "case" c WHERE ${where}
    GROUP BY GROUPING SETS ((c.case_type, c.working_days_to_close), (c.case_type, ${calendarDay}))`;
  const byType = new Map<string, { working: HistogramBucket[]; calendar: HistogramBucket[] }>();
  for (const row of counts) {
    const histograms = byType.get(row.caseType) ?? { working: [], calendar: [] };
    byType.set(row.caseType, histograms);
    // percentile_cont leaves out cases closed without a working-day count; `finished` counts them.
    if (row.byWorking && row.working !== null) histograms.working.push({ bucket: row.working, count: row.n });
    if (!row.byWorking) histograms.calendar.push({ bucket: row.day!, count: row.n });
  }
  const types = [...byType.keys()].sort();
  const wanted = types.flatMap((caseType) => {
    const calendar = sortedBuckets(byType.get(caseType)!.calendar);
    const total = calendar.reduce((sum, b) => sum + b.count, 0);
    const ranks = PROCESSING_PERCENTILES.flatMap((p) => {
      const { low, high } = quantilePosition(total, p);
      return [low, high];
    });
    return locateRanks(calendar, [...new Set(ranks)]).map((r) => ({ caseType, ...r }));
  });
  const values = await calendarValuesAt(prisma, where, wanted);
  return types.map((caseType) => {
    const { working, calendar } = byType.get(caseType)!;
    const finished = calendar.reduce((sum, b) => sum + b.count, 0);
    const sortedWorking = sortedBuckets(working);
    const valueAt = (rank: number) => {
      const value = values.get(`${caseType}\u0000${rank}`);
      if (value === undefined) throw new Error(`processing times: no case at rank ${rank} of ${caseType}`);
      return value;
    };
    return {
      caseType,
      finished,
      working: PROCESSING_PERCENTILES.map((p) => percentileOfCounts(sortedWorking, p)),
      calendar: PROCESSING_PERCENTILES.map((p) => {
        const { low, high, weight } = quantilePosition(finished, p);
        return valueAt(low) + (valueAt(high) - valueAt(low)) * weight;
      }),
    };
  });
}

const sortedBuckets = (histogram: HistogramBucket[]) => [...histogram].sort((a, b) => a.bucket - b.bucket);

/** The calendar days of the cases at these ranks, keyed by case type and rank. */
async function calendarValuesAt(
  prisma: StatsDb,
  where: Prisma.Sql,
  wanted: Array<{ caseType: string; rank: number; bucket: number; position: number }>,
): Promise<Map<string, number>> {
  if (wanted.length === 0) return new Map();
  const days = [...new Map(wanted.map((w) => [`${w.caseType}\u0000${w.bucket}`, Prisma.sql`(${w.caseType}, ${w.bucket}::int)`])).values()];
  const positions = wanted.map((w) => Prisma.sql`(${w.caseType}, ${w.bucket}::int, ${w.position}::int)`);
  const rows = await prisma.$queryRaw<Array<{ caseType: string; day: number; position: number; value: number }>>`
    SELECT "caseType", day, position, value FROM (
      SELECT c.case_type AS "caseType", ${calendarDay} AS day, ${calendarDays} AS value,
        (row_number() OVER (PARTITION BY c.case_type, ${calendarDay} ORDER BY ${calendarDays}) - 1)::int AS position
      FROM "case" c WHERE ${where} AND (c.case_type, ${calendarDay}) IN (${Prisma.join(days)})
    ) v WHERE ("caseType", day, position) IN (${Prisma.join(positions)})`;
  const found = new Map(rows.map((r) => [`${r.caseType}\u0000${r.day}\u0000${r.position}`, r.value]));
  return new Map(wanted.flatMap((w) => {
    const value = found.get(`${w.caseType}\u0000${w.bucket}\u0000${w.position}`);
    return value === undefined ? [] : [[`${w.caseType}\u0000${w.rank}`, value] as const];
  }));
}
/**
 * The staff who finished at least `minSample` cases of the scope in the range (as the cases'
 * assignee when they closed): open cases now, finished, median working days, clocks breached in the range.
 */
export async function handlerFigures(prisma: StatsDb, scope: StatsScope, range: InstantRange, minSample: number) {
  const where = inScope(scope);
  // Set-based: one pass over the range's cases, its breaches from the rollup, never a subquery per
  // handler; the median from each handler's counts per whole working day, not a sort of the cases.
  const rows = await prisma.$queryRaw<
    Array<{ handlerId: string; username: string; open: number; finished: number; days: number[] | null; counts: number[] | null; breaches: number }>
  >`
    WITH per_day AS (
      SELECT c.assignee_id, c.working_days_to_close AS working, count(*)::int AS n
      FROM "case" c
      WHERE ${where} AND ${closedIn(range)} AND c.assignee_id IS NOT NULL
      GROUP BY 1, 2
    ), finished AS (
      SELECT assignee_id, sum(n)::int AS finished,
        array_agg(working ORDER BY working) FILTER (WHERE working IS NOT NULL) AS days,
        array_agg(n ORDER BY working) FILTER (WHERE working IS NOT NULL) AS counts
      FROM per_day GROUP BY 1 HAVING sum(n) >= ${minSample}
    ), open AS (
      SELECT c.assignee_id, count(*)::int AS open FROM "case" c
      WHERE c.closed_at IS NULL AND ${where} AND c.assignee_id IN (SELECT assignee_id FROM finished)
      GROUP BY 1
    ), breached AS (
      SELECT c.detail::uuid AS assignee_id, sum(c.n)::int AS breaches FROM statistics_rollup c
      WHERE ${where} AND ${rollupIn('handler_breached', range)}
      GROUP BY 1
    )
    SELECT f.assignee_id::text AS "handlerId", u.username, f.finished, f.days, f.counts, coalesce(o.open, 0) AS open, coalesce(b.breaches, 0) AS breaches
    FROM finished f JOIN staff_user u ON u.id = f.assignee_id
      LEFT JOIN open o ON o.assignee_id = f.assignee_id LEFT JOIN breached b ON b.assignee_id = f.assignee_id
    ORDER BY u.username`;
  return rows.map(({ days, counts, ...handler }) => ({
    ...handler,
    median: percentileOfCounts((days ?? []).map((bucket, i) => ({ bucket, count: counts![i]! })), 0.5),
  }));
}
