import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { makeRecordCaseEvent } from '../../activities/record-case-event.js';
import type { CaseEventRecord } from '../../domain/cases/case-event.js';
import { createPrisma, type PrismaClient } from '../../scripts/runtime/prisma.js';

let prisma: PrismaClient;
let recordCaseEvent: ReturnType<typeof makeRecordCaseEvent>;
let service: { id: string; entityId: string };

beforeAll(async () => {
  prisma = createPrisma(inject('databaseUrl'));
  recordCaseEvent = makeRecordCaseEvent({ prisma, log: pino({ level: 'silent' }) });
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
    expect(await recordCaseEvent(submittedEvent(caseId))).toEqual({ written: true, calendarRevision: expect.any(Number) });
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
    expect(await recordCaseEvent(submittedEvent(caseId))).toMatchObject({ written: false });

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

  it('makes events visible in the order of their global id, even when written concurrently', async () => {
    const ids = Array.from({ length: 20 }, () => randomUUID());
    await Promise.all(ids.map((id) => recordCaseEvent(submittedEvent(id))));
    const events = await prisma.caseEvent.findMany({ where: { caseId: { in: ids } }, orderBy: { id: 'asc' } });
    expect(events).toHaveLength(20);
    const times = events.map((e) => e.id);
    expect(times).toEqual([...times].sort((a, b) => (a < b ? -1 : 1)));
  });
});
