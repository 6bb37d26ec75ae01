import { recordOutcome } from './case-outcome.js';
import { Prisma } from '../prisma/generated/client.js';
import { CASE_EVENT_CHANNEL, type CaseEventRecord, type CaseProjection, type ClockProjection } from '../domain/cases/case-event.js';
import type { PrismaClient } from '../platform/prisma.js';
import { readCalendarRevision } from './case-setup.js';
import { bookHeldSeat } from './slot-seats.js';
import { queueNoticeDeliveries } from './notice-deliveries.js';
import { recordFirstFreeSlot, recordTargetDueDates, workingDaysToClose } from './case-figures.js';
import { lastWarningsFromEvents, recordLastWarning } from './last-warnings.js';

/**
 * Every case_event insert takes this transaction-scoped lock, so events become visible in the
 * order of their global id and a reader tailing `id > last` can never skip one that commits late.
 */
export const OUTBOX_ORDER_LOCK = 7_316_001;

/** The first key of the per-case lock recordings of one case take (the second is the case id's hash). */
export const CASE_RECORDING_LOCK = 7_316_002;

type Tx = Prisma.TransactionClient;

export interface RecordOutcome {
  /** false when the very same event was already there: a retry */
  written: boolean;
  /** events the read model held from this seq on that the workflow never made durable, now retracted */
  retracted: number;
  calendarRevision?: number;
}

/** The case row's columns that mirror the workflow's state. */
export function projectionColumns(projection: CaseProjection) {
  return {
    ...(projection.outcome !== undefined ? { outcome: projection.outcome } : {}),
    ...(projection.escalationLevel !== undefined ? { escalationLevel: projection.escalationLevel } : {}),
    ...(projection.facts !== undefined ? { facts: projection.facts as Prisma.InputJsonObject } : {}),
    status: projection.status,
    assigneeId: projection.assigneeId,
    slaState: projection.slaState,
    dueAt: projection.dueAt ? new Date(projection.dueAt) : null,
    explanation: (projection.explanation ?? undefined) as object | undefined,
    closedAt: projection.closedAt ? new Date(projection.closedAt) : null,
  };
}

/** JSON with sorted keys: jsonb does not keep key order, so two equal payloads are compared this way. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v,
  );
}

function sameEvent(stored: { type: string; status: string; actor: string; payload: unknown; occurredAt: Date }, event: CaseEventRecord): boolean {
  return (
    stored.type === event.type &&
    stored.status === event.projection.status &&
    stored.actor === event.actor &&
    stored.occurredAt.getTime() === Date.parse(event.occurredAt) &&
    canonical(stored.payload) === canonical(event.payload)
  );
}

/**
 * Takes the case's events from `seq` on out of the outbox (and their notices), keeping them for
 * audit: the workflow, which is durable, holds other steps there.
 */
export async function retractEventsFrom(tx: Tx, caseId: string, seq: number, reason: string): Promise<number> {
  const moved = await tx.$executeRaw`
    WITH gone AS (DELETE FROM case_event WHERE case_id = ${caseId}::uuid AND seq >= ${seq} RETURNING *)
    INSERT INTO case_event_retracted (id, case_id, seq, type, status, actor, payload, occurred_at, retracted_at, reason)
    SELECT id, case_id, seq, type, status, actor, payload, occurred_at, now(), ${reason} FROM gone`;
  await tx.notification.deleteMany({ where: { caseId, eventSeq: { gte: seq } } });
  // A retracted warning no longer puts its clock at risk.
  if (moved > 0) await tx.$executeRaw(lastWarningsFromEvents(Prisma.sql`c.id = ${caseId}::uuid`));
  return moved;
}

/** Where the store says what it did: pino, or a Fastify request's logger. */
export interface StoreLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

/**
 * Writes the projection and its event in one transaction, once the step it records is durable in
 * Temporal (the worker's recording activity, scheduled by the completed workflow task; the API
 * for a submission, once the workflow's start is acknowledged). A repeat of the same event changes
 * nothing; another event found at the same (case, seq) was written by an earlier version before
 * its step was durable, and is retracted in favour of this one.
 */
export async function writeCaseEvent(
  deps: { prisma: PrismaClient; log: StoreLog },
  event: CaseEventRecord,
  options: { firstWrite?: boolean } = {},
): Promise<RecordOutcome> {
  const { prisma, log } = deps;
  // A repeat (the worker recording what the API already did, or a retried attempt) is told apart
  // before any transaction or lock: it changes nothing. The API's write of a new case is no repeat.
  if (!options.firstWrite) {
    const stored = await prisma.caseEvent.findUnique({ where: { caseId_seq: { caseId: event.caseId, seq: event.seq } } });
    if (stored && sameEvent(stored, event)) return { written: false, retracted: 0 };
  }
  const outcome = await prisma.$transaction(async (tx) => {
    // Recordings of one case (the API's and the worker's of a submission, retries) take turns; other cases do not wait.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${CASE_RECORDING_LOCK}, hashtext(${event.caseId}))`;
    // A row this transaction creates has no events yet, and already holds the projection.
    const created = event.submission ? await createCaseRow(tx, event) : false;
    const existing = created ? null : await tx.caseEvent.findUnique({ where: { caseId_seq: { caseId: event.caseId, seq: event.seq } } });
    if (existing && sameEvent(existing, event)) return { written: false, retracted: 0 };
    let retracted = 0;
    if (existing) {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${OUTBOX_ORDER_LOCK})`;
      retracted = await retractEventsFrom(tx, event.caseId, event.seq, 'replaced by the durable step of the same seq');
    }
    await writeEvent(tx, event, { rowWritten: created });
    // Events of workflows older than named clocks carry no outcome: it is read off the status by the definition.
    // It changes only when a case ends, or when retracted phantoms had ended it.
    if (event.projection.outcome === undefined && (event.projection.closedAt !== null || retracted > 0)) await recordOutcome(tx, event.caseId);
    return { written: true, retracted };
  });
  const fields = { caseId: event.caseId, seq: event.seq, type: event.type, actor: event.actor, ...outcome };
  if (outcome.retracted > 0) log.warn(fields, 'read model held steps its workflow never made durable: retracted');
  else if (outcome.written) log.info(fields, 'case event recorded');
  // Read after the commit that made the case visible: a holiday change committed before it is seen
  // here, and one committed after it finds this case's row when it looks for the cases to tell. A
  // later repeat of the same submission says nothing: the row was visible since the first write.
  return event.submission && outcome.written ? { ...outcome, calendarRevision: await readCalendarRevision(prisma) } : outcome;
}

/** The case's row, with the projection of its first event; false when it was already there. */
async function createCaseRow(tx: Tx, event: CaseEventRecord): Promise<boolean> {
  const submission = event.submission!;
  const created = await tx.case.createMany({
    data: [
      {
        id: event.caseId,
        workflowId: submission.workflowId,
        trackingCode: submission.trackingCode,
        caseType: submission.caseType,
        entityId: event.entityId,
        serviceId: submission.serviceId,
        officeId: submission.officeId,
        idempotencyKeyHash: submission.idempotencyKeyHash,
        requestFingerprint: submission.requestFingerprint,
        applicant: submission.applicant,
        details: submission.details as Prisma.InputJsonObject,
        originCaseId: submission.originCaseId ?? null,
        ...projectionColumns(event.projection),
        submittedAt: new Date(submission.submittedAt),
        updatedAt: new Date(event.occurredAt),
        lastSeq: event.seq,
      },
    ],
    skipDuplicates: true,
  });
  // The seat held for the submission is booked with the case, or the case is not recorded at all.
  if (created.count === 1 && submission.seat) {
    await bookHeldSeat(tx, { caseId: event.caseId, ...submission.seat });
    await recordFirstFreeSlot(tx, event.caseId, submission.seat.slotId);
  }
  return created.count === 1;
}

/**
 * The case's row (unless `rowWritten`: just created with it), clocks, notices and their queued deliveries first; then, under the lock that orders the outbox, the event
 * itself: the lock is held only for the insert and the commit, so recordings of different cases
 * wait on each other as little as possible.
 */
async function writeEvent(tx: Tx, event: CaseEventRecord, options: { rowWritten: boolean }): Promise<void> {
  const { projection } = event;
  if (event.notices.length > 0) {
    const notices = await tx.notification.createManyAndReturn({
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
      select: { id: true, audience: true },
    });
    await queueNoticeDeliveries(tx, event, notices);
  }
  // A closing, or a reopening, changes the time to close: written in the statement that writes the
  // close, so the statistics' triggers count the close once, with its working days.
  const closing =
    projection.closedAt !== null || event.type === 'transition'
      ? { workingDaysToClose: await workingDaysToClose(tx, { caseId: event.caseId, entityId: event.entityId, closedAt: projection.closedAt }) }
      : {};
  if (!options.rowWritten) {
    await tx.case.update({
      where: { id: event.caseId },
      // The entity moves with a transfer: the events carry the one the case is at.
      data: { ...projectionColumns(projection), ...closing, entityId: event.entityId, updatedAt: new Date(event.occurredAt), lastSeq: event.seq },
    });
  } else if (closing.workingDaysToClose != null) {
    // The row was just written with the projection, without working days.
    await tx.case.update({ where: { id: event.caseId }, data: closing });
  }
  await writeClocks(tx, event.caseId, projection.clocks ?? []);
  if (event.type === 'sla_warning') await recordLastWarning(tx, event.caseId, event.payload, event.occurredAt);
  // Only running clocks can gain or move a target; a closing, or a reopening, changes the time to close.
  const running = (projection.clocks ?? []).filter((c) => c.state !== 'stopped' && c.state !== 'not_started');
  if (running.length > 0) await recordTargetDueDates(tx, event.caseId, running);
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${OUTBOX_ORDER_LOCK})`;
  await tx.caseEvent.create({
    data: {
      caseId: event.caseId,
      seq: event.seq,
      type: event.type,
      status: projection.status,
      actor: event.actor,
      payload: event.payload as object,
      occurredAt: new Date(event.occurredAt),
    },
  });
  await tx.$executeRaw`SELECT pg_notify(${CASE_EVENT_CHANNEL}, ${event.caseId})`;
}

const at = (instant: string | null) => (instant ? new Date(instant) : null);

/** One row per named clock, all in one statement; a breach once recorded is kept, whatever later events say. */
async function writeClocks(tx: Tx, caseId: string, clocks: ClockProjection[]): Promise<void> {
  if (clocks.length === 0) return;
  const rows = clocks.map(
    (c) =>
      Prisma.sql`(${caseId}::uuid, ${c.clock}, ${c.state}, ${at(c.startedAt)}, ${at(c.dueAt)}, ${c.paused}, ${at(c.stoppedAt)}, ${at(c.breachedAt)}, ${c.escalationLevel}, ${c.explanation === null ? null : JSON.stringify(c.explanation)}::jsonb)`,
  );
  await tx.$executeRaw`
    INSERT INTO case_clock (case_id, clock, state, started_at, due_at, paused, stopped_at, breached_at, escalation_level, explanation)
    VALUES ${Prisma.join(rows)}
    ON CONFLICT (case_id, clock) DO UPDATE SET
      state = EXCLUDED.state, started_at = EXCLUDED.started_at, due_at = EXCLUDED.due_at, paused = EXCLUDED.paused,
      stopped_at = EXCLUDED.stopped_at, breached_at = COALESCE(case_clock.breached_at, EXCLUDED.breached_at),
      escalation_level = EXCLUDED.escalation_level, explanation = EXCLUDED.explanation`;
}
