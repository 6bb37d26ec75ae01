import { ageBandThresholds } from '../../domain/stats/age-bands.js';
import { addDays, localDayStartMs, monthStartBefore, periodsOf } from '../../domain/stats/periods.js';
import { rounded } from '../../domain/stats/percentiles.js';
import { figureOrNull, shareOrNull } from '../../domain/stats/sample.js';
import { changeFrom, stabilityOf, type Stability } from '../../domain/stats/stability.js';
import type { ComplaintMonthRow, LiveCounters, StatsFilters, StatsTable, StatsTables } from '../../domain/stats/tables.js';
import { moroccoLegalTime } from '../../platform/legal-time.js';
import type { PrismaClient } from '../../platform/prisma.js';
import { loadBusinessCalendar } from '../calendar-source.js';
import { backlogByAge, liveCounters, type EntityBandStarts } from './backlog.js';
import { breachesByService, clockCompliance, escalationsByLevel, extensionsByCaseType } from './deadlines.js';
import { handlerFigures, processingTimes } from './durations.js';
import { appointmentFigures, outcomesOf } from './outcomes.js';
import type { InstantRange, StatsScope } from './scope.js';
import { pageCache } from './page-cache.js';
import { statisticsRead, type StatsDb } from './stats-db.js';
import { complaintsByMonth, volumeByPeriod } from './volume.js';

/** What one statistics request asks for, checked and resolved by the API. */
export interface StatsQuery {
  filters: StatsFilters;
  scope: StatsScope;
  minSample: number;
  /** today's local date: backlog ages and the live counters are "now" */
  today: string;
}

const zone = () => moroccoLegalTime();

function rangeOf(filters: StatsFilters): InstantRange {
  return { fromMs: localDayStartMs(filters.from, zone()), toMs: localDayStartMs(addDays(filters.to, 1), zone()) };
}

/** Each entity's band starts, from its own calendar (holiday overrides may differ by entity). */
async function bandStarts(prisma: StatsDb, scope: StatsScope, today: string): Promise<EntityBandStarts[]> {
  const entities = scope.entityId ? [{ id: scope.entityId }] : await prisma.entity.findMany({ select: { id: true } });
  const year = Number(today.slice(0, 4));
  return Promise.all(
    entities.map(async ({ id }) => {
      // The oldest bounded band ends 40 working days back: within this year and the last.
      const calendar = await loadBusinessCalendar(prisma, { entityId: id, years: [year - 1, year] });
      const since = ageBandThresholds(calendar, today).flatMap((t) => (t.since ? [localDayStartMs(t.since, zone())] : []));
      return { entityId: id, since };
    }),
  );
}

async function complaintMonths(prisma: StatsDb, query: StatsQuery): Promise<{ rows: ComplaintMonthRow[]; stability: Stability }> {
  // Twelve months ending with `to`'s month, and the one before them for the first month's change.
  const starts = Array.from({ length: 14 }, (_, i) => monthStartBefore(query.filters.to, 12 - i));
  const counts = await complaintsByMonth(prisma, query.scope, starts.map((d) => localDayStartMs(d, zone())));
  const rows = counts.slice(1).map((submitted, i) => ({
    month: starts[i + 1]!.slice(0, 7),
    submitted,
    changeFromPrevious: changeFrom(counts[i]!, submitted, query.minSample),
  }));
  return { rows, stability: stabilityOf(rows.map((r) => r.submitted), query.minSample) };
}

type TableReader<T extends StatsTable> = (prisma: StatsDb, query: StatsQuery) => Promise<StatsTables[T]>;

const TABLE_READERS: { [T in StatsTable]: TableReader<T> } = {
  async volume(prisma, { filters, scope }) {
    const periods = periodsOf(filters.from, filters.to, filters.groupBy);
    const bounds = [...periods.map((p) => localDayStartMs(p.start, zone())), localDayStartMs(addDays(filters.to, 1), zone())];
    const counts = await volumeByPeriod(prisma, scope, bounds);
    return periods.map((p, i) => ({ period: p.label, ...counts[i]! }));
  },
  async compliance(prisma, { filters, scope, minSample }) {
    const rows = await clockCompliance(prisma, scope, rangeOf(filters));
    return rows.map((r) => ({
      caseType: r.caseType,
      clock: r.clock,
      finished: r.finished,
      withinLegal: figureOrNull(r.withinLegal, r.finished, minSample),
      withinLegalShare: shareOrNull(r.withinLegal, r.finished, minSample),
      withinTarget: r.withTarget > 0 ? figureOrNull(r.withinTarget, r.finished, minSample) : null,
      withinTargetShare: r.withTarget > 0 ? shareOrNull(r.withinTarget, r.withTarget, minSample) : null,
    }));
  },
  async processing_times(prisma, { filters, scope, minSample }) {
    const rows = await processingTimes(prisma, scope, rangeOf(filters));
    const at = (values: Array<number | null> | null, i: number) => rounded(values?.[i] ?? null);
    return rows.map((r) => {
      const shown = r.finished >= minSample;
      const w = shown ? r.working : null;
      const c = shown ? r.calendar : null;
      return {
        caseType: r.caseType,
        finished: r.finished,
        p50WorkingDays: at(w, 0),
        p90WorkingDays: at(w, 1),
        p95WorkingDays: at(w, 2),
        p50CalendarDays: at(c, 0),
        p90CalendarDays: at(c, 1),
        p95CalendarDays: at(c, 2),
      };
    });
  },
  async backlog(prisma, { scope, today }) {
    return backlogByAge(prisma, scope, await bandStarts(prisma, scope, today));
  },
  async breaches(prisma, { filters, scope }) {
    return breachesByService(prisma, scope, rangeOf(filters));
  },
  async escalations(prisma, { filters, scope }) {
    return escalationsByLevel(prisma, scope, rangeOf(filters));
  },
  async extensions(prisma, { filters, scope }) {
    return extensionsByCaseType(prisma, scope, rangeOf(filters));
  },
  async outcomes(prisma, { filters, scope }) {
    return outcomesOf(prisma, scope, rangeOf(filters));
  },
  async appointments(prisma, { filters, scope, minSample }) {
    const r = await appointmentFigures(prisma, scope, rangeOf(filters));
    return [
      {
        booked: r.booked,
        attended: r.attended,
        noShow: r.noShow,
        cancelled: r.cancelled,
        noShowRate: shareOrNull(r.noShow, r.attended + r.noShow, minSample),
        medianWaitDays: figureOrNull(rounded(r.medianWait), r.waits, minSample),
      },
    ];
  },
  async handlers(prisma, { filters, scope, minSample }) {
    const rows = await handlerFigures(prisma, scope, rangeOf(filters), minSample);
    return rows.map((r) => ({ handlerId: r.handlerId, username: r.username, open: r.open, finished: r.finished, medianWorkingDays: rounded(r.median), breaches: r.breaches }));
  },
  async complaints_monthly(prisma, query) {
    return (await complaintMonths(prisma, query)).rows;
  },
};

/** One table of the statistics. */
export async function readStatsTable<T extends StatsTable>(prisma: PrismaClient, query: StatsQuery, table: T): Promise<StatsTables[T]> {
  return statisticsRead(prisma, (db) => (TABLE_READERS[table] as TableReader<T>)(db, query));
}

/** The counters the dashboard refreshes on every event: open cases, at risk, breached, now. */
export async function readLiveCounters(prisma: PrismaClient, scope: StatsScope): Promise<LiveCounters> {
  return statisticsRead(prisma, (db) => liveCounters(db, scope));
}

type PageFigures = { tables: StatsTables; complaintStability: Stability };

/** Every table and the complaint stability, read side by side (as many at once as statisticsRead allows). */
async function readPage(prisma: PrismaClient, query: StatsQuery): Promise<PageFigures> {
  const names = (Object.keys(TABLE_READERS) as StatsTable[]).filter((table) => table !== 'complaints_monthly');
  const [rows, complaints] = await Promise.all([
    Promise.all(names.map((table) => readStatsTable(prisma, query, table))),
    statisticsRead(prisma, (db) => complaintMonths(db, query)),
  ]);
  const tables = Object.fromEntries(names.map((table, i) => [table, rows[i]])) as Record<StatsTable, unknown>;
  tables.complaints_monthly = complaints.rows;
  return { tables: tables as StatsTables, complaintStability: complaints.stability };
}

/** Filter sets whose page is kept at once: beyond, the oldest is read again when asked. */
const CACHED_PAGES = 200;

/**
 * Reads every table, the complaint stability and the live counters. With `cacheSeconds` > 0 the
 * tables are those read for the same filters (and reader's scope) at most that long ago, and
 * `generatedAt` says when; the live counters are always read now.
 */
export function statisticsReader(prisma: PrismaClient, cacheSeconds: number) {
  const cached = cacheSeconds > 0 ? pageCache<PageFigures>(cacheSeconds * 1000, CACHED_PAGES) : null;
  return async (query: StatsQuery): Promise<PageFigures & { live: LiveCounters; generatedAt: string }> => {
    const [{ page, at }, live] = await Promise.all([
      cached ? cached(JSON.stringify(query), () => readPage(prisma, query)) : readPage(prisma, query).then((figures) => ({ page: figures, at: Date.now() })),
      readLiveCounters(prisma, query.scope),
    ]);
    return { ...page, live, generatedAt: new Date(at).toISOString() };
  };
}
