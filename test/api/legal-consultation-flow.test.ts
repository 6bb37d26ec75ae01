import { randomUUID } from 'node:crypto';
import bcrypt from 'bcryptjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_SEED_PASSWORD } from '../global-setup.js';
import { createServiceThroughApi, secondsPolicy } from '../support/catalogue.js';
import { APPLICANT, startPlatform, staffHeaders, type TestPlatform } from '../support/platform.js';
import { until } from '../support/until.js';
import { createSlot, ministryOffice } from '../support/slots.js';

/*
 * A legal consultation through the API: triage by a supervisor to an advisor of its domain, a
 * written answer, or a meeting on the advisor's agenda (a linked appointment the consultation
 * waits for) attended and summarised, or missed and asked for once more.
 */
let platform: TestPlatform;
let admin: Record<string, string>;
let supervisor: Record<string, string>;
let advisor: { id: string; headers: Record<string, string> };
let office: { id: string };

beforeAll(async () => {
  platform = await startPlatform();
  admin = await staffHeaders(platform.app, 'admin');
  supervisor = await staffHeaders(platform.app, 'supervisor');
  office = await ministryOffice(platform.prisma);
  const mj = await platform.prisma.entity.findUniqueOrThrow({ where: { code: 'MJ' } });
  const username = `advisor-${randomUUID().slice(0, 8)}`;
  const row = await platform.prisma.staffUser.create({
    data: { username, passwordHash: await bcrypt.hash(TEST_SEED_PASSWORD, 4), displayName: 'Conseillère', role: 'handler', entityId: mj.id, advisorDomains: ['social_welfare'] },
  });
  advisor = { id: row.id, headers: await staffHeaders(platform.app, username) };
});
afterAll(() => platform?.close());

async function createService(): Promise<string> {
  const id = await createServiceThroughApi(platform.app, admin, 'legal_consultation', { answer: secondsPolicy(600), confirmation: secondsPolicy(120) });
  await platform.prisma.service.update({ where: { id }, data: { settings: { byAdvisor: true, modalities: ['in_person', 'video'], noShowGrace: 'PT1S', reminders: [] } } });
  return id;
}

interface Receipt {
  caseId: string;
  trackingCode: string;
  accessToken: string;
}

async function submit(serviceId: string, domain = 'social_welfare'): Promise<Receipt> {
  const res = await platform.app.inject({
    method: 'POST',
    url: '/api/v1/cases',
    payload: { serviceId, applicant: APPLICANT, details: { domain, question: 'Mon employeur ne déclare pas mes heures à la CNSS : que faire ?' } },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<Receipt>();
}

const step = (headers: Record<string, string>, caseId: string, action: string, payload: object = {}) =>
  platform.app.inject({ method: 'POST', url: `/api/v1/cases/${caseId}/actions/${action}`, headers, payload });
const citizenStep = (c: Receipt, action: string, payload: object = {}) =>
  platform.app.inject({ method: 'POST', url: `/api/v1/cases/${c.trackingCode}/citizen-actions/${action}`, headers: { authorization: `Bearer ${c.accessToken}` }, payload });
const view = async (c: Receipt) =>
  (await platform.app.inject({ method: 'GET', url: `/api/v1/cases/${c.trackingCode}`, headers: { authorization: `Bearer ${c.accessToken}` } })).json<{
    status: string;
    outcome: string | null;
    facts: Record<string, unknown>;
    availableActions: string[];
    timeline: { type: string; payload: Record<string, unknown> }[];
  }>();


async function triaged(serviceId: string): Promise<Receipt> {
  const c = await submit(serviceId);
  const res = await step(supervisor, c.caseId, 'triage', { advisorId: advisor.id });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.json()).toMatchObject({ status: 'assigned', assigneeId: advisor.id });
  return c;
}

/** The appointment the advisor's proposal opened, once its first event is recorded. */
async function meetingOf(c: Receipt) {
  const row = await until(
    () => platform.prisma.case.findFirst({ where: { originCaseId: c.caseId, caseType: 'appointment' }, orderBy: { submittedAt: 'desc' } }),
    (found) => found !== null && found.status === 'confirmed',
  );
  return row!;
}

describe('a legal consultation', () => {
  it('is triaged to an advisor of its domain only, and answered in writing', async () => {
    const serviceId = await createService();
    const c = await submit(serviceId, 'litigation_appeals');
    const wrongDomain = await step(supervisor, c.caseId, 'triage', { advisorId: advisor.id });
    expect(wrongDomain.statusCode).toBe(400);
    expect(wrongDomain.json().details.field).toBe('body.advisorId');
    const handler = await staffHeaders(platform.app, 'handler');
    expect((await step(handler, c.caseId, 'triage', { advisorId: advisor.id })).statusCode).toBe(403);

    const d = await triaged(serviceId);
    const answered = await step(advisor.headers, d.caseId, 'answer', { message: 'Saisissez l’inspection du travail avec vos bulletins de paie.' });
    expect(answered.statusCode, answered.body).toBe(200);
    const seen = await view(d);
    expect(seen).toMatchObject({ status: 'answered', outcome: 'answered' });
    expect(seen.timeline.at(-1)?.payload.message).toContain('inspection du travail');
  });

  it('waits for a meeting on the advisor’s agenda; attended, the advisor writes the summary the citizen reads', async () => {
    const serviceId = await createService();
    const slotId = await createSlot(platform.prisma, { serviceId, officeId: office.id, inMs: 3_600_000, seats: 1, advisorId: advisor.id });
    const c = await triaged(serviceId);
    const proposed = await step(advisor.headers, c.caseId, 'propose_meeting', { slotId, modality: 'video' });
    expect(proposed.statusCode, proposed.body).toBe(200);
    expect(proposed.json().status).toBe('meeting_scheduled');
    const meeting = await meetingOf(c);
    expect(String((meeting.facts as Record<string, unknown>).meetingUrl)).toContain('/khidma-');
    expect((await view(c)).facts).toMatchObject({ meetingCaseId: meeting.id, meetingCode: meeting.trackingCode });

    expect((await step(advisor.headers, meeting.id, 'check_in')).statusCode).toBe(200);
    expect((await step(advisor.headers, meeting.id, 'complete')).statusCode).toBe(200);
    await until(
      () => view(c),
      (v) => v.status === 'meeting_held',
    );
    expect((await step(advisor.headers, c.caseId, 'write_summary', { message: 'Compte rendu : dépôt d’une plainte auprès de la CNSS conseillé.' })).statusCode).toBe(200);
    expect(await view(c)).toMatchObject({ status: 'answered', outcome: 'answered' });
  });

  it('lets the citizen ask once for another meeting after a missed one', async () => {
    const serviceId = await createService();
    const soon = await createSlot(platform.prisma, { serviceId, officeId: office.id, inMs: 3_000, seats: 1, advisorId: advisor.id });
    const later = await createSlot(platform.prisma, { serviceId, officeId: office.id, inMs: 3_600_000, seats: 1, advisorId: advisor.id });
    const other = await createSlot(platform.prisma, { serviceId, officeId: office.id, inMs: 3_000, seats: 1 });
    const c = await triaged(serviceId);
    const notHers = await step(advisor.headers, c.caseId, 'propose_meeting', { slotId: other, modality: 'in_person' });
    expect(notHers.statusCode).toBe(400);
    expect((await step(advisor.headers, c.caseId, 'propose_meeting', { slotId: soon, modality: 'in_person' })).statusCode).toBe(200);
    const missed = await until(
      () => view(c),
      (v) => v.status === 'meeting_missed',
    );
    expect(missed.availableActions).toContain('request_meeting');
    expect((await citizenStep(c, 'request_meeting')).statusCode).toBe(200);
    expect((await view(c)).status).toBe('assigned');
    expect((await step(advisor.headers, c.caseId, 'propose_meeting', { slotId: later, modality: 'in_person' })).statusCode).toBe(200);
    expect((await view(c)).status).toBe('meeting_scheduled');
    await until(
      () => platform.prisma.case.count({ where: { originCaseId: c.caseId } }),
      (n) => n === 2,
    );
    expect((await citizenStep(c, 'request_meeting')).statusCode).toBe(409);
  });
});
