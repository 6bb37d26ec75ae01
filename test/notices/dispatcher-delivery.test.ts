import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort } from '../../platform/free-port.js';
import type { MailServer } from '../../platform/mail-server.js';
import type { NoticeDispatcher } from '../../platform/notices/dispatcher.js';
import type { TestDatabase } from '../support/database.js';
import { createNoticeDatabase, eventually, receivedMails, startOwnMailServer, startTestDispatcher } from '../support/notices.js';
import { APPLICANT, staffHeaders, startPlatform, type TestPlatform } from '../support/platform.js';

let database: TestDatabase;
let platform: TestPlatform;
let serviceId: string;
const running: NoticeDispatcher[] = [];
const servers: MailServer[] = [];

beforeAll(async () => {
  database = await createNoticeDatabase();
  platform = await startPlatform({ databaseUrl: database.url });
  serviceId = (await platform.prisma.service.findFirstOrThrow({ where: { code: 'CASIER-JUDICIAIRE' } })).id;
});
afterAll(async () => {
  for (const d of running) await d.stop();
  for (const s of servers) await s.stop();
  await platform?.close();
  await database?.drop();
});

function dispatch(...args: Parameters<typeof startTestDispatcher>) {
  const dispatcher = startTestDispatcher(...args);
  running.push(dispatcher);
  return dispatcher;
}

async function stopAll() {
  for (const d of running.splice(0)) await d.stop();
}

/** A case whose citizen is told by e-mail only; returns its first notice's delivery. */
async function caseWithEmail() {
  const res = await platform.app.inject({
    method: 'POST',
    url: '/api/v1/cases',
    payload: { serviceId, applicant: { ...APPLICANT, email: `c.${randomUUID().slice(0, 8)}@exemple.test`, contactBy: ['email'] } },
  });
  expect(res.statusCode, res.body).toBe(201);
  const c = res.json<{ caseId: string; trackingCode: string }>();
  const delivery = await platform.prisma.noticeDelivery.findFirstOrThrow({ where: { notification: { caseId: c.caseId } } });
  return { ...c, delivery };
}

const deliveryRow = (id: bigint) => platform.prisma.noticeDelivery.findUniqueOrThrow({ where: { id } });

describe('an SMTP server that is down', () => {
  it('is retried with growing waits, and the message is delivered exactly once when it is back', async () => {
    const port = await findFreePort('127.0.0.1');
    const c = await caseWithEmail();
    dispatch(platform.prisma, { smtpUrl: `smtp://127.0.0.1:${port}`, retry: { firstDelayMs: 300, longestDelayMs: 5000, maxAttempts: 20 } });
    // Each failed attempt leaves the row pending, with its error and the time of the next one.
    const waits: number[] = [];
    let seen = 0;
    await eventually(async () => {
      const row = await deliveryRow(c.delivery.id);
      if (row.state === 'pending' && row.attempts > seen) {
        seen = row.attempts;
        waits.push(row.nextAttemptAt.getTime() - Date.now());
        expect(row.lastError).toMatch(/ECONNREFUSED|ECONNECTION/);
      }
      return seen >= 3;
    });
    expect(waits[2]!).toBeGreaterThan(waits[0]!);

    const server = await startOwnMailServer(port);
    servers.push(server);
    const sent = await eventually(async () => {
      const row = await deliveryRow(c.delivery.id);
      return row.state === 'sent' && row;
    });
    expect(sent.attempts).toBeGreaterThanOrEqual(4);
    expect(sent.lastError).toBeNull();
    // A little longer: nothing sends it again.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const mails = await receivedMails({ apiUrl: server.apiUrl, messageId: `<delivery-${c.delivery.id}@khidma>` });
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe(`Khidma — dossier ${c.trackingCode}`);
    await stopAll();
  });

  it('fails the delivery once its attempts run out, which staff see with the reason', async () => {
    const port = await findFreePort('127.0.0.1');
    const c = await caseWithEmail();
    dispatch(platform.prisma, { smtpUrl: `smtp://127.0.0.1:${port}`, retry: { firstDelayMs: 100, maxAttempts: 3 } });
    const failed = await eventually(async () => {
      const row = await deliveryRow(c.delivery.id);
      return row.state === 'failed' && row;
    });
    expect(failed.attempts).toBe(3);
    await stopAll();
    const res = await platform.app.inject({ method: 'GET', url: `/api/v1/cases/by-id/${c.caseId}/notices`, headers: await staffHeaders(platform.app, 'supervisor') });
    expect(res.json<{ items: { deliveries: object[] }[] }>().items[0]!.deliveries).toEqual([
      expect.objectContaining({ channel: 'email', state: 'failed', attempts: 3, lastError: expect.stringMatching(/ECONNREFUSED|ECONNECTION/), sentAt: null, nextAttemptAt: null }),
    ]);
    expect(res.body).not.toMatch(/c\.[0-9a-f]{8}@/);
  });
});

describe('several dispatchers', () => {
  it('running at once deliver each notice once', async () => {
    const server = await startOwnMailServer();
    servers.push(server);
    const cases: Awaited<ReturnType<typeof caseWithEmail>>[] = [];
    for (let i = 0; i < 12; i++) cases.push(await caseWithEmail());
    // Three senders taking one row at a time, all started on the same backlog.
    for (let i = 0; i < 3; i++) dispatch(platform.prisma, { smtpUrl: server.smtpUrl, batchSize: 1 });
    await eventually(async () => (await platform.prisma.noticeDelivery.count({ where: { id: { in: cases.map((c) => c.delivery.id) }, state: 'sent' } })) === cases.length);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const mails = await receivedMails({ apiUrl: server.apiUrl });
    const ids = mails.map((m) => m.headers['message-id']);
    expect(new Set(ids).size).toBe(ids.length);
    for (const c of cases) expect(ids).toContain(`<delivery-${c.delivery.id}@khidma>`);
    const rows = await platform.prisma.noticeDelivery.findMany({ where: { id: { in: cases.map((c) => c.delivery.id) } } });
    expect(rows.every((r) => r.attempts === 1)).toBe(true);
    await stopAll();
  });

  it('a delivery whose sender died mid-send is sent again after its lease, under the same Message-ID', async () => {
    const server = await startOwnMailServer();
    servers.push(server);
    const c = await caseWithEmail();
    dispatch(platform.prisma, { smtpUrl: server.smtpUrl });
    await eventually(async () => (await deliveryRow(c.delivery.id)).state === 'sent');
    await stopAll();
    // What a crash between sending and recording leaves: the row still held, its lease run out.
    await platform.prisma.noticeDelivery.update({ where: { id: c.delivery.id }, data: { state: 'sending', nextAttemptAt: new Date(Date.now() - 1000), sentAt: null } });
    dispatch(platform.prisma, { smtpUrl: server.smtpUrl });
    const again = await eventually(async () => {
      const row = await deliveryRow(c.delivery.id);
      return row.state === 'sent' && row;
    });
    expect(again.attempts).toBe(2);
    const mails = await receivedMails({ apiUrl: server.apiUrl, messageId: `<delivery-${c.delivery.id}@khidma>` });
    expect(mails).toHaveLength(2);
    await stopAll();
  });
});
