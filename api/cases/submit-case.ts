import { createHmac, randomUUID } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { openCase } from '../../domain/lifecycle/case-opening.js';
import { writeCaseEvent, type StoreLog } from '../../store/case-events.js';
import { caseCalendar, readCaseSetup, readSubmissionService, UnusableService, type CaseSetup } from '../../store/case-setup.js';
import { dropHold, SeatLost } from '../../store/slot-seats.js';
import { holdBookingSeat } from './seat-booking.js';
import { CASE_TASK_QUEUE } from '../../domain/cases/case-type.js';
import { caseDefinition } from '../../domain/cases/machines.js';
import type { CaseView } from '../../domain/cases/case-view.js';
import { statusLabel } from '../../domain/cases/status-labels.js';
import type { PrismaClient } from '../../platform/prisma.js';
import { calendarChangedSignal, receiptUpdate, submissionOf, type CaseWorkflowInput } from '../../workflows/messages.js';
import { caseIdentityAttributes } from '../../workflows/search-attributes.js';
import { CALENDAR_UPDATED } from '../../domain/cases/notices.js';
import { DependencyUnavailable, IdempotencyKeyReused, InvalidInput, SlotFull } from '../errors.js';
import { payloadProblem } from '../../domain/lifecycle/payload-check.js';
import type { SubmitCaseBody } from '../schemas/case.js';
import { contactPreferences, contactProblem } from '../../domain/notices/contact.js';
import { newTrackingCode } from './citizen-access.js';
import { deadlinesOf } from './deadlines.js';
import { toStepError } from './temporal-errors.js';

export interface SubmissionOutcome {
  view: Pick<CaseView, 'caseId' | 'trackingCode' | 'caseType' | 'status' | 'statusLabel' | 'dueAt' | 'explanation' | 'sla' | 'deadlines' | 'facts'>;
  replayed: boolean;
  serviceId: string;
  entityId: string;
  submittedAt: Date;
}

/**
 * What a submission holds: the body of POST /api/v1/cases, or another channel's, whose applicant
 * may give no phone (Open311, whose spec makes it optional).
 */
export type CaseSubmission = Omit<SubmitCaseBody, 'applicant'> & { applicant: Omit<SubmitCaseBody['applicant'], 'phone'> & { phone?: string } };

/** How long a submission waits for the case engine before answering 503; a retry with the same key is safe. */
const ENGINE_DEADLINE_MS = 15_000;

function hmac(secret: string, text: string): string {
  return createHmac('sha256', secret).update(text).digest('hex');
}

/**
 * Computes the new case's deadlines from the catalogue and the calendar (the pure functions its
 * workflow runs), starts the workflow with them, and records the submission once the start is
 * durable: the answer carries the due dates and their explanation without waiting for the worker.
 * With an Idempotency-Key the workflow id derives from the key: a retry lands on the same case.
 */
export async function submitCase(
  deps: { prisma: PrismaClient; temporal: Client; taskQueue?: string; keySecret: string; log: StoreLog },
  body: CaseSubmission,
  idempotencyKey: string | undefined,
): Promise<SubmissionOutcome> {
  const service = await readSubmissionService(deps.prisma, body.serviceId);
  if (!service || !service.active) throw new InvalidInput('serviceId: no such service is open for requests', { field: 'serviceId' });
  const definition = caseDefinition(service.caseType);
  if (!definition || definition.linkedOnly) throw new InvalidInput(`serviceId: ${service.caseType} requests cannot be submitted online yet`, { field: 'serviceId' });
  const problem = payloadProblem(definition.details, body.details ?? {}, 'details');
  if (problem) {
    const field = problem.field ? `details.${problem.field}` : 'details';
    throw new InvalidInput(problem.message.startsWith('"') || !problem.field ? problem.message.replace('"details"', 'details') : `details.${problem.message}`, { field });
  }
  const contact = contactProblem(body.applicant);
  if (contact) throw new InvalidInput(contact.message, { field: contact.field });
  if (body.officeId) {
    const office = await deps.prisma.office.findUnique({ where: { id: body.officeId } });
    if (!office || office.entityId !== service.entityId) {
      throw new InvalidInput('officeId: no such office at the entity providing this service', { field: 'officeId' });
    }
  }

  const submittedAt = new Date().toISOString();
  let setup: CaseSetup;
  try {
    setup = await readCaseSetup(deps.prisma, {
      serviceId: service.id,
      entityId: service.entityId,
      startedAt: submittedAt,
      clocks: definition.clocks.map((c) => c.name),
      service,
      calendarRevision: service.calendarRevision,
      ...(definition.settings ? { settings: definition.settings.read } : {}),
    });
  } catch (err) {
    if (err instanceof UnusableService) throw new DependencyUnavailable('this service cannot take requests right now; please try again later');
    throw err;
  }

  // A key only ever names a request of the same applicant: someone else's identical key is another request.
  // An HMAC with a server secret, not a plain hash: the workflow id and the stored hash derive from
  // the national ID, which a plain hash would give up to anyone knowing the key (by brute force).
  const keyHash =
    idempotencyKey === undefined ? null : hmac(deps.keySecret, `idempotency:${body.applicant.nationalId.toUpperCase()}:${idempotencyKey}`);
  const fingerprint = requestFingerprint(body, deps.keySecret);
  if (keyHash) {
    const existing = await deps.prisma.case.findUnique({ where: { idempotencyKeyHash: keyHash }, include: { clocks: true } });
    if (existing) return replayOf(existing, fingerprint);
  }

  const caseId = randomUUID();
  const workflowId = keyHash ? `case-key-${keyHash.slice(0, 40)}` : `case-${caseId}`;
  const facts = definition.booking
    ? await holdBookingSeat(deps.prisma, definition, { caseId, serviceId: service.id, details: body.details ?? {}, settings: setup.settings, officeId: body.officeId, holdToken: body.holdToken })
    : undefined;
  const input: CaseWorkflowInput = {
    caseId,
    trackingCode: newTrackingCode(),
    caseType: service.caseType,
    entityId: service.entityId,
    entityCode: service.entityCode,
    serviceId: service.id,
    officeId: typeof facts?.officeId === 'string' ? facts.officeId : (body.officeId ?? null),
    // The choice as it stands, defaults resolved: what later notices follow.
    applicant: { ...body.applicant, ...storedPreferences(body.applicant) },
    details: { ...(body.details ?? {}) },
    idempotencyKeyHash: keyHash,
    requestFingerprint: fingerprint,
    setup: { submittedAt, ...setup, ...(facts ? { facts } : {}) },
  };
  // The case as it stands at submission, computed here by the pure functions the workflow runs:
  // the answer carries the deadlines without waiting for the worker.
  const { state, event } = openCase(definition, input, input.setup!, submissionOf(input, workflowId, submittedAt));
  try {
    await deps.temporal.withDeadline(Date.now() + ENGINE_DEADLINE_MS, () =>
      deps.temporal.workflow.start(definition.workflowType, {
        workflowId,
        taskQueue: deps.taskQueue ?? CASE_TASK_QUEUE,
        args: [input],
        typedSearchAttributes: caseIdentityAttributes(input),
        workflowIdConflictPolicy: 'FAIL',
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      }),
    );
  } catch (err) {
    if (keyHash && err instanceof WorkflowExecutionAlreadyStartedError) {
      // The first request with this key holds the case's seat: this one's hold is nobody's.
      if (facts) await dropHold(deps.prisma, caseId);
      return replayInFlight(deps, workflowId, keyHash, fingerprint);
    }
    throw toStepError(err);
  }
  // The start is durable: the submission may be seen now. The workflow records the same event (a
  // repeat changes nothing), so if this write fails the case still appears, a moment later.
  try {
    const written = await writeCaseEvent({ prisma: deps.prisma, log: deps.log }, event, { firstWrite: true });
    if (written.calendarRevision !== undefined && written.calendarRevision !== setup.calendarRevision) {
      // The holiday calendar changed between reading it and making this case visible, so no
      // propagation will find this case: if this entity's calendar is among what changed, tell it.
      const now = await caseCalendar(deps.prisma, service.entityId, submittedAt);
      if (JSON.stringify(now) !== JSON.stringify(setup.calendar)) {
        await deps.temporal.workflow.getHandle(workflowId).signal(calendarChangedSignal, { dates: [], reason: CALENDAR_UPDATED });
      }
    }
  } catch (err) {
    if (err instanceof SeatLost) {
      // Its held seat went to another booking before the case was recorded: the workflow could never record it either.
      await deps.temporal.workflow
        .getHandle(workflowId)
        .terminate('the seat held for this booking was taken before the case was recorded')
        .catch((error: unknown) => deps.log.warn({ caseId, err: (error as Error).message }, 'could not end the workflow of a booking that lost its seat'));
      throw new SlotFull('the seat held for this booking was taken before it could be recorded; choose another slot', { reason: 'full', nextSlots: [] });
    }
    deps.log.warn({ caseId, err: (err as Error).message }, 'submission not recorded by the API; its workflow will record it');
  }
  return { view: state.view(), replayed: false, serviceId: service.id, entityId: service.entityId, submittedAt: new Date(submittedAt) };
}

/**
 * A retry that raced the first request with the same key: the workflow exists but may not have
 * recorded its case yet. It answers once it has (update), and only for the same request.
 */
async function replayInFlight(deps: { prisma: PrismaClient; temporal: Client }, workflowId: string, keyHash: string, fingerprint: string): Promise<SubmissionOutcome> {
  try {
    const receipt = await deps.temporal.withDeadline(Date.now() + ENGINE_DEADLINE_MS, () => deps.temporal.workflow.getHandle(workflowId).executeUpdate(receiptUpdate));
    if (receipt.requestFingerprint !== fingerprint) throw new IdempotencyKeyReused('this Idempotency-Key was already used for a different request');
    const row = await deps.prisma.case.findUniqueOrThrow({ where: { idempotencyKeyHash: keyHash } });
    return { view: receipt, replayed: true, serviceId: row.serviceId, entityId: row.entityId, submittedAt: row.submittedAt };
  } catch (err) {
    if (err instanceof IdempotencyKeyReused) throw err;
    // The keyed workflow finished between our look-up and the start: its record is final.
    const existing = await deps.prisma.case.findUnique({ where: { idempotencyKeyHash: keyHash }, include: { clocks: true } });
    if (existing) return replayOf(existing, fingerprint);
    throw toStepError(err);
  }
}

function storedPreferences(applicant: CaseSubmission['applicant']) {
  const { language, channels } = contactPreferences(applicant);
  return { language, contactBy: channels };
}

/**
 * The same request always gives the same fingerprint, whatever the order of its JSON keys. The
 * contact choice counts only when it differs from the default, so a request that states the
 * default and one that leaves it out are the same request, as they were before the choice existed.
 */
function requestFingerprint(body: CaseSubmission, secret: string): string {
  const { fullName, nationalId, phone, email } = body.applicant;
  const details = Object.entries(body.details ?? {}).sort(([a], [b]) => (a < b ? -1 : 1));
  const chosen = contactPreferences(body.applicant);
  const byDefault = contactPreferences({ phone, email });
  const contact = JSON.stringify(chosen) === JSON.stringify(byDefault) ? [] : [chosen.language, chosen.channels];
  return hmac(secret, JSON.stringify([body.serviceId, body.officeId ?? null, fullName, nationalId, phone, email ?? null, details, ...contact]));
}

type CaseRow = NonNullable<Awaited<ReturnType<PrismaClient['case']['findUnique']>>> & { clocks: Parameters<typeof deadlinesOf>[0]['clocks'] };

/** The recorded case a retried submission stands for — only if it is the same request. */
function replayOf(row: CaseRow, fingerprint: string): SubmissionOutcome {
  if (row.requestFingerprint !== fingerprint) throw new IdempotencyKeyReused('this Idempotency-Key was already used for a different request');
  return { view: fromProjection(row), replayed: true, serviceId: row.serviceId, entityId: row.entityId, submittedAt: row.submittedAt };
}

function fromProjection(row: CaseRow): SubmissionOutcome['view'] {
  return {
    caseId: row.id,
    trackingCode: row.trackingCode,
    caseType: row.caseType,
    status: row.status,
    statusLabel: statusLabel(row.caseType, row.status),
    dueAt: row.dueAt?.toISOString() ?? null,
    explanation: row.explanation as CaseView['explanation'],
    sla: { state: row.slaState as CaseView['sla']['state'], escalationLevel: row.escalationLevel },
    deadlines: deadlinesOf(row),
    facts: row.facts as Record<string, unknown>,
  };
}
