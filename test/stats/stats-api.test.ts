import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type KhidmaApp } from '../../api/app.js';
import { STATS_TABLES } from '../../domain/stats/tables.js';
import { moroccanToday } from '../../store/slot-publication.js';
import { APPLICANT, startPlatform, staffHeaders, TEST_CONFIG, type TestPlatform } from '../support/platform.js';
import { until } from '../support/until.js';
import { createStaff, createStatsEntity, parseCsv } from './support.js';

/*
 * The statistics API over the real platform: who may read what, bad input on every parameter,
 * small samples withheld (and shown once the sample is reached), and every table as CSV.
 */
let platform: TestPlatform;
let a: Awaited<ReturnType<typeof createStatsEntity>>;
let b: Awaited<ReturnType<typeof createStatsEntity>>;
const headers: Record<string, Record<string, string>> = {};
/** The same platform with a minimum sample of 3: the suppressed figures appear. */
let smallSampleApp: KhidmaApp;

const get = (url: string, who: Record<string, string>, app: KhidmaApp = platform.app) => app.inject({ method: 'GET', url, headers: who });

async function closedCase(entity: typeof b, handler: Record<string, string>) {
  const submitted = await platform.app.inject({ method: 'POST', url: '/api/v1/cases', payload: { serviceId: entity.service.id, applicant: APPLICANT } });
  const { caseId } = submitted.json<{ caseId: string }>();
  for (const action of ['claim', 'approve', 'mark_ready', 'deliver', 'close']) {
    const res = await platform.app.inject({ method: 'POST', url: `/api/v1/cases/${caseId}/actions/${action}`, headers: handler });
    expect(res.statusCode, `${action}: ${res.body}`).toBe(200);
  }
  return caseId;
}

beforeAll(async () => {
  platform = await startPlatform();
  [a, b] = [await createStatsEntity(platform.prisma), await createStatsEntity(platform.prisma)];
  for (const [name, username] of [
    ['aManager', a.manager.username],
    ['bManager', b.manager.username],
    ['bHandler', b.handler.username],
    ['bSupervisor', (await createStaff(platform.prisma, b.entity.id, 'supervisor')).username],
    ['admin', 'admin'],
    ['mjManager', 'manager'],
  ] as const) {
    headers[name] = await staffHeaders(platform.app, username);
  }
  // Three cases of B finished by its handler, one left open.
  const closed: string[] = [];
  for (let i = 0; i < 3; i++) closed.push(await closedCase(b, headers.bHandler!));
  await platform.app.inject({ method: 'POST', url: '/api/v1/cases', payload: { serviceId: b.service.id, applicant: APPLICANT } });
  await until(
    () => platform.prisma.case.count({ where: { id: { in: closed }, workingDaysToClose: { not: null } } }),
    (n) => n === 3,
  );
  smallSampleApp = await buildApp({ prisma: platform.prisma, temporal: platform.temporal, feed: platform.feed, config: { ...TEST_CONFIG, statsMinSample: 3 } });
  await smallSampleApp.ready();
}, 180_000);
afterAll(async () => {
  await smallSampleApp?.close();
  await platform?.close();
});

interface Answer {
  filters: Record<string, string | null>;
  minSample: number;
  tables: Record<string, Array<Record<string, unknown>>>;
  live: { backlog: number; atRisk: number; breached: number };
}

const totalSubmitted = (answer: Answer) => answer.tables.volume!.reduce((n, row) => n + (row.submitted as number), 0);

describe('who reads which statistics', () => {
  it('a manager gets their own entity’s figures when they name none, and nothing of another', async () => {
    const own = await get('/api/v1/stats', headers.bManager!);
    expect(own.statusCode, own.body).toBe(200);
    expect(own.headers['cache-control']).toBe('private, no-store');
    const answer = own.json<Answer>();
    expect(answer.filters).toMatchObject({ entity: b.entity.code, groupBy: 'month', to: moroccanToday(), serviceId: null, caseType: null, officeId: null });
    expect(answer.minSample).toBe(10);
    expect(totalSubmitted(answer)).toBe(4);
    expect(answer.live).toEqual({ backlog: 1, atRisk: 0, breached: 0 });
    expect(answer.tables.outcomes).toEqual([{ outcome: 'granted', count: 3 }]);

    const empty = (await get('/api/v1/stats', headers.aManager!)).json<Answer>();
    expect(empty.filters.entity).toBe(a.entity.code);
    expect(totalSubmitted(empty)).toBe(0);
    expect(empty.live).toEqual({ backlog: 0, atRisk: 0, breached: 0 });
    expect(empty.tables.outcomes).toEqual([]);

    for (const url of [
      `/api/v1/stats?entity=${b.entity.code}`,
      `/api/v1/stats?serviceId=${b.service.id}`,
      `/api/v1/stats?officeId=${b.office.id}`,
      `/api/v1/stats/volume?entity=${b.entity.code}&format=csv`,
      `/api/v1/stats/live?entity=${b.entity.code}`,
      `/api/v1/stats/live?serviceId=${b.service.id}`,
    ]) {
      const refused = await get(url, headers.aManager!);
      expect(refused.statusCode, url).toBe(403);
      expect(refused.json(), url).toMatchObject({ code: 'other_entity' });
      expect(refused.body).not.toContain('"items"');
    }
  });

  it('a supervisor reads their entity like a manager; a handler reads none', async () => {
    expect((await get('/api/v1/stats/live', headers.bSupervisor!)).json()).toMatchObject({ backlog: 1, atRisk: 0, breached: 0 });
    for (const url of ['/api/v1/stats', '/api/v1/stats/volume', '/api/v1/stats/live']) {
      const refused = await get(url, headers.bHandler!);
      expect(refused.statusCode, url).toBe(403);
      expect(refused.json()).toMatchObject({ code: 'not_permitted' });
      expect((await get(url, {})).statusCode).toBe(401);
    }
  });

  it('an administrator reads every entity, or the one named', async () => {
    const all = (await get('/api/v1/stats', headers.admin!)).json<Answer>();
    expect(all.filters.entity).toBeNull();
    const onlyB = (await get(`/api/v1/stats?entity=${b.entity.code}`, headers.admin!)).json<Answer>();
    expect(onlyB.filters.entity).toBe(b.entity.code);
    expect(totalSubmitted(onlyB)).toBe(4);
    expect(totalSubmitted(all)).toBeGreaterThanOrEqual(4);
    expect((await get(`/api/v1/stats/live?entity=${b.entity.code}`, headers.admin!)).json()).toMatchObject({ backlog: 1 });
    const mismatch = await get(`/api/v1/stats?entity=${a.entity.code}&serviceId=${b.service.id}`, headers.admin!);
    expect(mismatch.statusCode).toBe(400);
    expect(mismatch.json()).toMatchObject({ details: { field: 'querystring.serviceId' }, message: expect.stringContaining(a.entity.code) });
  });
});

describe('small samples', () => {
  it('withhold shares, the counts beside them that would tell them, percentiles and handler rows below the minimum sample: never a share of 3 cases', async () => {
    const answer = (await get('/api/v1/stats', headers.bManager!)).json<Answer>();
    expect(answer.tables.compliance).toEqual([
      { caseType: 'document_request', clock: 'decision', finished: 3, withinLegal: null, withinLegalShare: null, withinTarget: null, withinTargetShare: null },
    ]);
    expect(answer.tables.processing_times).toEqual([
      { caseType: 'document_request', finished: 3, p50WorkingDays: null, p90WorkingDays: null, p95WorkingDays: null, p50CalendarDays: null, p90CalendarDays: null, p95CalendarDays: null },
    ]);
    expect(answer.tables.handlers).toEqual([]);
    expect(answer.tables.appointments).toEqual([{ booked: 0, attended: 0, noShow: 0, cancelled: 0, noShowRate: null, medianWaitDays: null }]);
  });

  it('show them once the sample reaches the minimum (STATS_MIN_SAMPLE)', async () => {
    const answer = (await get('/api/v1/stats', headers.bManager!, smallSampleApp)).json<Answer>();
    expect(answer.minSample).toBe(3);
    expect(answer.tables.compliance).toEqual([
      { caseType: 'document_request', clock: 'decision', finished: 3, withinLegal: 3, withinLegalShare: 1, withinTarget: 3, withinTargetShare: 1 },
    ]);
    const times = answer.tables.processing_times![0]!;
    // Closed the day they were submitted.
    expect(times).toMatchObject({ finished: 3, p50WorkingDays: 0, p90WorkingDays: 0, p95WorkingDays: 0 });
    expect(times.p95CalendarDays).toBeGreaterThanOrEqual(0);
    expect(times.p95CalendarDays).toBeLessThan(0.01);
    expect(answer.tables.handlers).toEqual([{ handlerId: b.handler.id, username: b.handler.username, open: 0, finished: 3, medianWorkingDays: 0, breaches: 0 }]);
  });
});

describe('every table as CSV', () => {
  it('round-trips: a header row of the JSON field names, the same rows, and the filters in the file name', async () => {
    const filters = `from=${moroccanToday().slice(0, 8)}01&to=${moroccanToday()}&groupBy=day&serviceId=${b.service.id}&caseType=document_request`;
    for (const table of STATS_TABLES) {
      const json = await get(`/api/v1/stats/${table}?${filters}`, headers.bManager!, smallSampleApp);
      expect(json.statusCode, json.body).toBe(200);
      const { items, filters: applied } = json.json<{ items: Array<Record<string, unknown>>; filters: Record<string, string> }>();
      expect(applied).toMatchObject({ entity: b.entity.code, serviceId: b.service.id, caseType: 'document_request', groupBy: 'day' });
      const csv = await get(`/api/v1/stats/${table}?${filters}&format=csv`, headers.bManager!, smallSampleApp);
      expect(csv.statusCode).toBe(200);
      expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(csv.headers['content-disposition']).toBe(
        `attachment; filename="khidma-${table}-${b.entity.code}-${applied.from}-${applied.to}-day-document_request-${b.service.id}.csv"`,
      );
      const { header, rows } = parseCsv(csv.body);
      expect(header.length, table).toBeGreaterThan(0);
      if (items[0]) expect(header).toEqual(Object.keys(items[0]));
      expect(rows, table).toEqual(items);
    }
    const volume = (await get(`/api/v1/stats/volume?${filters}`, headers.bManager!)).json<{ items: unknown[] }>();
    expect(volume.items.length).toBe(Number(moroccanToday().slice(8, 10)));
  });

  it('names an unknown table with 404 `unknown_table`', async () => {
    const res = await get('/api/v1/stats/volumes?format=csv', headers.bManager!);
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'unknown_table', message: expect.stringContaining('volume') });
  });
});

describe('the period', () => {
  it('defaults to the twelve months ending with `to` (today when absent), month by month', async () => {
    const onlyTo = (await get('/api/v1/stats?to=2026-03-15', headers.bManager!)).json<Answer>();
    expect(onlyTo.filters).toMatchObject({ from: '2025-04-01', to: '2026-03-15', groupBy: 'month' });
    expect(onlyTo.tables.volume!.map((v) => v.period)).toEqual([
      '2025-04', '2025-05', '2025-06', '2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12', '2026-01', '2026-02', '2026-03',
    ]);
    expect(onlyTo.tables.complaints_monthly!.map((m) => m.month).at(-1)).toBe('2026-03');
    const onlyFrom = (await get('/api/v1/stats?from=2026-10-01&groupBy=week', headers.bManager!)).json<Answer>();
    expect(onlyFrom.filters).toMatchObject({ from: '2026-10-01', to: moroccanToday(), groupBy: 'week' });
    expect(onlyFrom.tables.volume![0]!.period).toBe('2026-W40');
  });
});

describe('bad input', () => {
  const refusals: Array<[string, string]> = [
    ['from=2026-02-30', 'from'],
    ['from=yesterday', 'from'],
    ['from=1999-12-31', 'from'],
    ['to=9999-99-99', 'to'],
    ['to=2026-1-1', 'to'],
    ['from=%00', 'from'],
    ['to=1e309', 'to'],
    ['from=2026-06-01&to=2026-05-31', 'from'],
    ['from=2000-01-01&to=2026-01-01&groupBy=day', 'groupBy'],
    ['groupBy=year', 'groupBy'],
    ['groupBy=%ED%A0%80', 'groupBy'],
    ['entity=NO-SUCH-ENTITY', 'entity'],
    ['entity=%00', 'entity'],
    [`entity=${'A'.repeat(5000)}`, 'entity'],
    ['serviceId=not-a-uuid', 'serviceId'],
    ['serviceId=00000000-0000-4000-8000-00000000beef', 'serviceId'],
    ['caseType=parking_ticket', 'caseType'],
    ['caseType=%E2%80%AEcomplaint', 'caseType'],
    ['officeId=1e309', 'officeId'],
    ['officeId=00000000-0000-4000-8000-00000000beef', 'officeId'],
    ['unexpected=1', 'unexpected'],
  ];

  const shown = (query: string) => (query.length > 60 ? `${query.slice(0, 20)}… (${query.length} characters)` : query);
  it.each(refusals.map(([query, field]) => [shown(query), field, query]))('GET /api/v1/stats?%s → 400 naming %s', async (_shown, field, query) => {
    const res = await get(`/api/v1/stats?${query}`, headers.admin!);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json()).toMatchObject({ code: 'invalid_input', message: expect.stringContaining(field) });
    // An unexpected parameter is named in the message; the field is the query string itself.
    expect(res.json<{ details: { field: string } }>().details.field).toBe(field === 'unexpected' ? 'querystring' : `querystring.${field}`);
  });

  it('refuses the same on one table and on the live counters (which take no period), and a bad format', async () => {
    for (const [query, field] of refusals) {
      const res = await get(`/api/v1/stats/breaches?${query}&format=csv`, headers.admin!);
      expect(res.statusCode, `${query}: ${res.body}`).toBe(400);
      expect(res.json<{ message: string }>().message).toContain(field);
    }
    for (const [query, field] of [...refusals.filter(([, f]) => ['entity', 'serviceId', 'caseType', 'officeId', 'unexpected'].includes(f)), ['from=2026-01-01', 'from'] as [string, string]]) {
      const res = await get(`/api/v1/stats/live?${query}`, headers.admin!);
      expect(res.statusCode, `${query}: ${res.body}`).toBe(400);
      expect(res.json<{ message: string }>().message).toContain(field);
    }
    const format = await get('/api/v1/stats/volume?format=xml', headers.admin!);
    expect(format.statusCode).toBe(400);
    expect(format.json<{ message: string }>().message).toBe('querystring.format must be one of: json, csv');
  });

  it('names the values a choice accepts', async () => {
    const groupBy = await get('/api/v1/stats?groupBy=year', headers.admin!);
    expect(groupBy.json<{ message: string }>().message).toBe('querystring.groupBy must be one of: day, week, month');
    const caseType = await get('/api/v1/stats?caseType=parking_ticket', headers.admin!);
    expect(caseType.json<{ message: string }>().message).toMatch(/^querystring\.caseType must be one of: .*document_request.*complaint/);
  });
});

describe('the live counters, moved by the case engine', () => {
  it('count a case at risk once its last warning is raised, then breached once its deadline passes', async () => {
    const c = await createStatsEntity(platform.prisma);
    const fast = await platform.prisma.service.create({
      data: {
        entityId: c.entity.id,
        code: `FAST-${c.entity.code}`,
        caseType: 'document_request',
        name: 'Attestation express',
        clocks: { decision: { budget: { unit: 'duration', iso: 'PT8S' }, legalBasis: 'Test', warnAt: [0.25, 0.5], escalation: [], extension: null, silence: 'none' } },
      },
    });
    const managerOfC = await staffHeaders(platform.app, c.manager.username);
    const live = async () => {
      const { at, ...counters } = (await get('/api/v1/stats/live', managerOfC)).json<{ backlog: number; atRisk: number; breached: number; at: string }>();
      expect(Math.abs(Date.parse(at) - Date.now())).toBeLessThan(60_000);
      return counters;
    };
    expect(await live()).toEqual({ backlog: 0, atRisk: 0, breached: 0 });
    const submitted = await platform.app.inject({ method: 'POST', url: '/api/v1/cases', payload: { serviceId: fast.id, applicant: APPLICANT } });
    expect(submitted.statusCode).toBe(201);
    // The first warning (25 %) is not the last: not yet at risk.
    const { caseId } = submitted.json<{ caseId: string }>();
    await until(
      () => platform.prisma.caseEvent.count({ where: { caseId, type: 'sla_warning' } }),
      (n) => n >= 1,
    );
    const afterFirst = await platform.prisma.caseEvent.findMany({ where: { caseId, type: 'sla_warning' } });
    if (afterFirst.length === 1) expect((await live()).atRisk).toBe(0);
    expect(await until(live, (l) => l.atRisk === 1 || l.breached === 1)).toEqual({ backlog: 1, atRisk: 1, breached: 0 });
    expect(await until(live, (l) => l.breached === 1)).toEqual({ backlog: 1, atRisk: 0, breached: 1 });
    const backlog = (await get('/api/v1/stats/backlog', managerOfC)).json<{ items: Array<{ ageBand: string; open: number; atRisk: number; breached: number }> }>();
    expect(backlog.items[0]).toEqual({ ageBand: '0-5', open: 1, atRisk: 0, breached: 1 });
  }, 60_000);
});
