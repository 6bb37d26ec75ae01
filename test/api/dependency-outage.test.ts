import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { findFreePort } from '../../platform/free-port.js';
import { startHoldableRelay, type HoldableRelay } from '../support/holdable-relay.js';
import { APPLICANT, METRICS_HEADERS, startPlatform, staffHeaders, type TestPlatform } from '../support/platform.js';

/*
 * PostgreSQL or Temporal gone: every route answers 503 `unavailable` (never 500), says honestly
 * whether the request may have been applied, and everything works again once it is back.
 */
const HOLIDAY = { name: 'Fermeture exceptionnelle', kind: 'one_off', status: 'confirmed' };

interface Operation {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: object;
}

const SERVICE = {
  entityCode: 'MJ',
  caseType: 'document_request',
  code: 'OUTAGE-TEST',
  names: { fr: 'Service', ar: 'خدمة', en: 'Service' },
  descriptions: { fr: '', ar: '', en: '' },
  clocks: { decision: { budget: { unit: 'working_days', amount: 5 }, legalBasis: 'Loi 55-19', warnAt: [], escalation: [], extension: null, silence: 'none' } },
  requiredDocuments: [],
  active: false,
};

const GRANT = {
  agreementReference: 'OUTAGE-1',
  agreementDate: '2024-03-01',
  grantingEntityCode: 'OUTAGE',
  grantingEntityName: 'Test',
  programme: 'Test',
  beneficiaryName: 'Association Test',
  beneficiaryType: 'association',
  region: '04',
  province: 'RABAT',
  year: 2024,
  amount: '1000.00',
  kind: 'financial',
};

const NO_ONES_ID = '00000000-0000-4000-8000-00000000beef';
const SLOT_TEMPLATE = { serviceId: NO_ONES_ID, weekday: 1, startTime: '09:00', endTime: '10:00', lengthMinutes: 30, seats: 1 };

/** A well-formed, authorised request for every operation of the OpenAPI document, so that only the outage can fail it. */
function everyOperation(
  platform: TestPlatform,
  ctx: { caseId: string; trackingCode: string; accessToken: string; handler: Record<string, string>; admin: Record<string, string>; serviceId: string; officeId: string },
): Operation[] {
  const doc = platform.app.swagger() as { paths: Record<string, Record<string, unknown>> };
  const queries: Record<string, string> = {
    '/api/v1/calendar/holidays': '?year=2031',
    '/api/v1/calendar/due-date': '?from=2031-03-03&workingDays=10',
    '/api/v1/calendar/office-hours': '?date=2031-03-03',
    '/api/v1/staff/agenda': '?officeId=00000000-0000-4000-8000-00000000beef&date=2031-03-03',
    '/api/v1/offices/{officeId}/slots': `?serviceId=${NO_ONES_ID}`,
    '/api/v1/stats': '?from=2026-01-01&to=2026-06-30&groupBy=week',
    '/api/v1/stats/{table}': '?from=2026-01-01&to=2026-06-30&format=csv',
    '/api/v1/stats/live': '?entity=MJ',
    '/api/v1/public/tenders': '?q=etude&status=open,closing_soon&sort=deadline',
    '/api/v1/public/tenders/{reference}/deadline.ics': '?lang=ar',
    '/api/v1/admin/imports/{dataset}': '?dryRun=true',
    '/api/v1/public/stats': '?entity=MJ&from=2026-01&to=2026-06',
    '/api/v1/public/stats/{table}': '?format=csv',
  };
  const bodies: Record<string, object> = {
    'post /api/v1/auth/token': { username: 'handler', password: 'x' },
    'post /api/v1/cases': { serviceId: ctx.serviceId, applicant: APPLICANT },
    'put /api/v1/admin/calendar/holidays/{date}': HOLIDAY,
    'put /api/v1/admin/calendar/ramadan/{year}': { opensAt: '09:00', closesAt: '15:00' },
    'put /api/v1/admin/calendar/office-hours': { opensAt: '08:30', closesAt: '16:30' },
    'post /api/v1/admin/services': SERVICE,
    'put /api/v1/admin/services/{id}': SERVICE,
    // Far enough ahead that no other test's appointment is on it, within the year a closure may be set.
    'post /api/v1/admin/offices/{officeId}/closures': { date: new Date(Date.now() + 300 * 86_400_000).toISOString().slice(0, 10), reason: 'Travaux' },
    'post /api/v1/staff/check-in': { code: ctx.trackingCode },
    // A service no one has: nothing is published, whatever the outage lets through.
    'post /api/v1/admin/offices/{officeId}/slot-templates': SLOT_TEMPLATE,
    'put /api/v1/admin/slot-templates/{id}': SLOT_TEMPLATE,
    // A dry run of one well-formed award: nothing is written even if the outage lets it through.
    'post /api/v1/admin/imports/{dataset}': [GRANT],
    'post /api/v1/admin/offices/{officeId}/slot-exceptions': { date: '2031-03-12', kind: 'opening', serviceId: NO_ONES_ID, startTime: '09:00', endTime: '10:00', lengthMinutes: 30, seats: 1, reason: 'Panne' },
    'post /api/v1/admin/open311-clients': { name: 'Application en panne' },
    // A well-formed key no client has: checking it needs the database, and nothing can be created with it.
    'post /open311/v2/requests.json': { api_key: `o311_${'A'.repeat(43)}`, service_code: 'MJ.RECLAMATION', first_name: 'Amina', last_name: 'El Idrissi', phone: APPLICANT.phone, description: 'Panne.' },
    'post /codec/decode': { payloads: [] },
    'post /codec/encode': { payloads: [] },
  };
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const method of Object.keys(methods)) {
      const url =
        path
          .replace('{trackingCode}', ctx.trackingCode)
          .replace('{caseId}', ctx.caseId)
          // Slots, holds and offices no one has: nothing shared can change either.
          .replace('{slotId}', '00000000-0000-4000-8000-00000000beef')
          .replace('{officeId}', ctx.officeId)
          .replace('{holdToken}', 'A'.repeat(43))
          .replace('{action}', path.includes('citizen-actions') ? 'withdraw' : 'approve')
          // A service no one has: nothing shared can change, whatever the outage lets through.
          .replace('{id}', path.includes('/services/') || path.includes('/slot-') || path.includes('/open311-clients/') ? NO_ONES_ID : '1')
          .replace('{service_code}', 'MJ.RECLAMATION')
          .replace('{service_request_id}', ctx.trackingCode)
          .replace('{date}', '2031-03-12')
          .replace('{dataset}', 'grants')
          .replace('{year}', '2031')
          .replace('{table}', path.startsWith('/api/v1/public/') ? 'volume' : 'compliance')
          // A call for tenders no one published: a reference with a slash, percent-encoded as the API takes it.
          .replace('{reference}', encodeURIComponent('AO N° 0/2031/NOBODY'))
          .replace('{fileName}', 'RC.pdf') + (queries[path] ?? '');
      // Statistics are read by managers and administrators, not handlers.
      const headers =
        path === '/metrics'
          ? METRICS_HEADERS
          : path.includes('/admin/') || path.startsWith('/codec/') || path.startsWith('/api/v1/stats')
            ? ctx.admin
            : path.includes('{trackingCode}')
              ? { authorization: `Bearer ${ctx.accessToken}` }
              : ctx.handler;
      const payload = bodies[`${method} ${path}`] ?? (method === 'post' ? {} : undefined);
      ops.push({ method: method.toUpperCase(), url, headers, ...(payload ? { payload } : {}) });
    }
  }
  return ops;
}

describe('PostgreSQL unreachable', () => {
  let relay: HoldableRelay;
  let platform: TestPlatform;

  beforeAll(async () => {
    relay = await startHoldableRelay('127.0.0.1:5432');
    const url = new URL(inject('databaseUrl'));
    url.host = relay.address;
    platform = await startPlatform({ apiDatabaseUrl: url.toString() });
  });
  afterAll(async () => {
    await platform?.close();
    await relay?.close();
  });

  it('answers 503 `unavailable` on every route, honestly, and every route works again once it is back', async () => {
    const serviceId = (await platform.prisma.service.findFirstOrThrow({ where: { code: 'CASIER-JUDICIAIRE' } })).id;
    const submitted = await platform.app.inject({ method: 'POST', url: '/api/v1/cases', payload: { serviceId, applicant: APPLICANT } });
    const c = submitted.json<{ caseId: string; trackingCode: string; accessToken: string }>();
    const officeId = (await platform.prisma.office.findFirstOrThrow({ where: { code: 'MJ-RABAT' } })).id;
    const ctx = { ...c, serviceId, officeId, handler: await staffHeaders(platform.app, 'handler'), admin: await staffHeaders(platform.app, 'admin') };
    const operations = everyOperation(platform, ctx);
    const storedBefore = await platform.prisma.caseEvent.count();

    relay.cut();
    const answers: string[] = [];
    for (const op of operations) {
      const res = await platform.app.inject({ method: op.method as 'GET', url: op.url, headers: op.headers, ...(op.payload ? { payload: op.payload } : {}) });
      answers.push(`${op.method} ${op.url.split('?')[0]} → ${res.statusCode}`);
      if (res.statusCode !== 503) continue;
      // Open311 answers in its spec's error format, [{code, description}], with the same message.
      const answer = res.json<{ code?: string; status?: string; message?: string } | { code: number; description: string }[]>();
      const body = Array.isArray(answer) ? { code: answer[0]?.code === 503 ? 'unavailable' : String(answer[0]?.code), message: answer[0]?.description } : answer;
      if (op.url === '/health') {
        expect(body).toMatchObject({ status: 'degraded', database: 'down', temporal: 'up' });
        continue;
      }
      expect(body.code).toBe('unavailable');
      expect(res.headers['retry-after']).toBe('5');
      expect(body.message).toMatch(op.method === 'GET' ? /nothing was changed/ : /may have been applied.*safe to retry/);
    }
    const notUnavailable = answers.filter((a) => !a.endsWith('→ 503'));
    // The documentation, the legal time, the case types, clearing the codec cookie and the metrics need no database;
    // every other route does, and says so.
    const needNoDatabase = ['GET /docs', 'GET /api/v1/calendar/legal-time', 'GET /api/v1/case-types', 'DELETE /codec/session', 'GET /metrics'];
    expect(notUnavailable.filter((a) => !needNoDatabase.some((route) => a.startsWith(route)))).toEqual([]);
    expect(operations.length).toBeGreaterThan(15);
    // A scrape still answers, with the process metrics, and says the read model's gauges are missing.
    const scrape = await platform.app.inject({ method: 'GET', url: '/metrics', headers: METRICS_HEADERS });
    expect(scrape.statusCode).toBe(200);
    expect(scrape.body).toMatch(/^khidma_read_model_up 0$/m);
    expect(scrape.body).not.toMatch(/^khidma_open_cases\{/m);

    relay.restore();
    const health = async () => (await platform.app.inject({ method: 'GET', url: '/health' })).statusCode;
    const deadline = Date.now() + 15_000;
    while ((await health()) !== 200 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await health()).toBe(200);
    for (const op of operations.filter((o) => o.method === 'GET')) {
      const res = await platform.app.inject({ method: 'GET', url: op.url, headers: op.headers });
      expect(res.statusCode, `${op.url}: ${res.body}`).toBeLessThan(500);
    }
    const view = await platform.app.inject({ method: 'GET', url: `/api/v1/cases/${c.trackingCode}`, headers: { authorization: `Bearer ${c.accessToken}` } });
    expect(view.statusCode).toBe(200);
    expect(await platform.prisma.caseEvent.count()).toBeGreaterThanOrEqual(storedBefore);
  }, 120_000);

  it('refuses a live channel while it is down, and streams again once it is back', async () => {
    const serviceId = (await platform.prisma.service.findFirstOrThrow({ where: { code: 'CASIER-JUDICIAIRE' } })).id;
    const c = (await platform.app.inject({ method: 'POST', url: '/api/v1/cases', payload: { serviceId, applicant: APPLICANT } })).json<{ caseId: string; trackingCode: string; accessToken: string }>();
    relay.cut();
    const refused = await platform.app
      .injectWS(`/api/v1/cases/${c.trackingCode}/live`, { headers: { authorization: `Bearer ${c.accessToken}` } })
      .then(
        () => 'opened',
        (err: unknown) => String(err),
      );
    expect(refused).toMatch(/503/);
    relay.restore();
    const messages: { type: string; event?: { type: string } }[] = [];
    const deadline = Date.now() + 15_000;
    let socket: Awaited<ReturnType<typeof platform.app.injectWS>> | null = null;
    while (!socket && Date.now() < deadline) {
      socket = await platform.app
        .injectWS(`/api/v1/cases/${c.trackingCode}/live`, { headers: { authorization: `Bearer ${c.accessToken}` } }, { onInit: (ws) => ws.on('message', (d) => messages.push(JSON.parse(String(d)))) })
        .catch(async () => {
          await new Promise((resolve) => setTimeout(resolve, 300));
          return null;
        });
    }
    expect(socket).not.toBeNull();
    const handler = await staffHeaders(platform.app, 'handler');
    expect((await platform.app.inject({ method: 'POST', url: `/api/v1/cases/${c.caseId}/actions/claim`, headers: handler })).statusCode).toBe(200);
    const until = Date.now() + 10_000;
    while (!messages.some((m) => m.type === 'event') && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(messages.find((m) => m.type === 'event')?.event?.type).toBe('transition');
    socket!.terminate();
  }, 60_000);
});

describe('Temporal unreachable, or its answer lost', () => {
  let relay: HoldableRelay;
  let platform: TestPlatform;

  beforeAll(async () => {
    relay = await startHoldableRelay(inject('temporalAddress'));
    platform = await startPlatform({ apiTemporalAddress: relay.address });
  });
  afterAll(async () => {
    await platform?.close();
    await relay?.close();
  });

  it('answers 503 saying the submission may have been applied; retried with the same key, it was', async () => {
    const serviceId = (await platform.prisma.service.findFirstOrThrow({ where: { code: 'CASIER-JUDICIAIRE' } })).id;
    const key = `outage-${Date.now()}`;
    const submit = () => platform.app.inject({ method: 'POST', url: '/api/v1/cases', headers: { 'idempotency-key': key }, payload: { serviceId, applicant: APPLICANT } });

    relay.muteReplies();
    const lost = await submit();
    expect(lost.statusCode, lost.body).toBe(503);
    expect(lost.json()).toMatchObject({ code: 'unavailable', message: expect.stringMatching(/may have been applied.*Idempotency-Key/) });

    relay.restore();
    const retried = await submit();
    expect(retried.statusCode, retried.body).toBe(201);
    // The answer was lost, not the submission: the retry finds the case it had created.
    expect(retried.headers['idempotent-replayed']).toBe('true');
    expect(await platform.prisma.case.count({ where: { id: retried.json<{ caseId: string }>().caseId } })).toBe(1);
  }, 60_000);

  it('answers 503 on a step while the engine is down, and takes the step once it is back', async () => {
    const serviceId = (await platform.prisma.service.findFirstOrThrow({ where: { code: 'CASIER-JUDICIAIRE' } })).id;
    const c = (await platform.app.inject({ method: 'POST', url: '/api/v1/cases', payload: { serviceId, applicant: APPLICANT } })).json<{ caseId: string }>();
    const handler = await staffHeaders(platform.app, 'handler');
    relay.cut();
    const refused = await platform.app.inject({ method: 'POST', url: `/api/v1/cases/${c.caseId}/actions/claim`, headers: handler });
    expect(refused.statusCode, refused.body).toBe(503);
    expect(refused.json()).toMatchObject({ code: 'unavailable' });
    const health = await platform.app.inject({ method: 'GET', url: '/health' });
    expect(health.json()).toMatchObject({ temporal: 'down', database: 'up' });
    relay.restore();
    // Retried as the 503 invites: taken now, or refused because the first attempt had in fact been
    // applied ("a step already taken is refused rather than taken twice"). Either way, taken once.
    const deadline = Date.now() + 30_000;
    let answer = { statusCode: 0, body: '' };
    const done = () => answer.statusCode === 200 || (answer.statusCode === 409 && answer.body.includes('not_allowed_now'));
    while (!done() && Date.now() < deadline) {
      answer = await platform.app.inject({ method: 'POST', url: `/api/v1/cases/${c.caseId}/actions/claim`, headers: handler });
      if (!done()) await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(done(), answer.body).toBe(true);
    const events = await platform.prisma.caseEvent.findMany({ where: { caseId: c.caseId }, orderBy: { seq: 'asc' } });
    expect(events.map((e) => e.status)).toEqual(['submitted', 'in_review']);
  }, 90_000);
});

describe('an API started while PostgreSQL is unreachable', () => {
  it('starts anyway, reports the database down on /health, and recovers by itself when it is back', async () => {
    const relay = await startHoldableRelay('127.0.0.1:5432');
    relay.cut();
    const url = new URL(inject('databaseUrl'));
    url.host = relay.address;
    const port = await findFreePort('127.0.0.1');
    const api = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('../../api/main.ts', import.meta.url))], {
      env: { ...process.env, DATABASE_URL: url.toString(), TEMPORAL_ADDRESS: inject('temporalAddress'), PORT: String(port), LOG_LEVEL: 'warn', JWT_SECRET: 'x'.repeat(32), ACCESS_TOKEN_SECRET: 'y'.repeat(32) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    api.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    api.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => api.once('exit', resolve));
    try {
      const health = async () => {
        const res = await fetch(`http://127.0.0.1:${port}/health`).catch(() => null);
        return res ? { status: res.status, body: (await res.json()) as Record<string, string> } : null;
      };
      let down = null;
      for (const until = Date.now() + 60_000; !down && Date.now() < until; ) {
        down = await health();
        if (!down) await new Promise((resolve) => setTimeout(resolve, 250));
      }
      expect(down, output).toMatchObject({ status: 503, body: { status: 'degraded', database: 'down' } });
      relay.restore();
      let up = down;
      for (const until = Date.now() + 20_000; up?.status !== 200 && Date.now() < until; ) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        up = await health();
      }
      expect(up, output).toMatchObject({ status: 200, body: { status: 'ok', database: 'up' } });
      const services = await fetch(`http://127.0.0.1:${port}/api/v1/services`);
      expect(services.status).toBe(200);
      expect(api.exitCode, output).toBeNull();
      expect(output).not.toMatch(/unhandled|uncaught/i);
    } finally {
      api.kill('SIGTERM');
      await exited;
      await relay.close();
    }
  }, 120_000);
});

describe('PostgreSQL too busy to answer in time', () => {
  it('answers 503 `unavailable`, never 500, to a request whose transaction ran out of time behind a lock, and serves it once the lock is gone', async () => {
    const platform = await startPlatform();
    try {
      const service = await platform.prisma.service.findFirstOrThrow({ where: { code: 'RDV-GUICHET' } });
      const office = await platform.prisma.office.findFirstOrThrow({ where: { code: 'MJ-RABAT' } });
      const slots = await platform.app.inject({ method: 'GET', url: `/api/v1/offices/${office.id}/slots?serviceId=${service.id}` });
      const tomorrow = Date.now() + 86_400_000;
      const slotId = slots.json<{ items: Array<{ id: string; seatsLeft: number; startsAt: string }> }>().items.find((s) => s.seatsLeft > 0 && Date.parse(s.startsAt) > tomorrow)!.id;
      const hold = () => platform.app.inject({ method: 'POST', url: `/api/v1/slots/${slotId}/holds` });

      // Another transaction keeps the slot's row locked for longer than a seat hold's transaction may last (15 s).
      const busy = platform.prisma.$transaction(
        async (tx) => {
          await tx.$executeRaw`UPDATE slot SET taken = taken WHERE id = ${slotId}::uuid`;
          await tx.$executeRaw`SELECT pg_sleep(17)`;
        },
        { timeout: 40_000 },
      );
      await new Promise((resolve) => setTimeout(resolve, 500));
      const refused = await hold();
      expect(refused.statusCode, refused.body).toBe(503);
      expect(refused.json()).toMatchObject({ code: 'unavailable', message: expect.stringMatching(/may have been applied.*safe to retry/) });
      expect(refused.headers['retry-after']).toBe('5');

      await busy;
      const held = await hold();
      expect(held.statusCode, held.body).toBe(201);
      await platform.app.inject({ method: 'DELETE', url: `/api/v1/slot-holds/${held.json<{ holdToken: string }>().holdToken}` });
    } finally {
      await platform.close();
    }
  }, 120_000);
});
