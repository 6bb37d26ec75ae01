import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NoticeDispatcher } from '../../platform/notices/dispatcher.js';
import type { TestDatabase } from '../support/database.js';
import { expectClientError } from '../support/http.js';
import { capturedLog, createNoticeDatabase, eventually, receivedMails, startSmsGateway, startTestDispatcher } from '../support/notices.js';
import { APPLICANT, staffHeaders, startPlatform, type TestPlatform } from '../support/platform.js';

let database: TestDatabase;
let platform: TestPlatform;
let serviceId: string;
let dispatcher: NoticeDispatcher | null = null;
const logs = capturedLog();

beforeAll(async () => {
  database = await createNoticeDatabase();
  platform = await startPlatform({ databaseUrl: database.url });
  serviceId = (await platform.prisma.service.findFirstOrThrow({ where: { code: 'CASIER-JUDICIAIRE' } })).id;
});
afterAll(async () => {
  await dispatcher?.stop();
  await platform?.close();
  await database?.drop();
});

/** An applicant of their own: their address and name are what the logs must never show. */
function applicant(more: object = {}) {
  const tag = randomUUID().slice(0, 8);
  return { ...APPLICANT, fullName: `Citoyen ${tag}`, email: `citoyen.${tag}@exemple.test`, ...more };
}

async function submit(body: object) {
  const res = await platform.app.inject({ method: 'POST', url: '/api/v1/cases', payload: { serviceId, ...body } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ caseId: string; trackingCode: string }>();
}

/** The deliveries of a case's notices once none is waiting any more. */
async function settledDeliveries(caseId: string, count: number) {
  return eventually(async () => {
    const rows = await platform.prisma.noticeDelivery.findMany({ where: { notification: { caseId } }, orderBy: { id: 'asc' } });
    return rows.length === count && rows.every((r) => r.state !== 'pending' && r.state !== 'sending') && rows;
  });
}

describe('citizens are told by e-mail and SMS, in their language', () => {
  let gateway: Awaited<ReturnType<typeof startSmsGateway>>;
  beforeAll(async () => {
    gateway = await startSmsGateway();
    dispatcher = startTestDispatcher(platform.prisma, { smsGatewayUrl: gateway.url, log: logs.log });
  });
  afterAll(async () => {
    await dispatcher?.stop();
    dispatcher = null;
    await gateway.close();
  });

  it('a submission with an e-mail and no choice is e-mailed in French and sent by SMS through the gateway', async () => {
    const person = applicant();
    const c = await submit({ applicant: person });
    const [email, sms] = await settledDeliveries(c.caseId, 2);
    expect(email).toMatchObject({ channel: 'email', language: 'fr', state: 'sent', attempts: 1, recipientKind: 'citizen', recipientRef: c.caseId });
    expect(sms).toMatchObject({ channel: 'sms', language: 'fr', state: 'sent', attempts: 1, providerMessageId: expect.stringMatching(/^gw-/) });

    const [mail, ...more] = await receivedMails({ messageId: `<delivery-${email!.id}@khidma>` }).then((all) => all.filter((m) => m.to[0]?.address === person.email));
    expect(more).toEqual([]);
    expect(mail!.subject).toBe(`Khidma — dossier ${c.trackingCode}`);
    expect(mail!.text).toContain(`Votre demande ${c.trackingCode} :`);
    expect(mail!.from[0]).toEqual({ address: 'no-reply@khidma.test', name: 'Khidma' });

    const sent = gateway.received.find((r) => (r.body as { text: string }).text.includes(c.trackingCode))!;
    expect(sent.body).toEqual({ to: '+212612345678', text: expect.stringMatching(new RegExp(`^Khidma: Votre demande ${c.trackingCode} :`)) });
    expect(sent.headers['content-type']).toBe('application/json');
    expect(sent.headers['idempotency-key']).toBe(`<delivery-${sms!.id}@khidma>`);
  });

  it('an applicant who chose Arabic and e-mail only gets an Arabic e-mail and no SMS', async () => {
    const person = applicant({ language: 'ar', contactBy: ['email'] });
    const c = await submit({ applicant: person });
    const [email] = await settledDeliveries(c.caseId, 1);
    expect(email).toMatchObject({ channel: 'email', language: 'ar', state: 'sent' });
    const [mail] = await receivedMails({ messageId: `<delivery-${email!.id}@khidma>` }).then((all) => all.filter((m) => m.to[0]?.address === person.email));
    expect(mail!.subject).toBe(`خدمة — الملف ${c.trackingCode}`);
    expect(mail!.text).toContain(`طلبكم ${c.trackingCode}:`);
    expect(gateway.received.some((r) => (r.body as { text: string }).text.includes(c.trackingCode))).toBe(false);
    const stored = await platform.prisma.case.findUniqueOrThrow({ where: { id: c.caseId } });
    expect(stored.applicant).toMatchObject({ language: 'ar', contactBy: ['email'] });
  });

  it('an applicant without an e-mail is told by SMS only, and one who chose nothing is not messaged', async () => {
    const { email: _none, ...noEmail } = applicant();
    const bySms = await submit({ applicant: noEmail });
    expect(await settledDeliveries(bySms.caseId, 1)).toMatchObject([{ channel: 'sms', state: 'sent' }]);
    const silent = await submit({ applicant: applicant({ contactBy: [] }) });
    await platform.prisma.notification.findFirstOrThrow({ where: { caseId: silent.caseId } });
    expect(await platform.prisma.noticeDelivery.count({ where: { notification: { caseId: silent.caseId } } })).toBe(0);
  });

  it('staff see each notice with its deliveries, addresses masked', async () => {
    const person = applicant();
    const c = await submit({ applicant: person });
    await settledDeliveries(c.caseId, 2);
    const res = await platform.app.inject({ method: 'GET', url: `/api/v1/cases/by-id/${c.caseId}/notices`, headers: await staffHeaders(platform.app, 'handler') });
    expect(res.statusCode, res.body).toBe(200);
    const [notice] = res.json<{ items: { audience: string; kind: string; message: { fr: string }; deliveries: object[] }[] }>().items;
    expect(notice).toMatchObject({ audience: 'citizen', kind: 'submitted', message: { fr: expect.stringContaining(c.trackingCode) } });
    expect(notice!.deliveries).toEqual([
      { channel: 'email', recipientKind: 'citizen', recipient: `c***@exemple.test`, language: 'fr', state: 'sent', attempts: 1, lastError: null, sentAt: expect.any(String), nextAttemptAt: null },
      { channel: 'sms', recipientKind: 'citizen', recipient: '+2126****5678', language: 'fr', state: 'sent', attempts: 1, lastError: null, sentAt: expect.any(String), nextAttemptAt: null },
    ]);
    expect(res.body).not.toContain(person.email);

    const otherEntity = await platform.app.inject({ method: 'GET', url: `/api/v1/cases/by-id/${c.caseId}/notices`, headers: await staffHeaders(platform.app, 'admin') });
    expect(otherEntity.statusCode).toBe(403);
    const anonymous = await platform.app.inject({ method: 'GET', url: `/api/v1/cases/by-id/${c.caseId}/notices` });
    expect(anonymous.statusCode).toBe(401);
  });

  it('the dispatcher logs case, delivery and outcome, and nothing personal', async () => {
    const person = applicant({ nationalId: 'ZX987654', phone: '+212 698765432' });
    const c = await submit({ applicant: person });
    await settledDeliveries(c.caseId, 2);
    const text = logs.text();
    expect(text).toContain(`"caseId":"${c.caseId}"`);
    expect(text).toContain('"msg":"notice sent"');
    for (const secret of [person.email, person.fullName, person.nationalId, '698765432', '+212 698765432', 'exemple.test']) expect(text).not.toContain(secret);
  });
});

describe('without an SMS gateway', () => {
  it('each SMS is recorded as not sent, with the reason, and the e-mail still goes', async () => {
    const logsHere = capturedLog();
    dispatcher = startTestDispatcher(platform.prisma, { log: logsHere.log });
    const c = await submit({ applicant: applicant() });
    const [email, sms] = await settledDeliveries(c.caseId, 2);
    expect(email).toMatchObject({ channel: 'email', state: 'sent' });
    expect(sms).toMatchObject({ channel: 'sms', state: 'not_sent', attempts: 1, lastError: 'SMS_GATEWAY_URL is not set', sentAt: null });
    expect(logsHere.text()).toContain('SMS_GATEWAY_URL is not set');
    await dispatcher.stop();
    dispatcher = null;
  });
});

describe('the contact choice is checked', () => {
  const marker = `Contact ${Date.now()}`;
  const post = (more: object) =>
    platform.app.inject({ method: 'POST', url: '/api/v1/cases', payload: { serviceId, applicant: { ...APPLICANT, fullName: marker, ...more } } });

  it.each([
    ['e-mail chosen without an address', { contactBy: ['email'] }, /applicant\.contactBy.*email/, 'applicant.contactBy'],
    ['an unknown channel', { contactBy: ['fax'] }, /applicant\.contactBy/, 'body.applicant.contactBy.0'],
    ['a channel twice', { email: 'a@exemple.test', contactBy: ['email', 'email'] }, /applicant\.contactBy/, 'body.applicant.contactBy'],
    ['an unknown language', { language: 'de' }, /applicant\.language/, 'body.applicant.language'],
    ['a language of the wrong type', { language: 3 }, /applicant\.language/, 'body.applicant.language'],
  ])('%s → 400 naming the field', async (_label, more, message, field) => {
    const res = await post(more);
    expectClientError(res, 400, message);
    expect(res.json<{ details: { field: string } }>().details.field).toBe(field);
    expect(await platform.prisma.case.count({ where: { applicant: { path: ['fullName'], equals: marker } } })).toBe(0);
  });

  it('a retry stating the default choice is the same request; another choice under the same key is refused', async () => {
    const key = `notices-${randomUUID()}`;
    const person = applicant();
    const send = (body: object) => platform.app.inject({ method: 'POST', url: '/api/v1/cases', headers: { 'idempotency-key': key }, payload: { serviceId, applicant: body } });
    const first = await send(person);
    expect(first.statusCode, first.body).toBe(201);
    const same = await send({ ...person, language: 'fr', contactBy: ['sms', 'email'] });
    expect(same.statusCode, same.body).toBe(201);
    expect(same.headers['idempotent-replayed']).toBe('true');
    expect(same.json<{ caseId: string }>().caseId).toBe(first.json<{ caseId: string }>().caseId);
    expectClientError(await send({ ...person, language: 'ar' }), 409);
  });
});
