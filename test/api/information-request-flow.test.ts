import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServiceThroughApi, secondsBudget, secondsPolicy } from '../support/catalogue.js';
import { APPLICANT, startPlatform, staffHeaders, type TestPlatform } from '../support/platform.js';

/*
 * Law 31-13 through the API, on services whose clocks the catalogue API sets in seconds: the
 * answer, urgency, the one extension, deemed refusal, the complaint to the head of the institution
 * inside its window and after it, upheld and overturned.
 */
let platform: TestPlatform;
let admin: Record<string, string>;
let handler: Record<string, string>;
let supervisor: Record<string, string>;

beforeAll(async () => {
  platform = await startPlatform();
  admin = await staffHeaders(platform.app, 'admin');
  handler = await staffHeaders(platform.app, 'handler');
  supervisor = await staffHeaders(platform.app, 'supervisor');
});
afterAll(() => platform?.close());

function createService(clocks: { answer?: number; window?: number; complaint?: number } = {}) {
  return createServiceThroughApi(platform.app, admin, 'information_request', {
    answer: secondsPolicy(clocks.answer ?? 60, { extension: secondsBudget(30), silence: 'implicit_refusal', urgent: { budget: secondsBudget(20), extension: null } }),
    complaint_window: secondsPolicy(clocks.window ?? 60),
    complaint_answer: secondsPolicy(clocks.complaint ?? 60),
  });
}

interface Receipt {
  caseId: string;
  trackingCode: string;
  accessToken: string;
  dueAt: string;
  submittedAt?: string;
  deadlines: { clock: string; dueAt: string | null; state: string }[];
}

async function submit(serviceId: string, details: object = { subject: 'Budget de la bibliothèque municipale 2025' }) {
  const res = await platform.app.inject({ method: 'POST', url: '/api/v1/cases', payload: { serviceId, applicant: APPLICANT, details } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<Receipt>();
}

const staffStep = (caseId: string, action: string, payload: object = {}, headers = handler) =>
  platform.app.inject({ method: 'POST', url: `/api/v1/cases/${caseId}/actions/${action}`, headers, payload });
const citizenStep = (c: Receipt, action: string, payload: object = {}) =>
  platform.app.inject({ method: 'POST', url: `/api/v1/cases/${c.trackingCode}/citizen-actions/${action}`, headers: { authorization: `Bearer ${c.accessToken}` }, payload });
const citizenView = async (c: Receipt) =>
  (await platform.app.inject({ method: 'GET', url: `/api/v1/cases/${c.trackingCode}`, headers: { authorization: `Bearer ${c.accessToken}` } })).json<{
    status: string;
    outcome: string | null;
    availableActions: string[];
    deadlines: { clock: string; state: string; dueAt: string | null }[];
  }>();

async function waitForStatus(c: Receipt, status: string, timeoutMs = 15_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const row = await platform.prisma.case.findUniqueOrThrow({ where: { id: c.caseId } });
    if (row.status === status) return row;
    if (Date.now() > until) throw new Error(`case still ${row.status}, expected ${status}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('an information request (Law 31-13)', () => {
  it('is answered: the citizen reads the information and the answer clock stops', async () => {
    const c = await submit(await createService());
    expect(c.deadlines.map((d) => [d.clock, d.state])).toEqual([
      ['answer', 'on_track'],
      ['complaint_window', 'not_started'],
    ]);
    expect((await staffStep(c.caseId, 'claim')).statusCode).toBe(200);
    const missing = await staffStep(c.caseId, 'answer', {});
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({ details: { field: 'body.message' } });
    const answered = await staffStep(c.caseId, 'answer', { message: 'Le budget est publié en pièce jointe.' });
    expect(answered.statusCode, answered.body).toBe(200);
    const view = await citizenView(c);
    expect(view).toMatchObject({ status: 'answered', outcome: 'answered', availableActions: [] });
    expect(view.deadlines[0]).toMatchObject({ clock: 'answer', state: 'stopped' });
  });

  it('counts 3 working days (here 20 s) for an urgent request; confirmed it stays, declined it becomes the ordinary budget from submission', async () => {
    const serviceId = await createService();
    const urgent = { subject: 'Niveau de pollution de l’eau du quartier', urgent: true, urgencyReason: 'Risque pour la santé des enfants' };
    const confirmed = await submit(serviceId, urgent);
    const declined = await submit(serviceId, urgent);
    const ordinary = await submit(serviceId);
    expect(Date.parse(ordinary.dueAt) - Date.parse(confirmed.dueAt)).toBeGreaterThan(35_000);

    expect((await staffStep(confirmed.caseId, 'confirm_urgent')).statusCode).toBe(200);
    expect((await citizenView(confirmed)).deadlines[0]!.dueAt).toBe(confirmed.dueAt);
    const twice = await staffStep(confirmed.caseId, 'decline_urgent', { reason: 'Pas d’urgence' });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().message).toMatch(/already decided/);
    expect((await staffStep(ordinary.caseId, 'confirm_urgent')).statusCode).toBe(409);

    const rebased = await staffStep(declined.caseId, 'decline_urgent', { reason: 'Aucun danger pour la vie ou la sécurité' });
    expect(rebased.statusCode, rebased.body).toBe(200);
    // 60 s from submission instead of 20: the same start, the ordinary budget.
    expect(Date.parse(rebased.json().dueAt) - Date.parse(declined.dueAt)).toBe(40_000);
    const notice = await platform.prisma.notification.findFirst({ where: { caseId: declined.caseId, audience: 'citizen', eventSeq: 2 } });
    expect(notice?.message).toMatchObject({ fr: expect.stringContaining('Nouvelle date limite') });
  });

  it('is extended once, for a legal reason, before the deadline; a second extension is refused', async () => {
    const c = await submit(await createService());
    await staffStep(c.caseId, 'claim');
    const wrongReason = await staffStep(c.caseId, 'extend_deadline', { reason: 'expertise' });
    expect(wrongReason.statusCode).toBe(400);
    const extended = await staffStep(c.caseId, 'extend_deadline', { reason: 'third_parties', message: 'Avis du service des archives requis.' });
    expect(extended.statusCode, extended.body).toBe(200);
    expect(Date.parse(extended.json().dueAt) - Date.parse(c.dueAt)).toBe(30_000);
    const again = await staffStep(c.caseId, 'extend_deadline', { reason: 'large_volume' });
    expect(again.statusCode).toBe(409);
    const told = await platform.prisma.notification.findFirstOrThrow({ where: { caseId: c.caseId, kind: 'deadline_extended' } });
    expect(told.message).toMatchObject({ fr: expect.stringContaining('Consultation de tiers nécessaire') });
  });

  it('is refused with a legal ground, which the citizen may contest', async () => {
    const c = await submit(await createService());
    const noGround = await staffStep(c.caseId, 'refuse', { reason: 'Données personnelles de tiers' });
    expect(noGround.statusCode).toBe(400);
    expect(noGround.json()).toMatchObject({ details: { field: 'body.ground' } });
    const refused = await staffStep(c.caseId, 'refuse', { ground: 'exception_art7', reason: 'Données personnelles de tiers' });
    expect(refused.statusCode, refused.body).toBe(200);
    const view = await citizenView(c);
    expect(view.status).toBe('refused');
    expect(view.availableActions).toEqual(['complain']);
    expect(view.deadlines.find((d) => d.clock === 'complaint_window')?.state).toBe('on_track');
  });

  it('turns silence into a deemed refusal; a complaint inside the window goes to the head of the institution, who upholds it, and the case closes pointing to the CDAI', async () => {
    const c = await submit(await createService({ answer: 2 }));
    const deemed = await waitForStatus(c, 'deemed_refused');
    expect(deemed.outcome).toBeNull();
    const events = await platform.prisma.caseEvent.findMany({ where: { caseId: c.caseId }, orderBy: { seq: 'asc' } });
    expect(events.map((e) => [e.type, e.status])).toEqual([
      ['submitted', 'submitted'],
      ['sla_breached', 'submitted'],
      ['transition', 'deemed_refused'],
    ]);
    expect(events[2]!.actor).toBe('system');

    const noReason = await citizenStep(c, 'complain', {});
    expect(noReason.statusCode).toBe(400);
    const complained = await citizenStep(c, 'complain', { reason: 'Aucune réponse reçue dans le délai légal.' });
    expect(complained.statusCode, complained.body).toBe(200);
    expect(complained.json().status).toBe('under_complaint');

    // The linked case, for the head of the institution: a supervisor decides it, a handler may not.
    const linked = await eventually(() => platform.prisma.case.findFirst({ where: { originCaseId: c.caseId } }));
    expect(linked).toMatchObject({ caseType: 'information_complaint', status: 'submitted', entityId: deemed.entityId });
    expect(linked.details).toMatchObject({ originTrackingCode: c.trackingCode, reason: 'Aucune réponse reçue dans le délai légal.' });
    const byHandler = await staffStep(linked.id, 'uphold', { reason: 'Refus confirmé' });
    expect(byHandler.statusCode).toBe(403);
    const upheld = await staffStep(linked.id, 'uphold', { reason: 'Les informations relèvent de l’article 7.' }, supervisor);
    expect(upheld.statusCode, upheld.body).toBe(200);

    const closed = await waitForStatus(c, 'closed');
    expect(closed.outcome).toBe('deemed_refused');
    const linkedRow = await platform.prisma.case.findUniqueOrThrow({ where: { id: linked.id } });
    expect(linkedRow.outcome).toBe('upheld');
    const closing = await platform.prisma.notification.findFirstOrThrow({ where: { caseId: c.caseId, audience: 'citizen' }, orderBy: { eventSeq: 'desc' } });
    expect(closing.message).toMatchObject({ fr: expect.stringContaining('CDAI'), ar: expect.any(String), en: expect.stringContaining('(CDAI) within 30 days') });
  });

  it('closes the request pointing to the CDAI when the head of the institution lets the complaint go unanswered', async () => {
    const c = await submit(await createService({ complaint: 2 }));
    await staffStep(c.caseId, 'refuse', { ground: 'repeated', reason: 'Déjà demandé le mois dernier.' });
    expect((await citizenStep(c, 'complain', { reason: 'Ce n’est pas la même information.' })).statusCode).toBe(200);
    const linked = await eventually(() => platform.prisma.case.findFirst({ where: { originCaseId: c.caseId } }));
    const closed = await waitForStatus(c, 'closed');
    expect(closed.outcome).toBe('refused');
    const lapsed = await platform.prisma.case.findUniqueOrThrow({ where: { id: linked.id } });
    expect(lapsed).toMatchObject({ status: 'unanswered', outcome: 'deemed_refused' });
    const told = await platform.prisma.notification.findFirstOrThrow({ where: { caseId: c.caseId, audience: 'citizen' }, orderBy: { eventSeq: 'desc' } });
    expect(told.message).toMatchObject({ fr: expect.stringContaining('CDAI') });
  });

  it('reopens the request with a new answer clock when the head of the institution overturns the refusal', async () => {
    const c = await submit(await createService());
    await staffStep(c.caseId, 'refuse', { ground: 'not_held', reason: 'Le ministère ne détient pas ce document.' });
    expect((await citizenStep(c, 'complain', { reason: 'Le document figure dans le rapport annuel.' })).statusCode).toBe(200);
    const linked = await eventually(() => platform.prisma.case.findFirst({ where: { originCaseId: c.caseId } }));
    const overturned = await staffStep(linked.id, 'overturn', { reason: 'Le document est bien détenu.' }, supervisor);
    expect(overturned.statusCode, overturned.body).toBe(200);
    await waitForStatus(c, 'in_progress');
    const view = await citizenView(c);
    const answer = view.deadlines.find((d) => d.clock === 'answer')!;
    expect(answer.state).toBe('on_track');
    expect(Date.parse(answer.dueAt!)).toBeGreaterThan(Date.parse(c.dueAt));
    expect((await staffStep(c.caseId, 'answer', { message: 'Voici le document.' })).statusCode).toBe(200);
    expect((await citizenView(c)).outcome).toBe('answered');
  });

  it('refuses a complaint once the window has closed, saying so', async () => {
    const c = await submit(await createService({ window: 2 }));
    await staffStep(c.caseId, 'claim');
    expect((await staffStep(c.caseId, 'answer_partially', { message: 'Une partie seulement est communicable.' })).statusCode).toBe(200);
    const closed = await waitForStatus(c, 'closed');
    expect(closed.outcome).toBe('partially_answered');
    const late = await citizenStep(c, 'complain', { reason: 'Trop tard ?' });
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({ details: { reason: 'window_closed' } });
    expect(late.json().message).toMatch(/time allowed for "complain" has ended/);
    // The end of the citizen's window is no breach by the administration.
    const events = await platform.prisma.caseEvent.findMany({ where: { caseId: c.caseId } });
    expect(events.map((e) => e.type)).not.toContain('sla_breached');
  });

  it('tells the citizen the service’s own time to complain and to seize the CDAI, in three languages', async () => {
    const clocks = {
      answer: secondsPolicy(60),
      complaint_window: { ...secondsPolicy(1), budget: { unit: 'working_days', amount: 12 } },
      complaint_answer: secondsPolicy(60),
    };
    const refused = await platform.app.inject({
      method: 'POST',
      url: '/api/v1/admin/services',
      headers: admin,
      payload: { entityCode: 'MJ', caseType: 'information_request', code: 'TEST-CDAI-WEEKS', names: { fr: 'x', ar: 'x', en: 'x' }, descriptions: { fr: 'x', ar: 'x', en: 'x' }, clocks, requiredDocuments: [], active: true, settings: { cdaiReferral: { unit: 'weeks', amount: 6 } } },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().details.field).toBe('body.settings.cdaiReferral.unit');
    const c = await submit(await createServiceThroughApi(platform.app, admin, 'information_request', clocks, { cdaiReferral: { unit: 'calendar_days', amount: 45 } }));

    expect((await staffStep(c.caseId, 'refuse', { ground: 'not_held', reason: 'Document détruit en 2019.' })).statusCode).toBe(200);
    const lastCitizenNotice = async () =>
      (await platform.prisma.notification.findFirstOrThrow({ where: { caseId: c.caseId, audience: 'citizen' }, orderBy: { eventSeq: 'desc' } })).message as Record<string, string>;
    expect(await lastCitizenNotice()).toEqual({
      fr: expect.stringContaining('dans un délai de 12 jours ouvrables'),
      ar: expect.stringContaining('داخل أجل 12 يوم عمل'),
      en: expect.stringContaining('within 12 working days'),
    });

    expect((await citizenStep(c, 'complain', { reason: 'Le document a été cité en 2023.' })).statusCode).toBe(200);
    const linked = await eventually(() => platform.prisma.case.findFirst({ where: { originCaseId: c.caseId } }));
    expect((await staffStep(linked.id, 'uphold', { reason: 'Document introuvable.' }, supervisor)).statusCode).toBe(200);
    await waitForStatus(c, 'closed');
    expect(await lastCitizenNotice()).toEqual({
      fr: expect.stringContaining('(CDAI) dans un délai de 45 jours'),
      ar: expect.stringContaining('داخل أجل 45 يوما'),
      en: expect.stringContaining('(CDAI) within 45 days'),
    });
  });

  it('refuses details its definition does not declare, naming the field', async () => {
    const serviceId = await createService();
    for (const [details, field] of [
      [{}, 'details.subject'],
      [{ subject: 'ok ok', urgent: 'yes' }, 'details.urgent'],
      [{ subject: 'ok ok', colour: 'red' }, 'details.colour'],
    ] as const) {
      const res = await platform.app.inject({ method: 'POST', url: '/api/v1/cases', payload: { serviceId, applicant: APPLICANT, details } });
      expect(res.statusCode, JSON.stringify(details)).toBe(400);
      expect(res.json().details.field, JSON.stringify(details)).toBe(field);
    }
  });
});

async function eventually<T>(read: () => Promise<T | null>, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== null) return value;
    if (Date.now() > until) throw new Error('not there in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
