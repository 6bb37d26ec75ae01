import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type KhidmaApp } from '../../api/app.js';
import { defaultPublicPeriod, PUBLIC_STATS_TABLES, type PublicStatsAnswer, type PublicStatsItem } from '../../domain/stats/public.js';
import { monthEnd } from '../../domain/stats/periods.js';
import { createPrisma } from '../../platform/prisma.js';
import { seed } from '../../prisma/seed.js';
import { moroccanToday } from '../../store/slot-publication.js';
import { generateVolume } from '../../store/volume/generate-volume.js';
import { TEST_SEED_PASSWORD } from '../global-setup.js';
import { parseCsv } from '../stats/support.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { APPLICANT, startPlatform, staffHeaders, TEST_CONFIG, type TestPlatform } from '../support/platform.js';

/*
 * The public statistics over a few thousand generated cases and one real submission: the same
 * figures as the managers' statistics for the same entity, service and months, small samples
 * withheld, no personal data anywhere, cacheable (ETag, 304), no account, and bad input refused.
 */
const PUBLIC_MIN_SAMPLE = 20;
const today = moroccanToday();
const period = defaultPublicPeriod(today);

let database: TestDatabase;
let platform: TestPlatform;
/** The managers' statistics with the public threshold, so that both withhold the same figures. */
let managersApp: KhidmaApp;
let admin: Record<string, string>;
let personal: string[];

const get = (url: string, headers: Record<string, string> = {}, app: KhidmaApp = platform.app) => app.inject({ method: 'GET', url, headers });

async function publicAnswer(query = ''): Promise<PublicStatsAnswer> {
  const res = await get(`/api/v1/public/stats${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<PublicStatsAnswer>();
}

beforeAll(async () => {
  database = await createTestDatabase();
  const prisma = createPrisma(database.url);
  await seed(prisma, { password: TEST_SEED_PASSWORD, nodeEnv: 'test', log: () => undefined });
  await prisma.$disconnect();
  const pool = new pg.Pool({ connectionString: database.url, max: 2 });
  try {
    await generateVolume(pool, { cases: 2500, seed: 10, endDate: today, years: 2 });
  } finally {
    await pool.end();
  }
  platform = await startPlatform({ databaseUrl: database.url });
  // A real citizen too, whose name, national id and phone must never come out.
  const serviceId = (await platform.prisma.service.findFirstOrThrow({ where: { code: 'CASIER-JUDICIAIRE' } })).id;
  const submitted = await platform.app.inject({ method: 'POST', url: '/api/v1/cases', payload: { serviceId, applicant: { ...APPLICANT, email: 'amina.publique@example.test' } } });
  expect(submitted.statusCode, submitted.body).toBe(201);
  const rows = await platform.prisma.case.findMany({ select: { applicant: true, trackingCode: true } });
  personal = [
    ...new Set(
      rows.flatMap((r) => {
        const a = r.applicant as Record<string, unknown>;
        return [a.fullName, a.nationalId, a.phone, a.email, r.trackingCode].filter((v): v is string => typeof v === 'string' && v.length > 3);
      }),
    ),
  ];
  managersApp = await buildApp({ prisma: platform.prisma, temporal: platform.temporal, feed: platform.feed, config: { ...TEST_CONFIG, statsMinSample: PUBLIC_MIN_SAMPLE } });
  await managersApp.ready();
  admin = await staffHeaders(managersApp, 'admin');
}, 600_000);
afterAll(async () => {
  await managersApp?.close();
  await platform?.close();
  await database?.drop();
});

interface ManagersAnswer {
  tables: {
    volume: Array<{ period: string; submitted: number; finished: number }>;
    compliance: Array<{ caseType: string; clock: string; finished: number; withinLegalShare: number | null }>;
    processing_times: Array<{ caseType: string; finished: number; p50WorkingDays: number | null }>;
    appointments: Array<{ booked: number; attended: number; noShow: number; noShowRate: number | null }>;
    complaints_monthly: Array<{ month: string; submitted: number }>;
  };
}

/** The same scope and months read through the managers' API as an administrator. */
async function managers(entity: string, serviceId: string | null): Promise<ManagersAnswer> {
  const query = `entity=${entity}&from=${period.from}-01&to=${monthEnd(`${period.to}-01`)}&groupBy=month${serviceId ? `&serviceId=${serviceId}` : ''}`;
  const res = await get(`/api/v1/stats?${query}`, admin, managersApp);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<ManagersAnswer>();
}

function expectSameFigures(item: PublicStatsItem, m: ManagersAnswer) {
  const f = item.figures;
  expect(f.volume).toEqual(m.tables.volume.map((v) => ({ month: v.period, submitted: v.submitted, finished: v.finished })));
  expect(f.deadlines).toEqual(m.tables.compliance.map((c) => ({ caseType: c.caseType, clock: c.clock, finished: c.finished, withinLegalShare: c.withinLegalShare })));
  expect(f.processingTimes).toEqual(m.tables.processing_times.map((p) => ({ caseType: p.caseType, finished: p.finished, medianWorkingDays: p.p50WorkingDays })));
  const a = m.tables.appointments[0]!;
  if (f.appointments) expect(f.appointments).toEqual({ booked: a.booked, concluded: a.attended + a.noShow, noShowRate: a.noShowRate });
  // The default period is the twelve months the managers' monthly complaints cover.
  if (f.complaints) expect(f.complaints).toEqual(m.tables.complaints_monthly.map((c) => ({ month: c.month, submitted: c.submitted })));
}

/** Every string of a JSON value, keys included. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [k, ...strings(v)]);
  return [];
}

describe('the public statistics', () => {
  it('need no account and, without an entity, list every entity as a whole over the twelve last finished months', async () => {
    const answer = await publicAnswer();
    expect(answer.period).toEqual(period);
    expect(answer.period.to < today.slice(0, 7)).toBe(true);
    expect(answer.minSample).toBe(PUBLIC_MIN_SAMPLE);
    expect(answer.items.map((i) => i.entity.code)).toEqual(['COMMUNE-RABAT', 'MJ']);
    expect(answer.items.every((i) => i.service === null && i.figures.volume.length === 12)).toBe(true);
    expect(answer.items.find((i) => i.entity.code === 'MJ')!.entity.names).toEqual({ fr: 'Ministère de la Justice', ar: 'وزارة العدل', en: 'Ministère de la Justice' });
  });

  it('equal the managers’ statistics for each entity, and for each of its services, over the same months', async () => {
    let shares = 0;
    for (const entity of ['MJ', 'COMMUNE-RABAT']) {
      const answer = await publicAnswer(`?entity=${entity}`);
      const services = await platform.prisma.service.findMany({ where: { entity: { code: entity } } });
      expect(answer.items.filter((i) => i.service).map((i) => i.service!.id).sort()).toEqual(services.map((s) => s.id).sort());
      for (const item of answer.items) {
        expectSameFigures(item, await managers(entity, item.service?.id ?? null));
        shares += item.figures.deadlines.filter((d) => d.withinLegalShare !== null).length;
      }
      const whole = answer.items.find((i) => i.service === null)!;
      expect(whole.figures.volume.some((v) => v.submitted > 0)).toBe(true);
      expect(whole.figures.complaints!.some((c) => c.submitted > 0)).toBe(true);
      expect(whole.figures.appointments!.booked).toBeGreaterThan(0);
    }
    expect(shares).toBeGreaterThan(0);
  });

  it('narrow to one service (naming its entity by itself), and give no appointment or complaint figure where the service has none', async () => {
    const service = await platform.prisma.service.findFirstOrThrow({ where: { code: 'CASIER-JUDICIAIRE' } });
    const answer = await publicAnswer(`?serviceId=${service.id}`);
    expect(answer.filters).toEqual({ entity: 'MJ', serviceId: service.id });
    expect(answer.items).toHaveLength(1);
    expect(answer.items[0]!.service).toMatchObject({ code: 'CASIER-JUDICIAIRE', caseType: 'document_request' });
    expect(answer.items[0]!.figures.appointments).toBeNull();
    expect(answer.items[0]!.figures.complaints).toBeNull();
    expectSameFigures(answer.items[0]!, await managers('MJ', service.id));
    const other = await publicAnswer(`?serviceId=${service.id}&from=2025-01&to=2025-06`);
    expect(other.period).toEqual({ from: '2025-01', to: '2025-06' });
    expect(other.items[0]!.figures.volume.map((v) => v.month)).toEqual(['2025-01', '2025-02', '2025-03', '2025-04', '2025-05', '2025-06']);
  });

  it('withhold every share, rate and median below the minimum sample, and no count lets one work it out again', async () => {
    const answer = await publicAnswer('?entity=MJ');
    const deadlines = answer.items.flatMap((i) => i.figures.deadlines);
    const processing = answer.items.flatMap((i) => i.figures.processingTimes);
    expect(deadlines.some((d) => d.finished > 0 && d.finished < PUBLIC_MIN_SAMPLE)).toBe(true);
    for (const d of deadlines) expect(d.withinLegalShare === null, JSON.stringify(d)).toBe(d.finished < PUBLIC_MIN_SAMPLE);
    for (const p of processing) if (p.finished < PUBLIC_MIN_SAMPLE) expect(p.medianWorkingDays).toBeNull();
    for (const item of answer.items) {
      const a = item.figures.appointments;
      if (a) expect(a.noShowRate === null).toBe(a.concluded < PUBLIC_MIN_SAMPLE);
    }
    const keys = new Set(strings(answer));
    for (const hidden of ['withinLegal', 'withinTarget', 'withinTargetShare', 'noShow', 'attended', 'handlers', 'username', 'handlerId', 'p90WorkingDays']) expect(keys.has(hidden), hidden).toBe(false);
  });

  it('take the managers’ STATS_MIN_SAMPLE when it is higher than the public one', async () => {
    const strict = await buildApp({ prisma: platform.prisma, temporal: platform.temporal, feed: platform.feed, config: { ...TEST_CONFIG, statsMinSample: 1000 } });
    try {
      const answer = (await get('/api/v1/public/stats?entity=MJ', {}, strict)).json<PublicStatsAnswer>();
      expect(answer.minSample).toBe(1000);
      expect(answer.items.flatMap((i) => i.figures.deadlines).every((d) => d.withinLegalShare === null)).toBe(true);
    } finally {
      await strict.close();
    }
  });

  it('carry no personal data in any answer, JSON or CSV', async () => {
    expect(personal.length).toBeGreaterThan(2000);
    expect(personal).toContain(APPLICANT.nationalId);
    const services = await platform.prisma.service.findMany({ select: { id: true } });
    const urls = ['/api/v1/public/stats', '/api/v1/public/stats?entity=MJ', '/api/v1/public/stats?entity=COMMUNE-RABAT', `/api/v1/public/stats?serviceId=${services[0]!.id}`];
    for (const table of PUBLIC_STATS_TABLES) urls.push(`/api/v1/public/stats/${table}?entity=MJ`, `/api/v1/public/stats/${table}?format=csv`, `/api/v1/public/stats/${table}?entity=COMMUNE-RABAT&format=csv`);
    for (const url of urls) {
      const res = await get(url);
      expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
      const texts = String(res.headers['content-type']).startsWith('text/csv') ? [res.body] : strings(res.json());
      const found = personal.filter((p) => texts.some((text) => text.includes(p)));
      expect(found, url).toEqual([]);
      expect(res.body).not.toMatch(/gen-[a-z-]+-(handler|supervisor|advisor)/);
    }
  });

  it('give each table as JSON rows and as CSV with the same rows and a header of the field names', async () => {
    for (const table of PUBLIC_STATS_TABLES) {
      const json = await get(`/api/v1/public/stats/${table}?entity=MJ`);
      expect(json.statusCode, json.body).toBe(200);
      const items = json.json<{ items: Array<Record<string, unknown>> }>().items;
      expect(items.length, table).toBeGreaterThan(0);
      const csv = await get(`/api/v1/public/stats/${table}?entity=MJ&format=csv`);
      expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(csv.headers['content-disposition']).toBe(`attachment; filename="khidma-public-${table}-MJ-${period.from}-${period.to}.csv"`);
      const parsed = parseCsv(csv.body);
      expect(parsed.header).toEqual(Object.keys(items[0]!));
      expect(parsed.rows).toEqual(items.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v === null ? null : typeof v === 'string' && /^-?[0-9]/.test(v) && !Number.isNaN(Number(v)) ? Number(v) : v]))));
    }
    const unknown = await get('/api/v1/public/stats/handlers');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ code: 'unknown_table', details: { tables: [...PUBLIC_STATS_TABLES] } });
  });

  it('are cacheable: an ETag, Cache-Control public, and 304 on If-None-Match', async () => {
    for (const url of ['/api/v1/public/stats?entity=MJ', '/api/v1/public/stats/volume?format=csv']) {
      const first = await get(url);
      expect(first.statusCode).toBe(200);
      expect(first.headers['cache-control']).toBe('public, max-age=3600');
      const etag = first.headers.etag as string;
      expect(etag).toMatch(/^"[A-Za-z0-9_-]{32}"$/);
      // Another instance (no shared memory) computes the same tag: a CDN in front of several agrees.
      const other = await buildApp({ prisma: platform.prisma, temporal: platform.temporal, feed: platform.feed, config: TEST_CONFIG });
      try {
        expect((await get(url, {}, other)).headers.etag).toBe(etag);
      } finally {
        await other.close();
      }
      for (const header of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
        const again = await get(url, { 'if-none-match': header });
        expect(again.statusCode, header).toBe(304);
        expect(again.body).toBe('');
        expect(again.headers.etag).toBe(etag);
      }
      expect((await get(url, { 'if-none-match': '"stale"' })).statusCode).toBe(200);
    }
    const entity = (await get('/api/v1/public/stats?entity=MJ')).headers.etag;
    expect((await get('/api/v1/public/stats?entity=COMMUNE-RABAT', { 'if-none-match': entity as string })).statusCode).toBe(200);
  });

  it('refuse a bad parameter with 400 naming it', async () => {
    const lastFull = period.to;
    const thisMonth = today.slice(0, 7);
    const cases: Array<[string, string]> = [
      ['entity=NOPE', 'querystring.entity'],
      ['entity=M%20J', 'entity'],
      ['serviceId=not-a-uuid', 'serviceId'],
      ['serviceId=00000000-0000-4000-8000-000000000000', 'querystring.serviceId'],
      ['from=2026-13', 'querystring.from'],
      ['from=2026-00', 'querystring.from'],
      ['from=1999-12', 'querystring.from'],
      ['to=1e309', 'to'],
      [`to=${thisMonth}`, 'querystring.to'],
      [`from=${lastFull}&to=2025-01`, 'querystring.from'],
      ['from=2001-01&to=2025-01', 'querystring.from'],
      ['from=2025-01-01', 'from'],
      ['format=xml', 'format'],
      ['unexpected=1', 'unexpected'],
      ['entity=%00', 'entity'],
      ['entity=%ED%A0%80', 'entity'],
      [`entity=${'A'.repeat(5000)}`, 'entity'],
    ];
    const mj = await platform.prisma.service.findFirstOrThrow({ where: { code: 'CERTIFICAT-RESIDENCE' } });
    cases.push([`entity=MJ&serviceId=${mj.id}`, 'querystring.serviceId']);
    for (const [query, field] of cases) {
      for (const path of ['/api/v1/public/stats', '/api/v1/public/stats/volume']) {
        if (query.startsWith('format') && path === '/api/v1/public/stats') continue;
        const res = await get(`${path}?${query}`);
        expect(res.statusCode, `${path}?${query}: ${res.body}`).toBe(400);
        expect(res.json<{ message: string }>().message, query).toContain(field);
      }
    }
  });

  it('answer fuzzed query parameters with 4xx or 200, never 500', async () => {
    const value = fc.oneof(
      fc.constantFrom('', '\u0000', '\ud800', '1e309', '-1', 'NaN', '9'.repeat(400), 'MJ', '2025-01', '0000-00', '2099-12', '00000000-0000-4000-8000-000000000000', 'csv', '__proto__'),
      fc.string({ maxLength: 30 }),
      fc.string({ unit: 'binary', maxLength: 30 }),
    );
    const query = fc.dictionary(fc.constantFrom('entity', 'serviceId', 'from', 'to', 'format', 'table', 'x'), value, { maxKeys: 4 });
    const failures: string[] = [];
    await fc.assert(
      fc.asyncProperty(query, fc.constantFrom('', '/volume', '/complaints', '/x'), async (q, table) => {
        const res = await get(`/api/v1/public/stats${table}?${new URLSearchParams(q as Record<string, string>).toString()}`);
        if (res.statusCode >= 500) failures.push(`${table} ${JSON.stringify(q)} → ${res.statusCode} ${res.body.slice(0, 200)}`);
        if (res.statusCode >= 400) expect(res.json()).toMatchObject({ statusCode: res.statusCode, code: expect.any(String), message: expect.any(String) });
      }),
      { seed: 20261207, numRuns: 150 },
    );
    expect(failures).toEqual([]);
  }, 120_000);

  it('are rate limited per address like the other public routes', async () => {
    const limited = await buildApp({ prisma: platform.prisma, temporal: platform.temporal, feed: platform.feed, config: { ...TEST_CONFIG, limits: { ...TEST_CONFIG.limits, publicReadsPerMinute: 3 } } });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 4; i++) codes.push((await get(i % 2 ? '/api/v1/public/stats' : '/api/v1/public/stats/volume?format=csv', {}, limited)).statusCode);
      expect(codes).toEqual([200, 200, 200, 429]);
      const refused = await get('/api/v1/public/stats', {}, limited);
      expect(refused.json()).toMatchObject({ code: 'rate_limited' });
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    } finally {
      await limited.close();
    }
  });
});
