import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NoticeDispatcher } from '../../platform/notices/dispatcher.js';
import type { TestDatabase } from '../support/database.js';
import { createNoticeDatabase, eventually, receivedMails, startTestDispatcher } from '../support/notices.js';
import { APPLICANT, createTestService, staffHeaders, startPlatform, type TestPlatform } from '../support/platform.js';

let database: TestDatabase;
let platform: TestPlatform;
let dispatcher: NoticeDispatcher;

beforeAll(async () => {
  database = await createNoticeDatabase();
  platform = await startPlatform({ databaseUrl: database.url });
  dispatcher = startTestDispatcher(platform.prisma);
});
afterAll(async () => {
  await dispatcher?.stop();
  await platform?.close();
  await database?.drop();
});

/** A case past its 4-second deadline soon, escalated to the head of service a second later; the citizen asked for no messages. */
async function breachingCase() {
  const service = await createTestService(platform.prisma, { budget: { unit: 'duration', iso: 'PT4S' }, escalation: [{ after: { iso: 'PT1S' }, notify: 'head_of_service' }] });
  const res = await platform.app.inject({ method: 'POST', url: '/api/v1/cases', payload: { serviceId: service.id, applicant: { ...APPLICANT, contactBy: [] } } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ caseId: string; trackingCode: string }>();
}

/** Each staff notice of the case, once escalated and delivered, as [kind, recipient's username, state]. */
async function staffDeliveries(caseId: string) {
  return eventually(async () => {
    const escalated = await platform.prisma.notification.count({ where: { caseId, kind: 'escalated' } });
    const rows = await platform.prisma.noticeDelivery.findMany({ where: { notification: { caseId } }, include: { notification: true }, orderBy: { id: 'asc' } });
    if (escalated === 0 || rows.some((r) => r.state === 'pending' || r.state === 'sending')) return null;
    const staff = await platform.prisma.staffUser.findMany({ where: { id: { in: rows.map((r) => r.recipientRef) } } });
    return rows.map((r) => ({ id: r.id, kind: r.notification.kind, to: staff.find((s) => s.id === r.recipientRef)?.username, state: r.state, language: r.language, channel: r.channel }));
  });
}

async function mailOf(deliveryId: bigint, trackingCode: string) {
  const mails = await receivedMails({ messageId: `<delivery-${deliveryId}@khidma>` });
  const mine = mails.filter((m) => m.subject.includes(trackingCode));
  expect(mine).toHaveLength(1);
  return mine[0]!;
}

describe('staff notices reach their addresses', () => {
  it("a breach goes to the case's handler and the escalation to the head of service, by e-mail in French", async () => {
    const c = await breachingCase();
    const claim = await platform.app.inject({ method: 'POST', url: `/api/v1/cases/${c.caseId}/actions/claim`, headers: await staffHeaders(platform.app, 'handler') });
    expect(claim.statusCode, claim.body).toBe(200);
    const deliveries = await staffDeliveries(c.caseId);
    expect(deliveries.map(({ kind, to, state, language, channel }) => [kind, to, state, language, channel])).toEqual([
      ['sla_breached', 'handler', 'sent', 'fr', 'email'],
      ['escalated', 'supervisor', 'sent', 'fr', 'email'],
    ]);
    const breach = await mailOf(deliveries[0]!.id, c.trackingCode);
    expect(breach.to).toEqual([expect.objectContaining({ address: 'handler@justice.khidma.test' })]);
    expect(breach.subject).toBe(`Khidma — dossier ${c.trackingCode}`);
    expect(breach.text).toContain(`Dossier ${c.trackingCode} : délai dépassé`);
    const escalation = await mailOf(deliveries[1]!.id, c.trackingCode);
    expect(escalation.to).toEqual([expect.objectContaining({ address: 'supervisor@justice.khidma.test' })]);
    expect(escalation.text).toContain(`Escalade niveau 1 : le dossier ${c.trackingCode}`);
  });

  it("an unassigned case's breach goes to every active handler and supervisor of the entity with an address", async () => {
    const entity = await platform.prisma.entity.findFirstOrThrow({ where: { code: 'MJ' } });
    const extra = (username: string, data: object) =>
      platform.prisma.staffUser.create({ data: { username: `${username}-${randomUUID().slice(0, 6)}`, displayName: username, role: 'handler', passwordHash: 'x', entityId: entity.id, ...data } });
    const withoutAddress = await extra('sans-adresse', {});
    const disabled = await extra('desactive', { email: 'desactive@justice.khidma.test', active: false });
    const c = await breachingCase();
    const deliveries = await staffDeliveries(c.caseId);
    const breach = deliveries.filter((d) => d.kind === 'sla_breached');
    // The seeded advisor is one of the entity's handlers, with an address of its own.
    expect(breach.map((d) => d.to).sort()).toEqual(['advisor', 'handler', 'supervisor']);
    expect(deliveries.some((d) => d.to === withoutAddress.username || d.to === disabled.username)).toBe(false);
    for (const d of breach) {
      const mail = await mailOf(d.id, c.trackingCode);
      expect(mail.to[0]!.address).toBe(`${d.to}@justice.khidma.test`);
    }
  });
});
