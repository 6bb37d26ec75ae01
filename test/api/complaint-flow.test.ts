import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServiceThroughApi, secondsPolicy } from '../support/catalogue.js';
import { APPLICANT, startPlatform, staffHeaders, type TestPlatform } from '../support/platform.js';
import { until } from '../support/until.js';

/*
 * Decree 2-17-265 through the API: two clocks from submission (acknowledgement and answer), transfer
 * to the entity concerned, the citizen's rating and reopening inside its window and after it, and
 * observations closed after acknowledgement. Budgets are seconds, set through the catalogue API.
 */
let platform: TestPlatform;
let admin: Record<string, string>;
let handler: Record<string, string>;

beforeAll(async () => {
  platform = await startPlatform();
  admin = await staffHeaders(platform.app, 'admin');
  handler = await staffHeaders(platform.app, 'handler');
});
afterAll(() => platform?.close());

function createService(clocks: { acknowledgement?: number; answer?: number; reopen?: number } = {}) {
  return createServiceThroughApi(platform.app, admin, 'complaint', {
    acknowledgement: secondsPolicy(clocks.acknowledgement ?? 60),
    answer: secondsPolicy(clocks.answer ?? 120),
    reopen_window: secondsPolicy(clocks.reopen ?? 60),
  });
}

interface Receipt {
  caseId: string;
  trackingCode: string;
  accessToken: string;
  deadlines: { clock: string; dueAt: string | null; state: string; breachedAt: string | null }[];
}

async function submit(serviceId: string, kind = 'reclamation') {
  const details = { kind, subject: 'Accueil au guichet', description: 'Attente de trois heures sans information.' };
  const res = await platform.app.inject({ method: 'POST', url: '/api/v1/cases', payload: { serviceId, applicant: APPLICANT, details } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<Receipt>();
}

const staffStep = (caseId: string, action: string, payload: object = {}) =>
  platform.app.inject({ method: 'POST', url: `/api/v1/cases/${caseId}/actions/${action}`, headers: handler, payload });
const citizenStep = (c: Receipt, action: string, payload: object = {}) =>
  platform.app.inject({ method: 'POST', url: `/api/v1/cases/${c.trackingCode}/citizen-actions/${action}`, headers: { authorization: `Bearer ${c.accessToken}` }, payload });
const citizenView = async (c: Receipt) =>
  (await platform.app.inject({ method: 'GET', url: `/api/v1/cases/${c.trackingCode}`, headers: { authorization: `Bearer ${c.accessToken}` } })).json<{
    status: string;
    outcome: string | null;
    availableActions: string[];
    deadlines: Receipt['deadlines'];
  }>();


describe('a complaint (Decree 2-17-265)', () => {
  it('runs two clocks from submission: the acknowledgement breaches while the answer is still on track', async () => {
    const c = await submit(await createService({ acknowledgement: 1, answer: 120 }));
    expect(c.deadlines.map((d) => [d.clock, d.state])).toEqual([
      ['answer', 'on_track'],
      ['acknowledgement', 'on_track'],
      ['reopen_window', 'not_started'],
    ]);
    const view = await until(
      () => citizenView(c),
      (v) => v.deadlines.find((d) => d.clock === 'acknowledgement')?.state === 'breached',
    );
    expect(view.deadlines.find((d) => d.clock === 'answer')).toMatchObject({ state: 'on_track', breachedAt: null });
    expect(view.deadlines.find((d) => d.clock === 'acknowledgement')?.breachedAt).not.toBeNull();
    const breach = await platform.prisma.caseEvent.findFirstOrThrow({ where: { caseId: c.caseId, type: 'sla_breached' } });
    expect(breach.payload).toMatchObject({ clock: 'acknowledgement' });

    // Acknowledged late, it stays late in the record.
    expect((await staffStep(c.caseId, 'acknowledge')).statusCode).toBe(200);
    const row = await platform.prisma.caseClock.findUniqueOrThrow({ where: { caseId_clock: { caseId: c.caseId, clock: 'acknowledgement' } } });
    expect(row.state).toBe('stopped');
    expect(row.breachedAt).not.toBeNull();
  });

  it('is answered, rated, reopened inside its window with a new answer clock, answered again, and closes naming the Médiateur when the window ends', async () => {
    const c = await submit(await createService({ reopen: 3 }));
    expect((await staffStep(c.caseId, 'acknowledge')).statusCode).toBe(200);
    expect((await staffStep(c.caseId, 'answer', { message: 'Un second guichet est ouvert.' })).statusCode).toBe(200);
    const answered = await citizenView(c);
    expect(answered.availableActions.sort()).toEqual(['rate', 'reopen']);
    expect((await citizenStep(c, 'rate', { rating: 6 })).statusCode).toBe(400);
    expect((await citizenStep(c, 'rate', { rating: 2, comment: 'Réponse trop vague.' })).statusCode).toBe(200);
    expect((await citizenStep(c, 'rate', { rating: 3 })).statusCode).toBe(409);

    const firstAnswerDue = answered.deadlines.find((d) => d.clock === 'answer')!;
    const reopened = await citizenStep(c, 'reopen', { reason: 'Le second guichet reste fermé le matin.' });
    expect(reopened.statusCode, reopened.body).toBe(200);
    const view = await citizenView(c);
    expect(view.status).toBe('reopened');
    const answer = view.deadlines.find((d) => d.clock === 'answer')!;
    expect(answer.state).toBe('on_track');
    expect(Date.parse(answer.dueAt!)).toBeGreaterThan(Date.parse(c.deadlines[0]!.dueAt!));
    expect(firstAnswerDue.state).toBe('stopped');

    expect((await staffStep(c.caseId, 'answer', { message: 'Le guichet ouvre désormais à 8 h 30.' })).statusCode).toBe(200);
    const closed = await until(
      () => platform.prisma.case.findUniqueOrThrow({ where: { id: c.caseId } }),
      (r) => r.status === 'closed',
    );
    expect(closed.outcome).toBe('answered');
    const last = await platform.prisma.notification.findFirstOrThrow({ where: { caseId: c.caseId, audience: 'citizen' }, orderBy: { eventSeq: 'desc' } });
    expect(last.message).toMatchObject({ fr: expect.stringContaining('Médiateur') });
    const late = await citizenStep(c, 'reopen', { reason: 'Encore ?' });
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({ details: { reason: 'window_closed' } });
  });

  it('is transferred to the entity concerned: it leaves this entity’s queue, keeps its history and clocks, and the citizen is told', async () => {
    const c = await submit(await createService());
    expect((await staffStep(c.caseId, 'acknowledge')).statusCode).toBe(200);
    expect((await staffStep(c.caseId, 'claim')).statusCode).toBe(200);
    const unknown = await staffStep(c.caseId, 'transfer', { entityCode: 'NOWHERE' });
    expect(unknown.statusCode).toBe(400);
    const moved = await staffStep(c.caseId, 'transfer', { entityCode: 'COMMUNE-RABAT', message: 'Le guichet relève de la commune.' });
    expect(moved.statusCode, moved.body).toBe(200);

    const row = await platform.prisma.case.findUniqueOrThrow({ where: { id: c.caseId }, include: { entity: true } });
    expect(row.entity.code).toBe('COMMUNE-RABAT');
    expect(row.status).toBe('acknowledged');
    // No handler of the first entity holds it any more: the entity concerned takes it up afresh.
    expect(row.assigneeId).toBeNull();
    expect(await platform.prisma.caseEvent.count({ where: { caseId: c.caseId } })).toBe(4);
    const queue = await platform.app.inject({ method: 'GET', url: '/api/v1/queue?limit=200', headers: handler });
    expect(queue.json<{ items: { caseId: string }[] }>().items.map((i) => i.caseId)).not.toContain(c.caseId);
    expect((await staffStep(c.caseId, 'answer', { message: 'Trop tard pour nous.' })).statusCode).toBe(404);
    const told = await platform.prisma.notification.findFirstOrThrow({ where: { caseId: c.caseId, kind: 'transition', audience: 'citizen' }, orderBy: { eventSeq: 'desc' } });
    expect(told.message).toMatchObject({ fr: expect.stringContaining('COMMUNE-RABAT') });
    expect((await citizenView(c)).deadlines.find((d) => d.clock === 'answer')?.dueAt).toBe(c.deadlines[0]!.dueAt);
  });

  it('closes an observation after acknowledgement, without an answer', async () => {
    const c = await submit(await createService(), 'observation');
    expect((await staffStep(c.caseId, 'acknowledge')).statusCode).toBe(200);
    expect((await staffStep(c.caseId, 'answer', { message: 'Merci' })).statusCode).toBe(409);
    expect((await staffStep(c.caseId, 'close', { message: 'Merci pour votre observation.' })).statusCode).toBe(200);
    expect(await citizenView(c)).toMatchObject({ status: 'closed', outcome: 'answered' });
  });

  it('may be withdrawn by the citizen while open', async () => {
    const c = await submit(await createService());
    expect((await citizenStep(c, 'withdraw')).statusCode).toBe(200);
    expect(await citizenView(c)).toMatchObject({ status: 'withdrawn', outcome: 'withdrawn' });
  });
});
