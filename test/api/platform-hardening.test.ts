import { createHash, createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type KhidmaApp } from '../../api/app.js';
import { loadApiConfig } from '../../platform/config.js';
import { caseDataConverter } from '../../platform/payload-codec.js';
import { ensureSecrets } from '../../platform/secrets.js';
import { APPLICANT, startPlatform, TEST_CONFIG, type TestPlatform } from '../support/platform.js';

let platform: TestPlatform;
let serviceId: string;
const apps: KhidmaApp[] = [];

beforeAll(async () => {
  platform = await startPlatform();
  serviceId = (await platform.prisma.service.findFirstOrThrow({ where: { code: 'CASIER-JUDICIAIRE' } })).id;
});
afterAll(async () => {
  for (const app of apps) await app.close();
  await platform?.close();
});

/** Another API on the same platform, with its own limits. */
async function appWith(config: Partial<Parameters<typeof buildApp>[0]['config']>) {
  const app = await buildApp({ prisma: platform.prisma, temporal: platform.temporal, feed: platform.feed, taskQueue: platform.taskQueue, config: { ...TEST_CONFIG, ...config } });
  apps.push(app);
  return app;
}

describe('secrets', () => {
  it('are generated at random into the data directory on the first start, readable by its owner only, and kept', () => {
    const dir = mkdtempSync(join(tmpdir(), 'khidma-secrets-'));
    try {
      const first: NodeJS.ProcessEnv = {};
      expect(ensureSecrets(first, dir).generated).toEqual(['JWT_SECRET', 'ACCESS_TOKEN_SECRET', 'PAYLOAD_ENCRYPTION_KEY']);
      expect(statSync(join(dir, 'secrets.json')).mode & 0o777).toBe(0o600);
      expect(first.JWT_SECRET!.length).toBeGreaterThanOrEqual(32);
      expect(Buffer.from(first.PAYLOAD_ENCRYPTION_KEY!, 'base64')).toHaveLength(32);
      const again: NodeJS.ProcessEnv = {};
      expect(ensureSecrets(again, dir).generated).toEqual([]);
      expect(again).toEqual(first);
      const elsewhere: NodeJS.ProcessEnv = {};
      const other = mkdtempSync(join(tmpdir(), 'khidma-secrets-'));
      ensureSecrets(elsewhere, other);
      rmSync(other, { recursive: true });
      expect(elsewhere.JWT_SECRET).not.toBe(first.JWT_SECRET);
      const set: NodeJS.ProcessEnv = { JWT_SECRET: 'mine-0123456789-0123456789-0123456789' };
      ensureSecrets(set, dir);
      expect(set.JWT_SECRET).toBe('mine-0123456789-0123456789-0123456789');
      expect(JSON.parse(readFileSync(join(dir, 'secrets.json'), 'utf8')).JWT_SECRET).toBe(first.JWT_SECRET);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('are required in production, never the published development ones, and long where the API faces a network', () => {
    expect(() => ensureSecrets({ NODE_ENV: 'production' }, tmpdir())).toThrow(/must be set when NODE_ENV=production/);
    const strong = { JWT_SECRET: 'j'.repeat(40), ACCESS_TOKEN_SECRET: 'a'.repeat(40) };
    expect(() => loadApiConfig({ ...strong, JWT_SECRET: 'khidma-development-secret-not-for-production:JWT_SECRET' })).toThrow(/published/);
    expect(() => loadApiConfig({ ...strong, HOST: '0.0.0.0', ACCESS_TOKEN_SECRET: 'short-but-16-chars' })).toThrow(/at least 32/);
    expect(loadApiConfig({ ...strong, HOST: '127.0.0.1', ACCESS_TOKEN_SECRET: 'short-but-16-chars' }).accessTokenSecret).toBe('short-but-16-chars');
    expect(loadApiConfig({ ...strong, HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    expect(() => loadApiConfig({})).toThrow(/JWT_SECRET must be set/);
    const publishedKey = createHash('sha256').update('khidma-development-payload-key-not-for-production').digest('base64');
    expect(() => caseDataConverter({ PAYLOAD_ENCRYPTION_KEY: publishedKey })).toThrow(/published/);
  });
});

describe('a workflow id derived from an Idempotency-Key', () => {
  it('is an HMAC under a server secret: the national ID cannot be recovered from it by trying every value', async () => {
    const key = `hmac-${Date.now()}`;
    const res = await platform.app.inject({ method: 'POST', url: '/api/v1/cases', headers: { 'idempotency-key': key }, payload: { serviceId, applicant: APPLICANT } });
    expect(res.statusCode).toBe(201);
    const row = await platform.prisma.case.findUniqueOrThrow({ where: { id: res.json<{ caseId: string }>().caseId } });
    const material = `idempotency:${APPLICANT.nationalId}:${key}`;
    const plainHash = createHash('sha256').update(material).digest('hex');
    expect(row.workflowId).not.toContain(plainHash.slice(0, 40));
    expect(row.idempotencyKeyHash).not.toBe(plainHash);
    expect(row.idempotencyKeyHash).toBe(createHmac('sha256', TEST_CONFIG.accessTokenSecret).update(material).digest('hex'));
    expect(row.workflowId).toBe(`case-key-${row.idempotencyKeyHash!.slice(0, 40)}`);
  });
});

describe('a slow client', () => {
  it('sending half a body is answered 408 and let go, instead of holding the connection', async () => {
    const app = await appWith({ limits: { ...TEST_CONFIG.limits, requestTimeoutMs: 1000 } });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;
    const socket = net.connect(port, '127.0.0.1');
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString()));
    const started = Date.now();
    socket.write(`POST /api/v1/cases HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{"serviceId":`);
    await new Promise((resolve) => socket.once('close', resolve));
    expect(Date.now() - started).toBeLessThan(5000);
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  });
});

describe('rate limits', () => {
  it('refuse a citizen address past its submissions and tracking-code look-ups per minute, with Retry-After', async () => {
    const app = await appWith({ limits: { ...TEST_CONFIG.limits, submissionsPerMinute: 2, lookupsPerMinute: 3 } });
    const submit = () => app.inject({ method: 'POST', url: '/api/v1/cases', payload: { serviceId, applicant: APPLICANT } });
    const first = await submit();
    expect(first.statusCode).toBe(201);
    expect((await submit()).statusCode).toBe(201);
    const third = await submit();
    expect(third.statusCode).toBe(429);
    expect(third.json()).toMatchObject({ code: 'rate_limited', message: expect.stringMatching(/too many requests from this address/) });
    expect(Number(third.headers['retry-after'])).toBeGreaterThan(0);

    const c = first.json<{ trackingCode: string; accessToken: string }>();
    const lookUp = (code: string) => app.inject({ method: 'GET', url: `/api/v1/cases/${code}`, headers: { authorization: `Bearer ${c.accessToken}` } });
    // Guesses and real look-ups count alike: guessing codes is what the limit stops.
    const answers = [await lookUp('KH-0000-0000-00'), await lookUp('KH-0000-0000-01'), await lookUp(c.trackingCode), await lookUp(c.trackingCode)];
    expect(answers.map((r) => r.statusCode)).toEqual([404, 404, 200, 429]);
  });

  it('give tracking-code look-ups one budget across every route that takes a code, the live channel included', async () => {
    const app = await appWith({ limits: { ...TEST_CONFIG.limits, lookupsPerMinute: 3 } });
    const c = (await app.inject({ method: 'POST', url: '/api/v1/cases', payload: { serviceId, applicant: APPLICANT } })).json<{ trackingCode: string; accessToken: string }>();
    const auth = { authorization: `Bearer ${c.accessToken}` };
    const spent = [
      await app.inject({ method: 'GET', url: `/api/v1/cases/${c.trackingCode}`, headers: auth }),
      await app.inject({ method: 'GET', url: `/api/v1/cases/${c.trackingCode}/receipt.pdf`, headers: auth }),
      await app.inject({ method: 'POST', url: `/api/v1/cases/KH-0000-0000-00/citizen-actions/withdraw`, headers: auth, payload: {} }),
    ];
    expect(spent.map((r) => r.statusCode)).toEqual([200, 200, 404]);
    // Switching to another route that takes a code, or to the live channel, finds the budget spent.
    const others = [
      await app.inject({ method: 'GET', url: `/api/v1/cases/${c.trackingCode}/summary.pdf`, headers: auth }),
      await app.inject({ method: 'GET', url: `/api/v1/cases/${c.trackingCode}/live?token=${c.accessToken}` }),
    ];
    expect(others.map((r) => r.statusCode)).toEqual([429, 429]);
  });

  it('count each client behind a trusted proxy by its own address', async () => {
    const app = await appWith({ trustProxy: true, limits: { ...TEST_CONFIG.limits, submissionsPerMinute: 1 } });
    const submitFrom = (address: string) =>
      app.inject({ method: 'POST', url: '/api/v1/cases', headers: { 'x-forwarded-for': address }, payload: { serviceId, applicant: APPLICANT } });
    expect((await submitFrom('203.0.113.7')).statusCode).toBe(201);
    expect((await submitFrom('203.0.113.8')).statusCode).toBe(201);
    expect((await submitFrom('203.0.113.7')).statusCode).toBe(429);
  });
});
