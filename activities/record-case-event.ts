import { CASE_EVENT_CHANNEL, type CaseEventRecord } from '../domain/cases/case-event.js';
import type { ActivityDeps } from './deps.js';
import { readCalendarRevision } from './load-case-setup.js';

/**
 * Every case_event insert takes this transaction-scoped lock, so events become visible in the
 * order of their global id and a reader tailing `id > last` can never skip one that commits late.
 */
const OUTBOX_ORDER_LOCK = 7_316_001;

/** Writes the projection and its event in one transaction; a retry of an already written event changes nothing. */
export function makeRecordCaseEvent({ prisma, log }: ActivityDeps) {
  return async function recordCaseEvent(event: CaseEventRecord): Promise<{ written: boolean; calendarRevision?: number }> {
    const written = await prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${OUTBOX_ORDER_LOCK})`;
      const { submission, projection } = event;
      if (submission) {
        await tx.case.createMany({
          data: [
            {
              id: event.caseId,
              workflowId: submission.workflowId,
              trackingCode: submission.trackingCode,
              caseType: submission.caseType,
              entityId: submission.entityId,
              serviceId: submission.serviceId,
              officeId: submission.officeId,
              idempotencyKeyHash: submission.idempotencyKeyHash,
              requestFingerprint: submission.requestFingerprint,
              applicant: submission.applicant,
              details: submission.details,
              status: projection.status,
              submittedAt: new Date(submission.submittedAt),
              updatedAt: new Date(event.occurredAt),
              lastSeq: 0,
            },
          ],
          skipDuplicates: true,
        });
      }
      const inserted = await tx.caseEvent.createMany({
        data: [
          {
            caseId: event.caseId,
            seq: event.seq,
            type: event.type,
            status: projection.status,
            actor: event.actor,
            payload: event.payload as object,
            occurredAt: new Date(event.occurredAt),
          },
        ],
        skipDuplicates: true,
      });
      if (inserted.count === 0) return false;
      if (event.notices.length > 0) {
        await tx.notification.createMany({
          data: event.notices.map((notice) => ({
            caseId: event.caseId,
            entityId: event.entityId,
            eventSeq: event.seq,
            audience: notice.audience,
            kind: event.type,
            message: notice.message as object,
            createdAt: new Date(event.occurredAt),
          })),
          skipDuplicates: true,
        });
      }
      await tx.case.update({
        where: { id: event.caseId },
        data: {
          status: projection.status,
          assigneeId: projection.assigneeId,
          slaState: projection.slaState,
          dueAt: projection.dueAt ? new Date(projection.dueAt) : null,
          explanation: (projection.explanation ?? undefined) as object | undefined,
          closedAt: projection.closedAt ? new Date(projection.closedAt) : null,
          updatedAt: new Date(event.occurredAt),
          lastSeq: event.seq,
        },
      });
      await tx.$executeRaw`SELECT pg_notify(${CASE_EVENT_CHANNEL}, ${event.caseId})`;
      return true;
    });
    log.info({ caseId: event.caseId, seq: event.seq, type: event.type, actor: event.actor, written }, 'case event recorded');
    // Read after the commit: a holiday change committed before it is seen here, and one committed
    // after it finds this case's row when it looks for the cases to tell.
    return event.submission ? { written, calendarRevision: await readCalendarRevision(prisma) } : { written };
  };
}
