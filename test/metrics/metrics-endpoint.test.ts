import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type KhidmaApp } from '../../api/app.js';
import { CaseEventFeed } from '../../api/live/case-event-feed.js';
import { startMetricsListener, type MetricsListener } from '../../api/metrics/metrics-listener.js';
import { createMetrics } from '../../platform/metrics/khidma-metrics.js';
import { pino } from 'pino';
import { parsePrometheus, type Exposition } from '../support/prometheus.js';
import { APPLICANT, METRICS_HEADERS, staffHeaders, startPlatform, TEST_CONFIG, type TestPlatform } from '../support/platform.js';
import { until } from '../support/until.js';

/*
 * /metrics as Prometheus scrapes it: strict text format, counters that move with what users do,
 * the live channels and the outbox lag of this instance, and who may read it.
 */
let platform: TestPlatform;
let serviceId: string;
const extraApps: KhidmaApp[] = [];
const stops: Array<() => Promise<unknown>> = [];

beforeAll(async () => {
  platform = await startPlatform();
  serviceId = (await platform.prisma.service.findFirstOrThrow({ where: { code: 'CASIER-JUDICIAIRE' } })).id;
});
afterAll(async () => {
  for (const app of extraApps) await app.close();
  for (const stop of stops) await stop();
  await platform?.close();
});

async function scrape(app: KhidmaApp = platform.app): Promise<Exposition> {
  const res = await app.inject({ method: 'GET', url: '/metrics', headers: METRICS_HEADERS });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
  return parsePrometheus(res.body);
}

const submit = (headers: Record<string, string> = {}) =>
  platform.app.inject({ method: 'POST', url: '/api/v1/cases', headers, payload: { serviceId, applicant: APPLICANT } });

describe('GET /metrics', () => {
  it('is Prometheus text with Node’s process metrics and every family of the platform declared', async () => {
    const metrics = await scrape();
    for (const [name, type] of [
      ['process_cpu_user_seconds_total', 'counter'],
      ['nodejs_heap_size_used_bytes', 'gauge'],
      ['khidma_http_requests_total', 'counter'],
      ['khidma_http_request_duration_seconds', 'histogram'],
      ['khidma_case_submissions_total', 'counter'],
      ['khidma_case_steps_total', 'counter'],
      ['khidma_workflow_task_failures_total', 'counter'],
      ['khidma_activity_failures_total', 'counter'],
      ['khidma_websocket_connections', 'gauge'],
      ['khidma_notice_deliveries_total', 'counter'],
      ['khidma_notice_deliveries_pending', 'gauge'],
      ['khidma_open_cases', 'gauge'],
      ['khidma_outbox_lag_events', 'gauge'],
      ['khidma_read_model_up', 'gauge'],
    ] as const) {
      expect(metrics.types.get(name), name).toBe(type);
    }
    expect(metrics.value('khidma_read_model_up')).toBe(1);
  });

  it('counts each submission once (a replayed Idempotency-Key is not a new case) and times the route by its pattern', async () => {
    const before = await scrape();
    const submissions = before.value('khidma_case_submissions_total', { case_type: 'document_request' }) ?? 0;
    const route = { method: 'POST', route: '/api/v1/cases', status_code: '201' };
    const timed = before.value('khidma_http_request_duration_seconds_count', route) ?? 0;
    const key = `metrics-${Date.now()}`;
    const first = await submit({ 'idempotency-key': key });
    expect(first.statusCode, first.body).toBe(201);
    expect((await submit()).statusCode).toBe(201);
    const replay = await submit({ 'idempotency-key': key });
    expect(replay.headers['idempotent-replayed']).toBe('true');

    const { trackingCode, accessToken } = first.json<{ trackingCode: string; accessToken: string }>();
    expect((await platform.app.inject({ method: 'GET', url: `/api/v1/cases/${trackingCode}`, headers: { authorization: `Bearer ${accessToken}` } })).statusCode).toBe(200);
    expect((await platform.app.inject({ method: 'GET', url: `/no/such/page/${trackingCode}` })).statusCode).toBe(404);

    const res = await platform.app.inject({ method: 'GET', url: '/metrics', headers: METRICS_HEADERS });
    const after = parsePrometheus(res.body);
    expect(after.value('khidma_case_submissions_total', { case_type: 'document_request' })).toBe(submissions + 2);
    expect(after.value('khidma_http_request_duration_seconds_count', route)).toBe(timed + 3);
    expect(after.value('khidma_http_requests_total', route)).toBe(timed + 3);
    expect(after.value('khidma_http_request_duration_seconds_bucket', { ...route, le: '+Inf' })).toBe(timed + 3);
    expect(after.value('khidma_http_requests_total', { method: 'GET', route: '/api/v1/cases/:trackingCode', status_code: '200' })).toBeGreaterThanOrEqual(1);
    expect(after.value('khidma_http_requests_total', { method: 'GET', route: 'unmatched', status_code: '404' })).toBeGreaterThanOrEqual(1);
    // Route patterns only: no tracking code, no raw URL ever becomes a label.
    expect(res.body).not.toContain(trackingCode);
  });

  it('counts steps by case type, action and kind of actor', async () => {
    const { caseId } = (await submit()).json<{ caseId: string }>();
    const labels = { case_type: 'document_request', action: 'claim', actor: 'handler' };
    const before = (await scrape()).value('khidma_case_steps_total', labels) ?? 0;
    const claimed = await platform.app.inject({ method: 'POST', url: `/api/v1/cases/${caseId}/actions/claim`, headers: await staffHeaders(platform.app, 'handler') });
    expect(claimed.statusCode, claimed.body).toBe(200);
    expect((await scrape()).value('khidma_case_steps_total', labels)).toBe(before + 1);
  });

  it('counts open live channels by kind while they are open', async () => {
    const { trackingCode, accessToken } = (await submit()).json<{ trackingCode: string; accessToken: string }>();
    const open = async (channel: string) => (await scrape()).value('khidma_websocket_connections', { channel }) ?? 0;
    const citizenBefore = await open('citizen_case');
    const staffBefore = await open('staff_entity');
    const citizen = await platform.app.injectWS(`/api/v1/cases/${trackingCode}/live`, { headers: { authorization: `Bearer ${accessToken}` } });
    const staff = await platform.app.injectWS('/api/v1/live', { headers: await staffHeaders(platform.app, 'handler') });
    expect(await open('citizen_case')).toBe(citizenBefore + 1);
    expect(await open('staff_entity')).toBe(staffBefore + 1);
    citizen.terminate();
    staff.terminate();
    await until(() => open('citizen_case'), (n) => n === citizenBefore, 5000);
    await until(() => open('staff_entity'), (n) => n === staffBefore, 5000);
  });

  it('reports the outbox lag of each API instance: one whose feed stopped falls behind by every event written since', async () => {
    const log = pino({ level: 'silent' });
    const frozen = new CaseEventFeed({ prisma: platform.prisma, log, pollIntervalMs: 60_000 });
    await frozen.start();
    await frozen.stop();
    const second = await buildApp({ prisma: platform.prisma, temporal: platform.temporal, feed: frozen, config: TEST_CONFIG, taskQueue: platform.taskQueue });
    extraApps.push(second);
    const stoppedAt = frozen.fannedOutId!;

    const { caseId } = (await submit()).json<{ caseId: string }>();
    await until(() => platform.prisma.caseEvent.count({ where: { caseId } }), (n) => n >= 1);
    const lag = (await scrape(second)).value('khidma_outbox_lag_events')!;
    const newest = (await platform.prisma.caseEvent.aggregate({ _max: { id: true } }))._max.id!;
    // Other test files write events too: the lag is at least what was written after the feed stopped, at most the newest now.
    expect(lag).toBeGreaterThanOrEqual(1);
    expect(BigInt(lag)).toBeLessThanOrEqual(newest - stoppedAt);
    expect(BigInt(lag)).toBeGreaterThanOrEqual((await platform.prisma.caseEvent.aggregate({ _max: { id: true }, where: { caseId } }))._max.id! - stoppedAt);
    // The running instance keeps up: it has fanned out the case's events, which the frozen one never will.
    const caseNewest = (await platform.prisma.caseEvent.aggregate({ _max: { id: true }, where: { caseId } }))._max.id!;
    await until(async () => platform.feed.fannedOutId!, (id) => id >= caseNewest, 10_000);
    expect((await scrape()).value('khidma_outbox_lag_events')!).toBeLessThan((await scrape(second)).value('khidma_outbox_lag_events')!);
  });

  it('reads open cases by case type and SLA state from the read model', async () => {
    const second = await buildApp({ prisma: platform.prisma, temporal: platform.temporal, feed: platform.feed, config: TEST_CONFIG, taskQueue: platform.taskQueue });
    extraApps.push(second);
    const { caseId } = (await submit()).json<{ caseId: string }>();
    await until(() => platform.prisma.case.findUnique({ where: { id: caseId } }), (row) => row !== null);
    const metrics = await scrape(second);
    const open = metrics.samples.filter((s) => s.name === 'khidma_open_cases');
    expect(open.find((s) => s.labels.case_type === 'document_request' && s.labels.sla_state === 'on_track')?.value).toBeGreaterThanOrEqual(1);
    // Only the case types and SLA states the read model holds, each once.
    const known = await platform.prisma.case.groupBy({ by: ['caseType', 'slaState'], where: { closedAt: null } });
    for (const sample of open) expect(known.some((k) => k.caseType === sample.labels.case_type && k.slaState === sample.labels.sla_state)).toBe(true);
  });
});

describe('who may read /metrics', () => {
  it('needs the token: 401 without it or with another, and /health stays public', async () => {
    const without = await platform.app.inject({ method: 'GET', url: '/metrics' });
    expect(without.statusCode).toBe(401);
    expect(without.json()).toMatchObject({ code: 'authentication_required' });
    expect(without.headers['www-authenticate']).toMatch(/^Bearer/);
    const wrong = await platform.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TEST_CONFIG.metrics.token}x` } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json<{ message: string }>().message).toMatch(/wrong/);
    expect(wrong.body).not.toContain('khidma_');
    expect((await platform.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
  });

  it('is not served at all without a token or a port of its own', async () => {
    const app = await buildApp({ prisma: platform.prisma, temporal: platform.temporal, feed: platform.feed, config: { ...TEST_CONFIG, metrics: {} }, taskQueue: platform.taskQueue });
    extraApps.push(app);
    expect((await app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(404);
  });

  it('with METRICS_PORT, is served on its own loopback listener and never on the public port', async () => {
    const metrics = createMetrics();
    const config = { port: 0, host: '127.0.0.1', token: 'internal-metrics-token-0123456789' };
    const app = await buildApp({ prisma: platform.prisma, temporal: platform.temporal, feed: platform.feed, config: { ...TEST_CONFIG, metrics: config }, taskQueue: platform.taskQueue, metrics });
    extraApps.push(app);
    const listener: MetricsListener = await startMetricsListener(metrics, config, pino({ level: 'silent' }));
    stops.push(() => listener.close());
    expect(listener.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);

    expect((await app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${config.token}` } })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);

    expect((await fetch(listener.url)).status).toBe(401);
    const res = await fetch(listener.url, { headers: { authorization: `Bearer ${config.token}` } });
    expect(res.status).toBe(200);
    const text = await res.text();
    // The public app's own answers are counted in the registry the listener serves.
    expect(parsePrometheus(text).value('khidma_http_requests_total', { method: 'GET', route: '/health', status_code: '200' })).toBe(1);
    expect((await fetch(listener.url.replace('/metrics', '/health'))).status).toBe(404);
  });
});
