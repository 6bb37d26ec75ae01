import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { ApplicationFailure } from '@temporalio/common';
import { makeFlagCaseForAttention } from '../../activities/case-attention.js';
import { makeRecordCaseEvent } from '../../activities/record-case-event.js';
import { makeReconcileReadModel } from '../../activities/reconcile-read-model.js';
import { RECORD_REJECTED, type CaseEventRecord, type CaseProjection } from '../../domain/cases/case-event.js';
import { notices } from '../../domain/cases/notices.js';
import { createPrisma, type PrismaClient } from '../../platform/prisma.js';

let prisma: PrismaClient;
let recordCaseEvent: ReturnType<typeof makeRecordCaseEvent>;
let reconcileReadModel: ReturnType<typeof makeReconcileReadModel>;
let flagCaseForAttention: ReturnType<typeof makeFlagCaseForAttention>;
let service: { id: string; entityId: string };

beforeAll(async () => {
  prisma = createPrisma(inject('databaseUrl'));
  const deps = { prisma, log: pino({ level: 'silent' }) };
  recordCaseEvent = makeRecordCaseEvent(deps);
  reconcileReadModel = makeReconcileReadModel(deps);
  flagCaseForAttention = makeFlagCaseForAttention(deps);
  service = await prisma.service.findFirstOrThrow({ where: { code: 'CASIER-JUDICIAIRE' } });
});
afterAll(() => prisma?.$disconnect());

function submittedEvent(caseId: string): CaseEventRecord {
  const at = new Date().toISOString();
  return {
    caseId,
    entityId: service.entityId,
    notices: [{ audience: 'citizen', message: { fr: 'Demande reçue', ar: 'تم استلام الطلب', en: 'Request received' } }],
    seq: 1,
    type: 'submitted',
    actor: 'citizen',
    occurredAt: at,
    payload: { to: 'submitted' },
    projection: { status: 'submitted', assigneeId: null, slaState: 'on_track', dueAt: null, explanation: null, closedAt: null },
    submission: {
      workflowId: `wf-${caseId}`,
      trackingCode: `T-${caseId}`,
      caseType: 'document_request',
      entityId: service.entityId,
      serviceId: service.id,
      officeId: null,
      applicant: { fullName: 'Test' },
      details: {},
      submittedAt: at,
      idempotencyKeyHash: null,
      requestFingerprint: 'fingerprint',
    },
  };
}

describe('recording a case event', () => {
  it('writes the projection and its event once, however often a retry delivers it', async () => {
    const caseId = randomUUID();
    const submitted = submittedEvent(caseId);
    expect(await recordCaseEvent(submitted)).toEqual({ written: true, retracted: 0, calendarRevision: expect.any(Number) });
    const step: CaseEventRecord = {
      ...submittedEvent(caseId),
      seq: 2,
      type: 'transition',
      actor: 'staff:handler',
      payload: { action: 'claim' },
      projection: { status: 'in_review', assigneeId: null, slaState: 'on_track', dueAt: null, explanation: null, closedAt: null },
    };
    delete step.submission;
    const results = await Promise.all([recordCaseEvent(step), recordCaseEvent(step), recordCaseEvent(step)]);
    expect(results.filter((r) => r.written)).toHaveLength(1);
    expect(await recordCaseEvent(submitted)).toMatchObject({ written: false, retracted: 0 });

    const events = await prisma.caseEvent.findMany({ where: { caseId }, orderBy: { id: 'asc' } });
    expect(events.map((e) => [e.seq, e.status])).toEqual([
      [1, 'submitted'],
      [2, 'in_review'],
    ]);
    const row = await prisma.case.findUniqueOrThrow({ where: { id: caseId } });
    expect(row).toMatchObject({ status: 'in_review', lastSeq: 2 });
    const notifications = await prisma.notification.findMany({ where: { caseId }, orderBy: { eventSeq: 'asc' } });
    expect(notifications.map((n) => [n.eventSeq, n.audience])).toEqual([
      [1, 'citizen'],
      [2, 'citizen'],
    ]);
  });

  it("queues each notice's deliveries once, with the event, however often a retry records it", async () => {
    const caseId = randomUUID();
    const submitted = submittedEvent(caseId);
    submitted.submission!.applicant = { fullName: 'Test', phone: '+212600000000', email: 'test@exemple.test', language: 'en', contactBy: ['email', 'sms'] };
    await recordCaseEvent(submitted);
    const handler = await prisma.staffUser.findUniqueOrThrow({ where: { username: 'handler' } });
    const breach: CaseEventRecord = {
      ...stepEvent(caseId, 2, 'breach', 'submitted', 'system'),
      projection: { ...projectionIn('submitted'), assigneeId: handler.id },
      notices: notices.breach(`T-${caseId}`, null, 'Africa/Casablanca'),
    };
    await Promise.all([recordCaseEvent(breach), recordCaseEvent(breach), recordCaseEvent(breach), recordCaseEvent(submitted)]);
    const deliveries = await prisma.noticeDelivery.findMany({ where: { notification: { caseId } }, include: { notification: true }, orderBy: { id: 'asc' } });
    expect(deliveries.map((d) => [d.notification.eventSeq, d.channel, d.recipientKind, d.recipientRef, d.language, d.state])).toEqual([
      [1, 'email', 'citizen', caseId, 'en', 'pending'],
      [1, 'sms', 'citizen', caseId, 'en', 'pending'],
      [2, 'email', 'staff', handler.id, 'fr', 'pending'],
    ]);
  });

  it('makes events visible in the order of their global id, even when written concurrently', async () => {
    const ids = Array.from({ length: 20 }, () => randomUUID());
    // A reader tailing the outbox by id, as the live feed does, must never find an event below one it has already seen.
    const seen = new Set<bigint>();
    const late: bigint[] = [];
    const poll = async () => {
      const rows = await prisma.caseEvent.findMany({ where: { caseId: { in: ids } }, select: { id: true } });
      const highest = [...seen].reduce((a, b) => (a > b ? a : b), 0n);
      for (const { id } of rows) {
        if (seen.has(id)) continue;
        if (id < highest) late.push(id);
        seen.add(id);
      }
    };
    let writing = true;
    const tail = (async () => {
      while (writing) await poll();
    })();
    await Promise.all(ids.map((id) => recordAsRetried(submittedEvent(id)))).finally(() => (writing = false));
    await tail;
    await poll();
    expect(seen.size).toBe(20);
    expect(late).toEqual([]);
  });
});

/**
 * Records as the worker does under load: a transaction that found no free connection in time
 * (Prisma's P2028) is an ordinary failure, which Temporal retries.
 */
async function recordAsRetried(event: CaseEventRecord, attempts = 5): ReturnType<typeof recordCaseEvent> {
  try {
    return await recordCaseEvent(event);
  } catch (err) {
    const noConnectionInTime = err instanceof Error && 'code' in err && err.code === 'P2028';
    if (!noConnectionInTime || attempts <= 1) throw err;
    return recordAsRetried(event, attempts - 1);
  }
}

function projectionIn(status: string): CaseProjection {
  return { status, assigneeId: null, slaState: 'on_track', dueAt: null, explanation: null, closedAt: null };
}

/** A step of the case after its submission. */
function stepEvent(caseId: string, seq: number, action: string, status: string, actor = 'staff:handler'): CaseEventRecord {
  const { submission: _none, ...event } = submittedEvent(caseId);
  return { ...event, seq, type: 'transition', actor, payload: { action, to: status }, projection: projectionIn(status) };
}

async function outbox(caseId: string) {
  const events = await prisma.caseEvent.findMany({ where: { caseId }, orderBy: { seq: 'asc' } });
  return events.map((e) => `${e.seq}:${(e.payload as { action?: string }).action ?? e.type}`);
}

/** The main clock's warning at `fraction` of its budget (the service's warnings: 0.5, 0.75, 0.9). */
function warningEvent(caseId: string, seq: number, fraction: number): CaseEventRecord {
  const { submission: _none, ...event } = submittedEvent(caseId);
  const clock = { clock: 'decision', state: 'warning' as const, startedAt: event.occurredAt, dueAt: null, paused: false, stoppedAt: null, breachedAt: null, escalationLevel: 0, explanation: null };
  return { ...event, seq, type: 'sla_warning', actor: 'system', payload: { fraction }, projection: { ...projectionIn('in_review'), slaState: 'warning', clocks: [clock] } };
}

const lastWarningAt = async (caseId: string) => (await prisma.caseClock.findUniqueOrThrow({ where: { caseId_clock: { caseId, clock: 'decision' } } })).lastWarningAt;

describe('a warning', () => {
  it('marks its clock at risk when it is the service’s last, and no longer once a reconciliation takes it back', async () => {
    const caseId = randomUUID();
    await recordCaseEvent(submittedEvent(caseId));
    await recordCaseEvent(warningEvent(caseId, 2, 0.5));
    expect(await lastWarningAt(caseId)).toBeNull();
    const last = warningEvent(caseId, 3, 0.9);
    await recordCaseEvent(last);
    expect(await lastWarningAt(caseId)).toEqual(new Date(last.occurredAt));

    expect(await reconcileReadModel({ caseId, lastSeq: 2, projection: projectionIn('in_review') })).toEqual({ retracted: 1 });
    expect(await lastWarningAt(caseId)).toBeNull();
  });
});

describe('an event the workflow never made durable', () => {
  it('is replaced, with every later one, by the durable step of the same seq, and kept apart for audit', async () => {
    const caseId = randomUUID();
    await recordCaseEvent(submittedEvent(caseId));
    // What an earlier version could leave behind: two steps written before Temporal held them.
    await recordCaseEvent(stepEvent(caseId, 2, 'claim', 'in_review'));
    await recordCaseEvent(stepEvent(caseId, 3, 'approve', 'in_production'));

    const durable = stepEvent(caseId, 2, 'withdraw', 'withdrawn', 'citizen');
    expect(await recordCaseEvent(durable)).toEqual({ written: true, retracted: 2 });
    expect(await recordCaseEvent(durable)).toEqual({ written: false, retracted: 0 });

    expect(await outbox(caseId)).toEqual(['1:submitted', '2:withdraw']);
    const row = await prisma.case.findUniqueOrThrow({ where: { id: caseId } });
    expect(row).toMatchObject({ status: 'withdrawn', lastSeq: 2 });
    const retracted = await prisma.caseEventRetracted.findMany({ where: { caseId }, orderBy: { seq: 'asc' } });
    expect(retracted.map((e) => [e.seq, (e.payload as { action: string }).action])).toEqual([
      [2, 'claim'],
      [3, 'approve'],
    ]);
    const notified = await prisma.notification.findMany({ where: { caseId, eventSeq: { gte: 2 } } });
    expect(notified.map((n) => [n.eventSeq, n.audience])).toEqual([[2, 'citizen']]);
  });

  it('is taken back when a resumed workflow reconciles, and the projection returns to the durable state', async () => {
    const caseId = randomUUID();
    await recordCaseEvent(submittedEvent(caseId));
    await recordCaseEvent(stepEvent(caseId, 2, 'claim', 'in_review'));
    await recordCaseEvent(stepEvent(caseId, 3, 'reject', 'rejected'));

    expect(await reconcileReadModel({ caseId, lastSeq: 2, projection: projectionIn('in_review') })).toEqual({ retracted: 1 });
    expect(await reconcileReadModel({ caseId, lastSeq: 2, projection: projectionIn('in_review') })).toEqual({ retracted: 0 });
    expect(await outbox(caseId)).toEqual(['1:submitted', '2:claim']);
    expect(await prisma.case.findUniqueOrThrow({ where: { id: caseId } })).toMatchObject({ status: 'in_review', lastSeq: 2 });
  });
});

describe('an event the database can never accept', () => {
  it('fails at once as non-retryable, writing nothing, and the case can be flagged for staff', async () => {
    const caseId = randomUUID();
    await recordCaseEvent(submittedEvent(caseId));
    const poisoned = { ...stepEvent(caseId, 2, 'request_info', 'awaiting_citizen'), payload: { message: 'nul \u0000 byte' } };
    const failure = await recordCaseEvent(poisoned).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ type: RECORD_REJECTED, nonRetryable: true });
    expect(await outbox(caseId)).toEqual(['1:submitted']);

    const at = new Date().toISOString();
    expect(await flagCaseForAttention({ caseId, entityId: service.entityId, seq: 2, reason: 'refused', at, notices: notices.needsAttention('T') })).toEqual({
      flagged: true,
    });
    const row = await prisma.case.findUniqueOrThrow({ where: { id: caseId } });
    expect(row).toMatchObject({ attentionReason: 'refused', attentionSince: new Date(at), status: 'submitted' });
    const told = await prisma.notification.findMany({ where: { caseId, kind: 'needs_attention' } });
    expect(told.map((n) => n.audience)).toEqual(['head_of_service']);
  });
});
