import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BusinessCalendar } from '../../domain/calendar/types.js';
import { workingDaysBetween } from '../../domain/calendar/working-days.js';
import { toLocalDate } from '../../domain/calendar/zoned-time.js';
import { CASE_DEFINITIONS } from '../../domain/cases/machines.js';
import { moroccoLegalTime } from '../../platform/legal-time.js';
import { createPrisma } from '../../platform/prisma.js';
import { seed } from '../../prisma/seed.js';
import { loadBusinessCalendar } from '../../store/calendar-source.js';
import { moroccanToday } from '../../store/slot-publication.js';
import { generateVolume } from '../../store/volume/generate-volume.js';
import { TEST_SEED_PASSWORD } from '../global-setup.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { startPlatform, staffHeaders, type TestPlatform } from '../support/platform.js';

/*
 * Every statistic the API answers, computed again here in plain TypeScript from rows read back
 * with simple SELECTs, over a few thousand cases written by the volume generator: the API's SQL
 * (buckets, percentiles, band thresholds, suppression) has to agree with a naive reading.
 */
const MIN_SAMPLE = 10;
const zone = moroccoLegalTime();
const localDate = (d: Date) => toLocalDate(d.toISOString(), zone);

interface CaseRow {
  id: string;
  entity_id: string;
  service_id: string;
  office_id: string | null;
  case_type: string;
  submitted_at: Date;
  closed_at: Date | null;
  outcome: string | null;
  assignee_id: string | null;
  working_days_to_close: number | null;
  first_free_slot_at: Date | null;
}
interface ClockRow {
  case_id: string;
  clock: string;
  state: string;
  started_at: Date | null;
  stopped_at: Date | null;
  breached_at: Date | null;
  target_due_at: Date | null;
}
interface EventRow {
  case_id: string;
  type: string;
  payload: Record<string, unknown>;
  occurred_at: Date;
}
interface Rows {
  cases: CaseRow[];
  clocks: ClockRow[];
  events: EventRow[];
  services: Array<{ id: string; entity_id: string; code: string; name: string; case_type: string; clocks: Record<string, { warnAt?: number[] }> }>;
  staff: Map<string, string>;
  entities: Array<{ id: string; code: string }>;
  calendars: Map<string, BusinessCalendar>;
}

let database: TestDatabase;
let platform: TestPlatform;
let rows: Rows;
let admin: Record<string, string>;
let manager: Record<string, string>;
const today = moroccanToday();

beforeAll(async () => {
  database = await createTestDatabase();
  const prisma = createPrisma(database.url);
  await seed(prisma, { password: TEST_SEED_PASSWORD, nodeEnv: 'test', log: () => undefined });
  await prisma.$disconnect();
  const pool = new pg.Pool({ connectionString: database.url, max: 2 });
  try {
    await generateVolume(pool, { cases: 3000, seed: 9, endDate: today, years: 2 });
    const q = async <T>(sql: string) => (await pool.query(sql)).rows as T[];
    const [cases, clocks, events, services, staff, entities] = await Promise.all([
      q<CaseRow>('SELECT id, entity_id, service_id, office_id, case_type, submitted_at, closed_at, outcome, assignee_id, working_days_to_close, first_free_slot_at FROM "case"'),
      q<ClockRow>('SELECT case_id, clock, state, started_at, stopped_at, breached_at, target_due_at FROM case_clock'),
      q<EventRow>("SELECT case_id, type, payload, occurred_at FROM case_event WHERE type IN ('escalated', 'deadline_extended', 'sla_warning')"),
      q<Rows['services'][number]>('SELECT id, entity_id, code, name, case_type, clocks FROM service'),
      q<{ id: string; username: string }>('SELECT id, username FROM staff_user'),
      q<{ id: string; code: string }>('SELECT id, code FROM entity'),
    ]);
    platform = await startPlatform({ databaseUrl: database.url });
    const year = Number(today.slice(0, 4));
    const calendars = new Map<string, BusinessCalendar>();
    for (const e of entities) calendars.set(e.id, await loadBusinessCalendar(platform.prisma, { entityId: e.id, years: [year - 3, year - 2, year - 1, year] }));
    rows = { cases, clocks, events, services, staff: new Map(staff.map((s) => [s.id, s.username])), entities, calendars };
  } finally {
    await pool.end();
  }
  admin = await staffHeaders(platform.app, 'admin');
  manager = await staffHeaders(platform.app, 'manager');
}, 600_000);
afterAll(async () => {
  await platform?.close();
  await database?.drop();
});

// ---- the statistics, the naive way --------------------------------------------------------

interface Filters {
  from: string;
  to: string;
  groupBy: 'day' | 'week' | 'month';
  entity: string | null;
  serviceId: string | null;
  caseType: string | null;
  officeId: string | null;
}

function median(values: number[]): number | null {
  return quantile(values, 0.5);
}
function quantile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = p * (sorted.length - 1);
  const low = sorted[Math.floor(rank)]!;
  const high = sorted[Math.ceil(rank)]!;
  return low + (high - low) * (rank - Math.floor(rank));
}
const share = (part: number, whole: number) => (whole >= MIN_SAMPLE ? part / whole : null);
const countBy = <T>(items: T[], key: (t: T) => string) => {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
};
const days = (later: Date, earlier: Date) => (later.getTime() - earlier.getTime()) / 86_400_000;

function weekLabel(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  const weekday = (d.getUTCDay() + 6) % 7;
  const thursday = new Date(d.getTime() + (3 - weekday) * 86_400_000);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * 86_400_000)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}
const label = (date: string, groupBy: Filters['groupBy']) => (groupBy === 'day' ? date : groupBy === 'month' ? date.slice(0, 7) : weekLabel(date));

function expected(f: Filters) {
  const entityId = f.entity ? rows.entities.find((e) => e.code === f.entity)!.id : null;
  const scoped = rows.cases.filter(
    (c) => (!entityId || c.entity_id === entityId) && (!f.serviceId || c.service_id === f.serviceId) && (!f.caseType || c.case_type === f.caseType) && (!f.officeId || c.office_id === f.officeId),
  );
  const byId = new Map(scoped.map((c) => [c.id, c]));
  const inRange = (d: Date | null) => d !== null && localDate(d) >= f.from && localDate(d) <= f.to;
  const closed = scoped.filter((c) => inRange(c.closed_at));
  const open = scoped.filter((c) => c.closed_at === null);
  const clocks = rows.clocks.filter((k) => byId.has(k.case_id));
  const events = rows.events.filter((e) => byId.has(e.case_id));
  const windows = new Set(Object.values(CASE_DEFINITIONS).flatMap((d) => d.clocks.filter((c) => c.window).map((c) => c.name)));

  const labels: string[] = [];
  for (let d = f.from; d <= f.to; d = new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)) {
    if (labels.at(-1) !== label(d, f.groupBy)) labels.push(label(d, f.groupBy));
  }
  const submittedPer = countBy(scoped.filter((c) => inRange(c.submitted_at)), (c) => label(localDate(c.submitted_at), f.groupBy));
  const finishedPer = countBy(closed, (c) => label(localDate(c.closed_at!), f.groupBy));
  const volume = labels.map((period) => ({ period, submitted: submittedPer.get(period) ?? 0, finished: finishedPer.get(period) ?? 0 }));

  const finishedClocks = clocks.filter((k) => inRange(k.stopped_at) && k.started_at !== null && !windows.has(k.clock));
  const compliance = [...countBy(finishedClocks, (k) => `${byId.get(k.case_id)!.case_type}|${k.clock}`).keys()].sort().map((key) => {
    const [caseType, clock] = key.split('|') as [string, string];
    const group = finishedClocks.filter((k) => byId.get(k.case_id)!.case_type === caseType && k.clock === clock);
    const withinLegal = group.filter((k) => k.breached_at === null).length;
    const targeted = group.filter((k) => k.target_due_at !== null);
    const withinTarget = targeted.filter((k) => k.stopped_at! <= k.target_due_at!).length;
    return {
      caseType,
      clock,
      finished: group.length,
      withinLegal: group.length >= MIN_SAMPLE ? withinLegal : null,
      withinLegalShare: share(withinLegal, group.length),
      withinTarget: targeted.length > 0 && group.length >= MIN_SAMPLE ? withinTarget : null,
      withinTargetShare: targeted.length > 0 ? share(withinTarget, targeted.length) : null,
    };
  });

  const processing_times = [...new Set(closed.map((c) => c.case_type))].sort().map((caseType) => {
    const group = closed.filter((c) => c.case_type === caseType);
    const shown = group.length >= MIN_SAMPLE;
    const working = group.flatMap((c) => (c.working_days_to_close === null ? [] : [c.working_days_to_close]));
    const calendar = group.map((c) => days(c.closed_at!, c.submitted_at));
    const q = (values: number[], p: number) => (shown ? quantile(values, p) : null);
    return {
      caseType,
      finished: group.length,
      p50WorkingDays: q(working, 0.5),
      p90WorkingDays: q(working, 0.9),
      p95WorkingDays: q(working, 0.95),
      p50CalendarDays: q(calendar, 0.5),
      p90CalendarDays: q(calendar, 0.9),
      p95CalendarDays: q(calendar, 0.95),
    };
  });

  // Now: breached = a running clock past its deadline; at risk = a running clock past its last warning, not breached.
  const lastWarning = (c: CaseRow, clock: string) => {
    const warnAt = rows.services.find((s) => s.id === c.service_id)?.clocks[clock]?.warnAt ?? [];
    return warnAt.length > 0 ? warnAt[warnAt.length - 1]! : null;
  };
  const mainOf = (clock: string) => Object.values(CASE_DEFINITIONS).find((d) => d.clocks.some((k) => k.name === clock))!.clocks[0]!.name;
  const breachedNow = (c: CaseRow) => clocks.some((k) => k.case_id === c.id && k.breached_at !== null && k.stopped_at === null);
  const atRisk = (c: CaseRow) =>
    !breachedNow(c) &&
    clocks.some((k) => {
      if (k.case_id !== c.id || k.state !== 'warning' || k.breached_at !== null || k.stopped_at !== null || windows.has(k.clock)) return false;
      const last = lastWarning(c, k.clock);
      return (
        last !== null &&
        events.some((e) => e.case_id === c.id && e.type === 'sla_warning' && Number(e.payload.fraction) >= last && ((e.payload.clock as string | undefined) ?? mainOf(k.clock)) === k.clock)
      );
    });
  const bandOf = (age: number) => (age <= 5 ? '0-5' : age <= 10 ? '6-10' : age <= 20 ? '11-20' : age <= 40 ? '21-40' : '41+');
  const backlog = ['0-5', '6-10', '11-20', '21-40', '41+'].map((ageBand) => {
    const group = open.filter((c) => bandOf(workingDaysBetween(rows.calendars.get(c.entity_id)!, localDate(c.submitted_at), today)) === ageBand);
    return { ageBand, open: group.length, atRisk: group.filter(atRisk).length, breached: group.filter(breachedNow).length };
  });

  const serviceOf = (id: string) => rows.services.find((s) => s.id === id)!;
  const breached = clocks.filter((k) => inRange(k.breached_at));
  const breaches = [...countBy(breached, (k) => `${byId.get(k.case_id)!.service_id}|${k.clock}`)].map(([key, count]) => {
    const [serviceId, clock] = key.split('|') as [string, string];
    return { serviceId, serviceCode: serviceOf(serviceId).code, serviceName: serviceOf(serviceId).name, clock, count };
  });
  const escalations = [...countBy(events.filter((e) => e.type === 'escalated' && inRange(e.occurred_at)), (e) => String(e.payload.level))].map(([level, count]) => ({ level: Number(level), count }));
  const extensions = [...countBy(events.filter((e) => e.type === 'deadline_extended' && inRange(e.occurred_at)), (e) => byId.get(e.case_id)!.case_type)].map(([caseType, granted]) => ({ caseType, granted }));
  const outcomes = [...countBy(closed.filter((c) => c.outcome !== null), (c) => c.outcome!)].map(([outcome, count]) => ({ outcome, count }));

  const appointments = scoped.filter((c) => c.case_type === 'appointment');
  const booked = appointments.filter((c) => inRange(c.submitted_at));
  const ended = appointments.filter((c) => inRange(c.closed_at));
  const attended = ended.filter((c) => c.outcome === 'attended').length;
  const noShow = ended.filter((c) => c.outcome === 'no_show').length;
  const waits = booked.flatMap((c) => (c.first_free_slot_at ? [days(c.first_free_slot_at, c.submitted_at)] : []));
  const appointmentRow = {
    booked: booked.length,
    attended,
    noShow,
    cancelled: ended.filter((c) => c.outcome === 'cancelled').length,
    noShowRate: share(noShow, attended + noShow),
    medianWaitDays: waits.length >= MIN_SAMPLE ? median(waits) : null,
  };

  const handlers = [...countBy(closed.filter((c) => c.assignee_id !== null), (c) => c.assignee_id!)]
    .filter(([, finished]) => finished >= MIN_SAMPLE)
    .map(([handlerId, finished]) => ({
      handlerId,
      username: rows.staff.get(handlerId)!,
      open: open.filter((c) => c.assignee_id === handlerId).length,
      finished,
      medianWorkingDays: median(closed.filter((c) => c.assignee_id === handlerId && c.working_days_to_close !== null).map((c) => c.working_days_to_close!)),
      breaches: breached.filter((k) => byId.get(k.case_id)!.assignee_id === handlerId).length,
    }));

  const months = Array.from({ length: 13 }, (_, i) => {
    const index = Number(f.to.slice(0, 4)) * 12 + Number(f.to.slice(5, 7)) - 1 - (12 - i);
    return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
  });
  const complaintsPer = countBy(
    scoped.filter((c) => c.case_type === 'complaint' || c.case_type === 'information_complaint'),
    (c) => localDate(c.submitted_at).slice(0, 7),
  );
  const monthly = months.map((m) => complaintsPer.get(m) ?? 0);
  const complaints_monthly = months.slice(1).map((month, i) => ({
    month,
    submitted: monthly[i + 1]!,
    changeFromPrevious: monthly[i]! >= MIN_SAMPLE ? (monthly[i + 1]! - monthly[i]!) / monthly[i]! : null,
  }));
  const series = monthly.slice(1);
  const mean = series.reduce((a, b) => a + b, 0) / 12;
  const total = series.reduce((a, b) => a + b, 0);
  const sd = Math.sqrt(series.reduce((a, b) => a + (b - mean) ** 2, 0) / 12);
  const slope = series.reduce((a, y, x) => a + (x - 5.5) * (y - mean), 0) / series.reduce((a, _y, x) => a + (x - 5.5) ** 2, 0);
  const complaintStability = {
    months: 12,
    mean,
    coefficientOfVariation: total >= MIN_SAMPLE && mean > 0 ? sd / mean : null,
    trendPerMonth: total >= MIN_SAMPLE ? slope : null,
  };

  const live = { backlog: open.length, atRisk: open.filter(atRisk).length, breached: open.filter(breachedNow).length };
  return {
    tables: { volume, compliance, processing_times, backlog, breaches, escalations, extensions, outcomes, appointments: [appointmentRow], handlers, complaints_monthly },
    complaintStability,
    live,
  };
}

/** Rows in a stable order, and figures shown with two decimals compared as the API rounds them. */
function comparable(value: unknown, round = false): unknown {
  if (Array.isArray(value)) return value.map((v) => comparable(v, round)).sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, comparable(v, round || /WorkingDays|CalendarDays|WaitDays/.test(k))]));
  if (typeof value === 'number' && round) return Math.round(value * 100) / 100;
  if (typeof value === 'number' && !Number.isInteger(value)) return Number(value.toPrecision(12));
  return value;
}

async function answer(query: string, who: Record<string, string>) {
  const res = await platform.app.inject({ method: 'GET', url: `/api/v1/stats?${query}`, headers: who });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ filters: Filters; tables: Record<string, unknown>; complaintStability: unknown; live: unknown }>();
}

describe('the statistics over generated cases', () => {
  it('has a few thousand cases of every type to count', () => {
    expect(rows.cases.length).toBeGreaterThanOrEqual(3000);
    expect(new Set(rows.cases.map((c) => c.case_type)).size).toBeGreaterThanOrEqual(5);
    expect(rows.clocks.some((k) => k.breached_at !== null)).toBe(true);
    expect(rows.clocks.some((k) => k.target_due_at !== null)).toBe(true);
  });

  it.each([
    ['every entity, by month (an administrator, the default period)', '', 'admin'],
    ['the manager’s own entity by default, by week', 'groupBy=week', 'manager'],
    ['one entity’s complaints over two years, by month', 'entity=COMMUNE-RABAT&caseType=complaint&from=YEAR2-01-01&to=TODAY', 'admin'],
    ['the last 60 days by day', 'from=DAY60&to=TODAY&groupBy=day', 'admin'],
  ])('%s: every table equals the naive count', async (_title, rawQuery, who): Promise<void> => {
    const query = rawQuery
      .replace('TODAY', today)
      .replace('YEAR2', String(Number(today.slice(0, 4)) - 1))
      .replace('DAY60', new Date(Date.parse(`${today}T00:00:00Z`) - 60 * 86_400_000).toISOString().slice(0, 10));
    const got = await answer(query, who === 'admin' ? admin : manager);
    const want = expected(got.filters);
    for (const table of Object.keys(want.tables)) {
      expect(comparable(got.tables[table]), table).toEqual(comparable(want.tables[table as keyof typeof want.tables]));
    }
    expect(comparable(got.complaintStability)).toEqual(comparable(want.complaintStability));
    expect(got.live).toEqual(want.live);
    // Something was there to compare.
    expect((got.tables.volume as Array<{ submitted: number }>).some((v) => v.submitted > 0)).toBe(true);
  });

  it('compares figures that are there: shares, percentiles, handlers, risks, escalations, extensions and waits', async () => {
    const { tables, live } = await answer(`from=${Number(today.slice(0, 4)) - 1}-01-01&to=${today}`, admin);
    const t = tables as Record<string, Array<Record<string, unknown>>>;
    expect(t.compliance!.some((r) => r.withinLegalShare !== null && (r.withinLegalShare as number) < 1)).toBe(true);
    expect(t.compliance!.some((r) => r.withinTargetShare !== null)).toBe(true);
    expect(t.processing_times!.some((r) => (r.p90WorkingDays as number | null) !== null && (r.p90WorkingDays as number) > 0)).toBe(true);
    expect(t.handlers!.length).toBeGreaterThan(0);
    expect(t.escalations!.length).toBeGreaterThan(0);
    expect(t.extensions!.length).toBeGreaterThan(0);
    expect(t.breaches!.length).toBeGreaterThan(0);
    expect(t.appointments![0]!.medianWaitDays).not.toBeNull();
    expect(t.appointments![0]!.noShowRate).not.toBeNull();
    expect(t.complaints_monthly!.some((r) => r.changeFromPrevious !== null)).toBe(true);
    expect(live).toMatchObject({ backlog: expect.any(Number) });
    expect((live as { backlog: number }).backlog).toBeGreaterThan(0);
    expect(t.backlog!.some((r) => (r.breached as number) > 0)).toBe(true);
    expect(t.backlog!.some((r) => (r.atRisk as number) > 0)).toBe(true);
  });

  it('filters by service and by office, and a service’s breaches are its own', async () => {
    const service = rows.services.find((s) => s.code === 'CASIER-JUDICIAIRE')!;
    const got = await answer(`serviceId=${service.id}&from=${Number(today.slice(0, 4)) - 1}-01-01&to=${today}`, admin);
    const want = expected(got.filters);
    for (const table of Object.keys(want.tables)) expect(comparable(got.tables[table]), table).toEqual(comparable(want.tables[table as keyof typeof want.tables]));
    expect((got.tables.breaches as Array<{ serviceId: string }>).every((b) => b.serviceId === service.id)).toBe(true);

    const office = rows.cases.find((c) => c.office_id !== null)!;
    const byOffice = await answer(`officeId=${office.office_id}&groupBy=week`, admin);
    const wantOffice = expected(byOffice.filters);
    for (const table of Object.keys(wantOffice.tables)) expect(comparable(byOffice.tables[table]), table).toEqual(comparable(wantOffice.tables[table as keyof typeof wantOffice.tables]));
  });

  it('answers each table alone and the live counters as the whole answer does', async () => {
    const whole = await answer('groupBy=week', manager);
    for (const table of Object.keys(whole.tables)) {
      const one = await platform.app.inject({ method: 'GET', url: `/api/v1/stats/${table}?groupBy=week`, headers: manager });
      expect(one.json<{ items: unknown }>().items, table).toEqual(whole.tables[table]);
    }
    const live = await platform.app.inject({ method: 'GET', url: '/api/v1/stats/live', headers: manager });
    expect(live.json()).toMatchObject(whole.live as object);
  });
});
