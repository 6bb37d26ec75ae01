import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EscalationLevelKey, SlaStateKey } from '../../workflows/search-attributes.js';
import { APPLICANT, createTestService, staffToken, startPlatform, type TestPlatform, staffHeaders } from '../support/platform.js';
import type { SlaPolicy } from '../../domain/sla/policy.js';

let platform: TestPlatform;
let handler: Record<string, string>;

beforeAll(async () => {
  platform = await startPlatform();
  handler = await staffHeaders(platform.app, 'handler');
});
afterAll(() => platform?.close());

async function submitTo(policy: Partial<SlaPolicy> & Pick<SlaPolicy, 'budget'>) {
  const service = await createTestService(platform.prisma, policy);
  const res = await platform.app.inject({ method: 'POST', url: '/api/v1/cases', payload: { serviceId: service.id, applicant: APPLICANT } });
  expect(res.statusCode).toBe(201);
  return res.json<{ caseId: string; trackingCode: string; accessToken: string; dueAt: string }>();
}

async function eventsOf(caseId: string) {
  return platform.prisma.caseEvent.findMany({ where: { caseId }, orderBy: { seq: 'asc' } });
}

/** Polls the outbox until `done` holds for the case's events; the workflow's timers run in real time. */
async function waitForEvents(caseId: string, done: (types: string[]) => boolean, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const events = await eventsOf(caseId);
    if (done(events.map((e) => e.type))) return events;
    if (Date.now() > deadline) throw new Error(`events so far: ${events.map((e) => e.type).join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const act = (caseId: string, action: string, payload: object = {}) =>
  platform.app.inject({ method: 'POST', url: `/api/v1/cases/${caseId}/actions/${action}`, headers: handler, payload });

describe('warnings, breach and the escalation ladder', () => {
  it('raises each warning, then the breach, then every escalation level, in order and in the search attributes', async () => {
    const c = await submitTo({
      budget: { unit: 'duration', iso: 'PT2S' },
      warnAt: [0.5],
      escalation: [
        { after: { iso: 'PT1S' }, notify: 'head_of_service' },
        { after: { iso: 'PT2S' }, notify: 'manager' },
      ],
    });
    const events = await waitForEvents(c.caseId, (types) => types.filter((t) => t === 'escalated').length === 2);
    expect(events.map((e) => e.type)).toEqual(['submitted', 'sla_warning', 'sla_breached', 'escalated', 'escalated']);
    expect(events.map((e) => e.payload)).toMatchObject([
      {},
      { fraction: 0.5, notify: 'handler' },
      { notify: 'handler', dueAt: c.dueAt },
      { level: 1, notify: 'head_of_service' },
      { level: 2, notify: 'manager' },
    ]);
    const breachedAt = events[2]!.occurredAt.getTime();
    expect(breachedAt).toBeGreaterThanOrEqual(Date.parse(c.dueAt));
    expect(events[3]!.occurredAt.getTime()).toBeGreaterThanOrEqual(Date.parse(c.dueAt) + 1000);
    expect(events[4]!.occurredAt.getTime()).toBeGreaterThanOrEqual(Date.parse(c.dueAt) + 2000);

    const row = await platform.prisma.case.findUniqueOrThrow({ where: { id: c.caseId } });
    expect(row.slaState).toBe('breached');
    // The search attributes follow the recorded event (the workflow sets them once it is written).
    const handle = platform.temporal.workflow.getHandle(row.workflowId);
    let attributes = (await handle.describe()).typedSearchAttributes;
    for (const until = Date.now() + 10_000; attributes.get(EscalationLevelKey) !== 2 && Date.now() < until; ) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      attributes = (await handle.describe()).typedSearchAttributes;
    }
    expect(attributes.get(SlaStateKey)).toBe('breached');
    expect(attributes.get(EscalationLevelKey)).toBe(2);

    const view = await platform.app.inject({ method: 'GET', url: `/api/v1/cases/${c.trackingCode}`, headers: { authorization: `Bearer ${c.accessToken}` } });
    expect(view.json()).toMatchObject({ sla: { state: 'breached', escalationLevel: 2 } });
    // The clock keeps when it was missed: its due instant.
    expect(view.json()).toMatchObject({ deadlines: [{ clock: 'decision', state: 'breached', breachedAt: c.dueAt }] });
  });

  it('raises nothing once the document is ready in time, and stops the clock', async () => {
    const c = await submitTo({ budget: { unit: 'duration', iso: 'PT3S' }, warnAt: [0.9] });
    for (const step of ['claim', 'approve', 'mark_ready']) expect((await act(c.caseId, step)).statusCode).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 3500));
    const events = await eventsOf(c.caseId);
    expect(events.map((e) => `${e.type}:${e.status}`)).toEqual([
      'submitted:submitted',
      'transition:in_review',
      'transition:in_production',
      'transition:ready',
    ]);
    const row = await platform.prisma.case.findUniqueOrThrow({ where: { id: c.caseId } });
    expect(row.slaState).toBe('stopped');
    const description = await platform.temporal.workflow.getHandle(row.workflowId).describe();
    expect(description.status.name).toBe('RUNNING');
    expect(description.typedSearchAttributes.get(SlaStateKey)).toBe('stopped');
  });
});

describe('the one extension of a deadline', () => {
  it('is granted once with a reason the citizen sees, and refused a second time', async () => {
    const c = await submitTo({ budget: { unit: 'duration', iso: 'PT1M' }, extension: { unit: 'duration', iso: 'PT1M' } });
    await act(c.caseId, 'claim');
    const before = await platform.app.inject({ method: 'GET', url: `/api/v1/cases/by-id/${c.caseId}`, headers: handler });
    expect(before.json<{ availableActions: string[] }>().availableActions).toEqual(['request_info', 'approve', 'reject', 'extend_deadline']);
    const noReason = await act(c.caseId, 'extend_deadline', {});
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().message).toMatch(/reason/);
    // Law 55-19: only for an expertise or a public inquiry.
    const otherReason = await act(c.caseId, 'extend_deadline', { reason: 'Consultation d’un autre service nécessaire' });
    expect(otherReason.statusCode).toBe(400);
    expect(otherReason.json()).toMatchObject({ details: { field: 'body.reason' } });

    const extended = await act(c.caseId, 'extend_deadline', { reason: 'expertise', message: 'Une expertise du terrain est demandée.' });
    expect(extended.statusCode).toBe(200);
    expect(Date.parse(extended.json().dueAt) - Date.parse(c.dueAt)).toBe(60_000);

    const offered = async () =>
      (await platform.app.inject({ method: 'GET', url: `/api/v1/cases/by-id/${c.caseId}`, headers: handler })).json<{ availableActions: string[] }>()
        .availableActions;
    expect(await offered()).not.toContain('extend_deadline');
    const again = await act(c.caseId, 'extend_deadline', { reason: 'public_inquiry' });
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toMatch(/only one extension/);

    const citizenView = await platform.app.inject({
      method: 'GET',
      url: `/api/v1/cases/${c.trackingCode}`,
      headers: { authorization: `Bearer ${c.accessToken}` },
    });
    const timeline = citizenView.json<{ timeline: { type: string; payload: Record<string, unknown> }[] }>().timeline;
    expect(timeline.at(-1)).toMatchObject({
      type: 'deadline_extended',
      payload: { reason: 'expertise', message: 'Une expertise du terrain est demandée.', dueAtBefore: c.dueAt },
    });
    const notice = await platform.prisma.notification.findFirstOrThrow({ where: { caseId: c.caseId, kind: 'deadline_extended' } });
    expect(notice.message).toMatchObject({ fr: expect.stringContaining('Une expertise est nécessaire') });
  });

  it('is refused after the deadline, and where the service allows none', async () => {
    const late = await submitTo({ budget: { unit: 'duration', iso: 'PT1S' }, extension: { unit: 'duration', iso: 'PT1M' } });
    await waitForEvents(late.caseId, (types) => types.includes('sla_breached'));
    const refused = await act(late.caseId, 'extend_deadline', { reason: 'expertise' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().message).toMatch(/has passed/);

    const none = await submitTo({ budget: { unit: 'duration', iso: 'PT1M' } });
    const noExtension = await act(none.caseId, 'extend_deadline', { reason: 'public_inquiry' });
    expect(noExtension.statusCode).toBe(409);
    expect(noExtension.json().message).toMatch(/allows no extension/);
  });

  it('is refused after a breach even while the case waits for the citizen', async () => {
    const c = await submitTo({ budget: { unit: 'duration', iso: 'PT1S' }, extension: { unit: 'duration', iso: 'PT1H' } });
    await act(c.caseId, 'claim');
    await waitForEvents(c.caseId, (types) => types.includes('sla_breached'));
    expect((await act(c.caseId, 'request_info', { message: 'Pièce manquante' })).statusCode).toBe(200);
    const view = await platform.app.inject({ method: 'GET', url: `/api/v1/cases/by-id/${c.caseId}`, headers: handler });
    expect(view.json<{ availableActions: string[] }>().availableActions).not.toContain('extend_deadline');
    const refused = await act(c.caseId, 'extend_deadline', { reason: 'expertise' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().message).toMatch(/has passed/);
  });

  it('puts a case back on track when it moves the deadline past the warnings already raised', async () => {
    const c = await submitTo({ budget: { unit: 'duration', iso: 'PT2S' }, warnAt: [0.5], extension: { unit: 'duration', iso: 'PT1H' } });
    await act(c.caseId, 'claim');
    await waitForEvents(c.caseId, (types) => types.includes('sla_warning'));
    const extended = await act(c.caseId, 'extend_deadline', { reason: 'expertise' });
    expect(extended.statusCode).toBe(200);
    expect(extended.json().sla).toEqual({ state: 'on_track', escalationLevel: 0 });
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect((await eventsOf(c.caseId)).map((e) => e.type)).not.toContain('sla_breached');
  });

  it('cannot be asked for by the citizen', async () => {
    const c = await submitTo({ budget: { unit: 'duration', iso: 'PT1M' }, extension: { unit: 'duration', iso: 'PT1M' } });
    const res = await platform.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${c.trackingCode}/citizen-actions/extend_deadline`,
      headers: { authorization: `Bearer ${c.accessToken}` },
      payload: { reason: 'expertise' },
    });
    expect(res.statusCode).toBe(403);
  });
});

describe('silence at the deadline', () => {
  it('records the implicit refusal the law attaches to it', async () => {
    const c = await submitTo({ budget: { unit: 'duration', iso: 'PT1S' }, silence: 'implicit_refusal', legalBasis: 'Loi 31-13' });
    const events = await waitForEvents(c.caseId, (types) => types.includes('implicit_decision'));
    expect(events.map((e) => e.type)).toEqual(['submitted', 'sla_breached', 'implicit_decision']);
    expect(events.at(-1)?.payload).toMatchObject({ effect: 'implicit_refusal', legalBasis: 'Loi 31-13' });
  });

  it('makes a request deemed accepted where silence is acceptance, and the case ends so', async () => {
    const c = await submitTo({ budget: { unit: 'duration', iso: 'PT1S' }, silence: 'implicit_acceptance', legalBasis: 'Loi 55-19, art. 9' });
    const events = await waitForEvents(c.caseId, (types) => types.includes('transition'));
    expect(events.map((e) => e.type)).toEqual(['submitted', 'sla_breached', 'transition']);
    expect(events.at(-1)).toMatchObject({ actor: 'system', status: 'deemed_accepted', payload: { action: 'deem_accepted', from: 'submitted', to: 'deemed_accepted' } });
    const row = await platform.prisma.case.findUniqueOrThrow({ where: { id: c.caseId } });
    expect(row).toMatchObject({ status: 'deemed_accepted', outcome: 'deemed_accepted' });
    expect(row.closedAt).not.toBeNull();
    const notice = await platform.prisma.notification.findFirstOrThrow({ where: { caseId: c.caseId, eventSeq: 3 } });
    expect(notice.message).toMatchObject({ fr: expect.stringContaining('attestation') });
  });
});

describe('notifications', () => {
  it('tells the handler of warnings and breaches, each escalation level its role, and the citizen of each step', async () => {
    const c = await submitTo({
      budget: { unit: 'duration', iso: 'PT1S' },
      warnAt: [0.5],
      escalation: [
        { after: { iso: 'PT1S' }, notify: 'head_of_service' },
        { after: { iso: 'PT2S' }, notify: 'manager' },
      ],
    });
    await waitForEvents(c.caseId, (types) => types.filter((t) => t === 'escalated').length === 2);
    const rows = await platform.prisma.notification.findMany({ where: { caseId: c.caseId }, orderBy: [{ eventSeq: 'asc' }, { audience: 'asc' }] });
    expect(rows.map((n) => [n.kind, n.audience])).toEqual([
      ['submitted', 'citizen'],
      ['sla_warning', 'handler'],
      ['sla_breached', 'handler'],
      ['escalated', 'head_of_service'],
      ['escalated', 'manager'],
    ]);
    expect((rows[1]!.message as { fr: string }).fr).toContain(`${c.trackingCode} : 50 %`);

    const inbox = async (username: string) => {
      const token = await staffToken(platform.app, username);
      const res = await platform.app.inject({ method: 'GET', url: '/api/v1/notifications?unread=true&limit=200', headers: { authorization: `Bearer ${token}` } });
      expect(res.statusCode).toBe(200);
      return { token, items: res.json<{ items: { id: string; caseId: string; kind: string; audience: string }[] }>().items.filter((n) => n.caseId === c.caseId) };
    };
    expect((await inbox('handler')).items.map((n) => n.kind).sort()).toEqual(['sla_breached', 'sla_warning']);
    const supervisor = await inbox('supervisor');
    expect(supervisor.items.map((n) => n.audience).sort()).toEqual(['handler', 'handler', 'head_of_service']);
    const manager = await inbox('manager');
    expect(manager.items.map((n) => n.kind)).toEqual(['escalated']);

    const read = await platform.app.inject({
      method: 'POST',
      url: `/api/v1/notifications/${manager.items[0]!.id}/read`,
      headers: { authorization: `Bearer ${manager.token}` },
    });
    expect(read.statusCode).toBe(204);
    expect((await inbox('manager')).items).toEqual([]);
    const notMine = await platform.app.inject({
      method: 'POST',
      url: `/api/v1/notifications/${supervisor.items[0]!.id}/read`,
      headers: { authorization: `Bearer ${manager.token}` },
    });
    expect(notMine.statusCode).toBe(404);
    const malformed = await platform.app.inject({ method: 'POST', url: '/api/v1/notifications/abc/read', headers: { authorization: `Bearer ${manager.token}` } });
    expect(malformed.statusCode).toBe(400);
    const anonymous = await platform.app.inject({ method: 'GET', url: '/api/v1/notifications' });
    expect(anonymous.statusCode).toBe(401);
    const badLimit = await platform.app.inject({ method: 'GET', url: '/api/v1/notifications?limit=9999', headers: { authorization: `Bearer ${manager.token}` } });
    expect(badLimit.statusCode).toBe(400);
  });
});
