import { Prisma } from '../../prisma/generated/client.js';
import { locateRanks, percentileAt, percentileOfCounts, quantilePosition, totalOf, type HistogramBucket } from '../../domain/stats/percentiles.js';
import type { StatsDb } from './stats-db.js';
import { rollupDaysAndMonthsIn, rollupIn } from './rollup.js';
import { inScope, within, type InstantRange, type StatsScope } from './scope.js';

/** The processing-time percentiles every table shows. */
const PROCESSING_PERCENTILES = [0.5, 0.9, 0.95] as const;

interface ProcessingTimes {
  caseType: string;
  finished: number;
  /** per PROCESSING_PERCENTILES, null without a value */
  working: Array<number | null>;
  calendar: Array<number | null>;
}

type Histograms = { working: HistogramBucket[]; calendar: HistogramBucket[] };

/** The 0-based ranks of n values that PROCESSING_PERCENTILES interpolate between. */
function neededRanks(n: number): number[] {
  return [
    ...new Set(
      PROCESSING_PERCENTILES.flatMap((p) => {
        const { low, high } = quantilePosition(n, p);
        return [low, high];
      }),
    ),
  ];
}

const byBucket = (a: HistogramBucket, b: HistogramBucket) => a.bucket - b.bucket;
const rangeOfCases = (range: InstantRange) => within(Prisma.sql`c.closed_at`, range);

/**
 * Per case type, cases closed in the range and the percentiles of their time from submission to
 * close, equal to percentile_cont over the cases without reading them all (migrations
 * 20261207180000_statistics_durations and 20261207182000_statistics_months): the rollup counts closed cases per whole working day —
 * working days are whole, so the counts give their percentiles — and per whole calendar day, which
 * says in which day each rank needed falls and at what place; the index by calendar day then reads
 * the cases of those days only. Both reads see one snapshot (statisticsRead).
 */
export async function processingTimes(prisma: StatsDb, scope: StatsScope, range: InstantRange): Promise<ProcessingTimes[]> {
  const counts = await prisma.$queryRaw<Array<{ caseType: string; figure: string; bucket: number; n: number }>>`
    SELECT c.case_type AS "caseType", split_part(c.figure, '@', 1) AS figure, c.detail::int AS bucket, sum(c.n)::int AS n
    FROM statistics_rollup c
    WHERE ${inScope(scope)} AND (${rollupDaysAndMonthsIn('closed_working_days', range)} OR ${rollupDaysAndMonthsIn('closed_calendar_days', range)})
    GROUP BY 1, 2, 3 HAVING sum(c.n) <> 0`;
  const byType = new Map<string, Histograms>();
  for (const row of counts) {
    const histograms = byType.get(row.caseType) ?? { working: [], calendar: [] };
    byType.set(row.caseType, histograms);
    (row.figure === 'closed_working_days' ? histograms.working : histograms.calendar).push({ bucket: row.bucket, count: row.n });
  }
  const types = [...byType.keys()].sort();
  for (const caseType of types) {
    byType.get(caseType)!.working.sort(byBucket);
    byType.get(caseType)!.calendar.sort(byBucket);
  }
  const values = await calendarDaysAtRanks(
    prisma,
    scope,
    range,
    types.map((caseType) => ({ caseType, calendar: byType.get(caseType)!.calendar })),
  );
  const figures: ProcessingTimes[] = [];
  for (const caseType of types) {
    const { working, calendar } = byType.get(caseType)!;
    // Every closed case has calendar days; percentile_cont leaves out those without working days, as here.
    const finished = totalOf(calendar);
    const ranks = values.get(caseType);
    const consistent = finished > 0 && neededRanks(finished).every((rank) => ranks?.has(rank));
    // Counts that the cases do not bear out (the rollup written past with its triggers off, a row
    // mended by hand) would fail the page: that type's figures are read from the cases instead.
    if (!consistent) {
      figures.push(...(await processingTimesOfCases(prisma, { ...scope, caseType }, range)));
      continue;
    }
    figures.push({
      caseType,
      finished,
      working: PROCESSING_PERCENTILES.map((p) => percentileOfCounts(working, p)),
      calendar: PROCESSING_PERCENTILES.map((p) => percentileAt(finished, p, (rank) => ranks!.get(rank)!)),
    });
  }
  return figures;
}

/** The same figures read by sorting the cases themselves. */
async function processingTimesOfCases(prisma: StatsDb, scope: StatsScope, range: InstantRange): Promise<ProcessingTimes[]> {
  const rows = await prisma.$queryRaw<Array<{ caseType: string; finished: number; working: Array<number | null> | null; calendar: Array<number | null> | null }>>`
    SELECT c.case_type AS "caseType", count(*)::int AS finished,
      percentile_cont(${[...PROCESSING_PERCENTILES]}::float8[]) WITHIN GROUP (ORDER BY c.working_days_to_close) AS working,
      percentile_cont(${[...PROCESSING_PERCENTILES]}::float8[]) WITHIN GROUP (ORDER BY statistics_calendar_days(c.submitted_at, c.closed_at)) AS calendar
    FROM "case" c
    WHERE ${inScope(scope)} AND ${rangeOfCases(range)}
    GROUP BY 1 ORDER BY 1`;
  const none = PROCESSING_PERCENTILES.map(() => null);
  return rows.map((r) => ({ ...r, working: r.working ?? none, calendar: r.calendar ?? none }));
}

/** Per case type, the calendar days of the cases at the ranks the percentiles need, by rank. */
async function calendarDaysAtRanks(
  prisma: StatsDb,
  scope: StatsScope,
  range: InstantRange,
  histograms: Array<{ caseType: string; calendar: HistogramBucket[] }>,
): Promise<Map<string, Map<number, number>>> {
  const wanted = histograms.flatMap(({ caseType, calendar }) => {
    const total = totalOf(calendar);
    return total === 0 ? [] : locateRanks(calendar, neededRanks(total)).map((r) => ({ caseType, ...r }));
  });
  if (wanted.length === 0) return new Map();
  const days = new Map<string, { caseType: string; day: number; positions: number[] }>();
  for (const w of wanted) {
    const key = `${w.caseType} ${w.bucket}`;
    const day = days.get(key) ?? { caseType: w.caseType, day: w.bucket, positions: [] };
    days.set(key, day);
    day.positions.push(w.position);
  }
  const wantedDays = [...days.values()].map((d) => Prisma.sql`(${d.caseType}, ${d.day}::int, ${d.positions}::int[])`);
  // Calendar days as the index computes them (statistics_calendar_day), so that it finds them.
  const rows = await prisma.$queryRaw<Array<{ caseType: string; day: number; position: number; value: number }>>`
    SELECT w.case_type AS "caseType", w.day, v.position, v.value
    FROM (VALUES ${Prisma.join(wantedDays)}) AS w(case_type, day, positions)
    CROSS JOIN LATERAL (
      SELECT r.position, r.value FROM (
        SELECT statistics_calendar_days(c.submitted_at, c.closed_at) AS value,
          (row_number() OVER (ORDER BY statistics_calendar_days(c.submitted_at, c.closed_at)) - 1)::int AS position
        FROM "case" c
        WHERE c.case_type = w.case_type AND statistics_calendar_day(c.submitted_at, c.closed_at) = w.day
          AND ${inScope(scope)} AND ${rangeOfCases(range)}
      ) r WHERE r.position = ANY (w.positions)
    ) v`;
  const found = new Map(rows.map((r) => [`${r.caseType} ${r.day} ${r.position}`, r.value]));
  const byType = new Map<string, Map<number, number>>();
  for (const w of wanted) {
    const value = found.get(`${w.caseType} ${w.bucket} ${w.position}`);
    if (value === undefined) continue;
    const ranks = byType.get(w.caseType) ?? new Map<number, number>();
    byType.set(w.caseType, ranks);
    ranks.set(w.rank, value);
  }
  return byType;
}

/**
 * The staff who finished at least `minSample` cases of the scope in the range (as the cases'
 * assignee when they closed): open cases now, finished, median working days, clocks breached in the range.
 */
export async function handlerFigures(prisma: StatsDb, scope: StatsScope, range: InstantRange, minSample: number) {
  const where = inScope(scope);
  // Set-based, from the rollup: each handler's closed cases per working day (handler_closed: "<id> <days>")
  // give the median without reading the cases; their breaches; their open cases from the open cases' index.
  const rows = await prisma.$queryRaw<
    Array<{ handlerId: string; username: string; open: number; finished: number; days: number[] | null; counts: number[] | null; breaches: number }>
  >`
    WITH per_day AS (
      SELECT split_part(c.detail, ' ', 1)::uuid AS assignee_id, nullif(split_part(c.detail, ' ', 2), '')::int AS working, sum(c.n)::int AS n
      FROM statistics_rollup c
      WHERE ${where} AND ${rollupDaysAndMonthsIn('handler_closed', range)}
      GROUP BY 1, 2 HAVING sum(c.n) <> 0
    ), finished AS (
      SELECT assignee_id, sum(n)::int AS finished,
        array_agg(working ORDER BY working) FILTER (WHERE working IS NOT NULL) AS days,
        array_agg(n ORDER BY working) FILTER (WHERE working IS NOT NULL) AS counts
      FROM per_day GROUP BY 1 HAVING sum(n) >= ${minSample}
    ), open AS (
      -- One pass over the open cases: probing them once per handler read them all each time.
      SELECT c.assignee_id, count(*)::int AS open FROM "case" c
      WHERE c.closed_at IS NULL AND ${where} AND c.assignee_id IS NOT NULL
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
