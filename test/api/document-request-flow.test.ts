import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { temporal } from '@temporalio/proto';
import { caseViewQuery } from '../../workflows/messages.js';
import { addDays, isWeekend, moroccanDate, today } from '../support/dates.js';
import { APPLICANT, createTestService, startPlatform, type TestPlatform, staffHeaders } from '../support/platform.js';

let platform: TestPlatform;
let serviceId: string;

beforeAll(async () => {
  platform = await startPlatform();
  const services = await platform.app.inject({ method: 'GET', url: '/api/v1/services?entity=MJ' });
  const criminalRecord = services.json<{ items: { id: string; code: string }[] }>().items.find((s) => s.code === 'CASIER-JUDICIAIRE');
  if (!criminalRecord) throw new Error('seeded service missing');
  serviceId = criminalRecord.id;
});
afterAll(() => platform?.close());

interface Receipt {
  caseId: string;
  trackingCode: string;
  accessToken: string;
  status: string;
  dueAt: string | null;
  explanation: { text: { fr: string; ar: string; en: string } } | null;
}

async function submit(body: object = { serviceId, applicant: APPLICANT }, headers: Record<string, string> = {}) {
  return platform.app.inject({ method: 'POST', url: '/api/v1/cases', payload: body, headers });
}

/** Weekdays strictly after the civil date `from` up to the civil date `to`, both Moroccan. */
function weekdaysBetween(from: string, to: string): number {
  let count = 0;
  for (let day = addDays(from, 1); day <= to; day = addDays(day, 1)) if (!isWeekend(day)) count += 1;
  return count;
}

describe('a document request taken through every step over HTTP', () => {
  it('goes from submission to closure, with a due date, its explanation and a complete timeline', async () => {
    const submitted = await submit();
    expect(submitted.statusCode).toBe(201);
    const receipt = submitted.json<Receipt>();
    expect(receipt.status).toBe('submitted');
    expect(receipt.trackingCode).toMatch(/^KH-/);
    expect(receipt.accessToken.length).toBeGreaterThan(20);
    expect(receipt.dueAt).not.toBeNull();
    expect(receipt.explanation?.text.fr).toContain('10');
    expect(receipt.explanation?.text.en.length).toBeGreaterThan(10);
    expect(receipt.explanation?.text.ar.length).toBeGreaterThan(10);
    // Every clock of the case, the main one first: a document request has one, its decision.
    expect(submitted.json()).toMatchObject({
      deadlines: [{ clock: 'decision', dueAt: receipt.dueAt, state: 'on_track', breachedAt: null, explanation: receipt.explanation }],
    });
    // The criminal record extract is promised within 10 working days, not counting the day of submission:
    // the same answer the public due-date calculator gives, and at least 10 weekdays away.
    const submittedOn = today();
    const calculator = await platform.app.inject({ method: 'GET', url: `/api/v1/calendar/due-date?from=${submittedOn}&workingDays=10&entity=MJ` });
    expect(moroccanDate(receipt.dueAt!)).toBe(calculator.json<{ dueDate: string }>().dueDate);
    expect(weekdaysBetween(submittedOn, moroccanDate(receipt.dueAt!))).toBeGreaterThanOrEqual(10);

    const citizen = { authorization: `Bearer ${receipt.accessToken}` };
    const view = await platform.app.inject({ method: 'GET', url: `/api/v1/cases/${receipt.trackingCode}`, headers: citizen });
    expect(view.statusCode).toBe(200);
    expect(view.json()).toMatchObject({ deadlines: [{ clock: 'decision', dueAt: receipt.dueAt, state: 'on_track', breachedAt: null }] });
    expect(view.json()).toMatchObject({ status: 'submitted', dueAt: receipt.dueAt, availableActions: ['withdraw'] });

    const handler = await staffHeaders(platform.app, 'handler');
    const queue = await platform.app.inject({ method: 'GET', url: '/api/v1/queue?assignee=none&status=submitted', headers: handler });
    expect(queue.statusCode).toBe(200);
    expect(queue.json<{ items: { caseId: string }[] }>().items.map((i) => i.caseId)).toContain(receipt.caseId);

    const act = (action: string, payload: object = {}) =>
      platform.app.inject({ method: 'POST', url: `/api/v1/cases/${receipt.caseId}/actions/${action}`, headers: handler, payload });
    const claimed = await act('claim');
    expect(claimed.statusCode).toBe(200);
    expect(claimed.json()).toMatchObject({ status: 'in_review', step: { en: 'Under review' } });

    const mine = await platform.app.inject({ method: 'GET', url: '/api/v1/queue?assignee=me', headers: handler });
    expect(mine.json<{ items: { caseId: string }[] }>().items.map((i) => i.caseId)).toContain(receipt.caseId);

    const asked = await act('request_info', { message: 'Merci de fournir une copie de votre CIN.' });
    expect(asked.json()).toMatchObject({ status: 'awaiting_citizen', dueAt: null, sla: { state: 'paused' } });
    // One state, said from each side: the handler waits for the applicant, the citizen is asked for documents.
    expect(asked.json()).toMatchObject({ step: { fr: 'En attente du demandeur', en: 'Waiting for the applicant' } });
    const seenByCitizen = await platform.app.inject({ method: 'GET', url: `/api/v1/cases/${receipt.trackingCode}`, headers: citizen });
    expect(seenByCitizen.json()).toMatchObject({ step: { fr: 'En attente de vos compléments' } });
    const seenByStaff = await platform.app.inject({ method: 'GET', url: `/api/v1/cases/by-id/${receipt.caseId}`, headers: handler });
    expect(seenByStaff.json()).toMatchObject({ step: { fr: 'En attente du demandeur' } });

    const provided = await platform.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${receipt.trackingCode}/citizen-actions/provide_info`,
      headers: citizen,
      payload: { message: 'Copie envoyée au guichet.' },
    });
    expect(provided.statusCode).toBe(200);
    expect(provided.json()).toMatchObject({ status: 'in_review', dueAt: receipt.dueAt });

    for (const [action, status] of [
      ['approve', 'in_production'],
      ['mark_ready', 'ready'],
      ['deliver', 'delivered'],
      ['close', 'closed'],
    ] as const) {
      const res = await act(action);
      expect(res.statusCode, `${action}: ${res.body}`).toBe(200);
      expect(res.json().status).toBe(status);
    }

    const final = await platform.app.inject({ method: 'GET', url: `/api/v1/cases/${receipt.trackingCode}`, headers: citizen });
    const body = final.json<{ status: string; timeline: { seq: number; type: string; status: string; actor: string }[] }>();
    expect(final.json()).toMatchObject({ status: 'closed', outcome: 'granted' });
    expect(body.status).toBe('closed');
    expect(body.timeline.map((e) => e.status)).toEqual([
      'submitted',
      'in_review',
      'awaiting_citizen',
      'in_review',
      'in_production',
      'ready',
      'delivered',
      'closed',
    ]);
    expect(body.timeline.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    // Citizens see that the administration acted, not which agent.
    expect(body.timeline[2]?.actor).toBe('staff');
    expect(body.timeline[3]?.actor).toBe('citizen');

    const afterClose = await act('close');
    expect(afterClose.statusCode).toBe(409);
    // A stable code and reason, which the pages translate; the message is for developers.
    expect(afterClose.json()).toMatchObject({ code: 'step_refused', details: { reason: 'not_allowed_now' } });
  });

  it('moves the delivery date by exactly the time the case waited for the citizen, and says so live', async () => {
    const service = await createTestService(platform.prisma, { budget: { unit: 'duration', iso: 'PT1H' } });
    const receipt = (await submit({ serviceId: service.id, applicant: APPLICANT })).json<Receipt>();
    const live: { type: string; event?: { status: string; payload: Record<string, unknown> } }[] = [];
    const socket = await platform.app.injectWS(
      `/api/v1/cases/${receipt.trackingCode}/live`,
      { headers: { authorization: `Bearer ${receipt.accessToken}` } },
      { onInit: (ws) => ws.on('message', (data) => live.push(JSON.parse(String(data)))) },
    );
    const handler = await staffHeaders(platform.app, 'handler');
    const act = (action: string, payload: object = {}) =>
      platform.app.inject({ method: 'POST', url: `/api/v1/cases/${receipt.caseId}/actions/${action}`, headers: handler, payload });
    await act('claim');
    await act('request_info', { message: 'Pièce manquante' });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const resumed = await platform.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${receipt.trackingCode}/citizen-actions/provide_info`,
      headers: { authorization: `Bearer ${receipt.accessToken}` },
      payload: { message: 'Voici la pièce' },
    });
    const newDue = resumed.json<{ dueAt: string }>().dueAt;
    const events = await platform.prisma.caseEvent.findMany({ where: { caseId: receipt.caseId }, orderBy: { seq: 'asc' } });
    const paused = events.find((e) => e.status === 'awaiting_citizen')!.occurredAt.getTime();
    const resumedAt = events.at(-1)!.occurredAt.getTime();
    expect(resumedAt - paused).toBeGreaterThanOrEqual(1400);
    expect(Date.parse(newDue) - Date.parse(receipt.dueAt!)).toBe(resumedAt - paused);
    expect(events.at(-1)?.payload).toMatchObject({ action: 'provide_info', dueAtBefore: receipt.dueAt });

    const deadline = Date.now() + 10_000;
    while (live.filter((m) => m.type === 'event').length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(live.map((m) => m.event?.status ?? m.type)).toEqual(['snapshot', 'in_review', 'awaiting_citizen', 'in_review']);
    expect(live.at(-1)?.event?.payload).toMatchObject({ action: 'provide_info', dueAtBefore: receipt.dueAt, dueAt: newDue });
    socket.terminate();
  });

  it('lets the citizen withdraw, after which no handler step is possible', async () => {
    const receipt = (await submit()).json<Receipt>();
    const withdrawn = await platform.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${receipt.trackingCode}/citizen-actions/withdraw`,
      headers: { authorization: `Bearer ${receipt.accessToken}` },
    });
    expect(withdrawn.statusCode).toBe(200);
    expect(withdrawn.json().status).toBe('withdrawn');
    const ended = await platform.app.inject({ method: 'GET', url: `/api/v1/cases/${receipt.trackingCode}`, headers: { authorization: `Bearer ${receipt.accessToken}` } });
    expect(ended.json()).toMatchObject({ status: 'withdrawn', outcome: 'withdrawn' });
    const handler = await staffHeaders(platform.app, 'handler');
    const claim = await platform.app.inject({ method: 'POST', url: `/api/v1/cases/${receipt.caseId}/actions/claim`, headers: handler });
    expect(claim.statusCode).toBe(409);
    expect(claim.json().message).toMatch(/finished/);
  });
});

describe('personal data in the workflow engine', () => {
  it('never rests in clear in the case’s Temporal history', async () => {
    const receipt = (await submit()).json<Receipt>();
    const row = await platform.prisma.case.findUniqueOrThrow({ where: { id: receipt.caseId } });
    const raw = await platform.temporal.workflowService.getWorkflowExecutionHistory({
      namespace: platform.temporal.options.namespace,
      execution: { workflowId: row.workflowId },
    });
    const bytes = Buffer.from(temporal.api.history.v1.History.encode(raw.history ?? {}).finish());
    const events = raw.history?.events ?? [];
    expect(events.length).toBeGreaterThan(2);
    for (const secret of [APPLICANT.nationalId, APPLICANT.phone, APPLICANT.fullName]) {
      expect(bytes.includes(Buffer.from(secret))).toBe(false);
      expect(bytes.includes(Buffer.from(Buffer.from(secret).toString('base64')))).toBe(false);
    }
    // …while the workflow itself reads its input as usual.
    const view = await platform.temporal.workflow.getHandle(row.workflowId).query(caseViewQuery);
    expect(view.trackingCode).toBe(receipt.trackingCode);
  });
});

describe('idempotent submission', () => {
  it('returns the same case, tracking code and token when a submission is retried with its key', async () => {
    const key = `retry-${Date.now()}-abcdef`;
    const first = await submit(undefined, { 'idempotency-key': key });
    const second = await submit(undefined, { 'idempotency-key': key });
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    const a = first.json<Receipt>();
    const b = second.json<Receipt>();
    expect(b).toEqual(a);
    expect(await platform.prisma.case.count({ where: { trackingCode: a.trackingCode } })).toBe(1);
  });

  it('refuses a key reused for a different request and keeps the first case untouched', async () => {
    const key = `reuse-${Date.now()}-abcdef`;
    const first = (await submit(undefined, { 'idempotency-key': key })).json<Receipt>();
    const other = await submit({ serviceId, applicant: { ...APPLICANT, fullName: 'Youssef Benali' } }, { 'idempotency-key': key });
    expect(other.statusCode).toBe(409);
    expect(other.json().code).toBe('idempotency_key_reused');
    const stored = await platform.prisma.case.findUniqueOrThrow({ where: { id: first.caseId } });
    expect(stored.applicant).toMatchObject({ fullName: APPLICANT.fullName });
  });

  it('without a key, two identical submissions are two cases', async () => {
    const a = (await submit()).json<Receipt>();
    const b = (await submit()).json<Receipt>();
    expect(a.caseId).not.toBe(b.caseId);
  });
});
