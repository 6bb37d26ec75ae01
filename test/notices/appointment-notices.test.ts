import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NoticeDispatcher } from '../../platform/notices/dispatcher.js';
import { createServiceThroughApi, secondsPolicy } from '../support/catalogue.js';
import type { TestDatabase } from '../support/database.js';
import { createNoticeDatabase, eventually, receivedMails, startTestDispatcher, type ReceivedMail } from '../support/notices.js';
import { APPLICANT, staffHeaders, startPlatform, type TestPlatform } from '../support/platform.js';
import { createSlot, ministryOffice } from '../support/slots.js';

/*
 * An appointment's notices reach the citizen by e-mail through a real SMTP server (MailDev): the
 * confirmation with the meeting link, then the reminders in order, counted from the start the
 * appointment has after a reschedule, in the language the citizen chose.
 */
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

const mailsTo = async (address: string): Promise<ReceivedMail[]> => (await receivedMails()).filter((m) => m.to[0]?.address === address);

describe('an appointment’s e-mails', () => {
  it('bring the confirmation with its link, then the reminders in order, moved by a reschedule, in English', async () => {
    const admin = await staffHeaders(platform.app, 'admin');
    const handler = await staffHeaders(platform.app, 'handler');
    const office = await ministryOffice(platform.prisma);
    const serviceId = await createServiceThroughApi(platform.app, admin, 'appointment', { confirmation: secondsPolicy(120) });
    await platform.prisma.service.update({ where: { id: serviceId }, data: { settings: { modalities: ['video'], reminders: ['PT6S', 'PT3S'], noticePeriod: 'PT2S', noShowGrace: 'PT30S' } } });
    const first = await createSlot(platform.prisma, { serviceId, officeId: office.id, inMs: 3_600_000, seats: 1 });
    const moved = await createSlot(platform.prisma, { serviceId, officeId: office.id, inMs: 12_000, seats: 1 });
    const email = `rdv.${randomUUID().slice(0, 8)}@exemple.test`;
    const res = await platform.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      payload: { serviceId, applicant: { ...APPLICANT, email, language: 'en', contactBy: ['email'] }, details: { slotId: first, modality: 'video' } },
    });
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json<{ caseId: string; trackingCode: string; accessToken: string }>();
    expect((await platform.app.inject({ method: 'POST', url: `/api/v1/cases/${c.caseId}/actions/confirm`, headers: handler, payload: {} })).statusCode).toBe(200);
    const rescheduled = await platform.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${c.trackingCode}/citizen-actions/reschedule`,
      headers: { authorization: `Bearer ${c.accessToken}` },
      payload: { slotId: moved },
    });
    expect(rescheduled.statusCode, rescheduled.body).toBe(200);
    const slot = await platform.prisma.slot.findUniqueOrThrow({ where: { id: moved } });

    const mails = await eventually(async () => {
      const got = await mailsTo(email);
      return got.filter((m) => m.text.includes('Reminder')).length === 2 && got;
    }, 30_000);
    const texts = mails.map((m) => m.text);
    const confirmation = texts.find((t) => t.includes('Appointment confirmed'))!;
    const meeting = await platform.prisma.case.findUniqueOrThrow({ where: { id: c.caseId } });
    expect(confirmation).toContain(String((meeting.facts as { meetingUrl: string }).meetingUrl));
    expect(texts.some((t) => t.includes(`moved to ${slot.localDate.toISOString().slice(0, 10)} at ${slot.localStart}`))).toBe(true);
    const reminders = mails.filter((m) => m.text.includes('Reminder'));
    for (const reminder of reminders) expect(reminder.text).toContain(`at ${slot.localStart}`);
    const deliveries = await platform.prisma.noticeDelivery.findMany({ where: { notification: { caseId: c.caseId, kind: 'reminder' } }, include: { notification: true }, orderBy: { id: 'asc' } });
    expect(deliveries).toHaveLength(2);
    expect(deliveries.every((d) => d.state === 'sent' && d.language === 'en')).toBe(true);
    expect(deliveries[0]!.notification.createdAt.getTime()).toBeLessThan(deliveries[1]!.notification.createdAt.getTime());
  });
});
