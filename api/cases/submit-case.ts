import { createHmac, randomUUID } from 'node:crypto';
import { WithStartWorkflowOperation, WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { CASE_TASK_QUEUE } from '../../domain/cases/case-type.js';
import { caseDefinition } from '../../domain/cases/machines.js';
import type { CaseView } from '../../domain/cases/case-view.js';
import { statusLabel } from '../../domain/cases/status-labels.js';
import type { PrismaClient } from '../../scripts/runtime/prisma.js';
import { receiptUpdate, type CaseWorkflowInput } from '../../workflows/messages.js';
import { DependencyUnavailable, IdempotencyKeyReused, InvalidInput } from '../errors.js';
import { clockPolicies } from '../../domain/sla/service-clocks.js';
import { payloadProblem } from '../../domain/lifecycle/payload-check.js';
import type { SubmitCaseBody } from '../schemas/case.js';
import { newTrackingCode } from './citizen-access.js';
import { toStepError } from './temporal-errors.js';

export interface SubmissionOutcome {
  view: Pick<CaseView, 'caseId' | 'trackingCode' | 'caseType' | 'status' | 'statusLabel' | 'dueAt' | 'explanation' | 'sla' | 'deadlines'>;
  replayed: boolean;
  serviceId: string;
  entityId: string;
  submittedAt: Date;
}

/** How long a submission waits for the case engine before answering 503; a retry with the same key is safe. */
const ENGINE_DEADLINE_MS = 15_000;

function hmac(secret: string, text: string): string {
  return createHmac('sha256', secret).update(text).digest('hex');
}

/**
 * Starts the case workflow and waits, in the same call, until its submission is recorded
 * (update-with-start), so the answer already carries the due date and its explanation.
 * With an Idempotency-Key the workflow id derives from the key: a retry lands on the same case.
 */
export async function submitCase(
  deps: { prisma: PrismaClient; temporal: Client; taskQueue?: string; keySecret: string },
  body: SubmitCaseBody,
  idempotencyKey: string | undefined,
): Promise<SubmissionOutcome> {
  const service = await deps.prisma.service.findUnique({ where: { id: body.serviceId }, include: { entity: true } });
  if (!service || !service.active) throw new InvalidInput('serviceId: no such service is open for requests', { field: 'serviceId' });
  const definition = caseDefinition(service.caseType);
  if (!definition || definition.linkedOnly) throw new InvalidInput(`serviceId: ${service.caseType} requests cannot be submitted online yet`, { field: 'serviceId' });
  const problem = payloadProblem(definition.details, body.details ?? {}, 'details');
  if (problem) {
    const field = problem.field ? `details.${problem.field}` : 'details';
    throw new InvalidInput(problem.message.startsWith('"') || !problem.field ? problem.message.replace('"details"', 'details') : `details.${problem.message}`, { field });
  }
  if (body.officeId) {
    const office = await deps.prisma.office.findUnique({ where: { id: body.officeId } });
    if (!office || office.entityId !== service.entityId) {
      throw new InvalidInput('officeId: no such office at the entity providing this service', { field: 'officeId' });
    }
  }

  try {
    clockPolicies(service.clocks, definition.clocks.map((c) => c.name));
  } catch {
    throw new DependencyUnavailable('this service cannot take requests right now; please try again later');
  }

  // A key only ever names a request of the same applicant: someone else's identical key is another request.
  // An HMAC with a server secret, not a plain hash: the workflow id and the stored hash derive from
  // the national ID, which a plain hash would give up to anyone knowing the key (by brute force).
  const keyHash =
    idempotencyKey === undefined ? null : hmac(deps.keySecret, `idempotency:${body.applicant.nationalId.toUpperCase()}:${idempotencyKey}`);
  const fingerprint = requestFingerprint(body, deps.keySecret);
  if (keyHash) {
    const existing = await deps.prisma.case.findUnique({ where: { idempotencyKeyHash: keyHash } });
    if (existing?.closedAt) return replayOf(existing, fingerprint);
  }

  const caseId = randomUUID();
  const input: CaseWorkflowInput = {
    caseId,
    trackingCode: newTrackingCode(),
    caseType: service.caseType,
    entityId: service.entityId,
    entityCode: service.entity.code,
    serviceId: service.id,
    officeId: body.officeId ?? null,
    applicant: { ...body.applicant },
    details: { ...(body.details ?? {}) },
    idempotencyKeyHash: keyHash,
    requestFingerprint: fingerprint,
  };
  const startOperation = new WithStartWorkflowOperation(definition.workflowType, {
    workflowId: keyHash ? `case-key-${keyHash.slice(0, 40)}` : `case-${caseId}`,
    taskQueue: deps.taskQueue ?? CASE_TASK_QUEUE,
    args: [input],
    workflowIdConflictPolicy: 'USE_EXISTING',
    workflowIdReusePolicy: 'REJECT_DUPLICATE',
  });
  try {
    const receipt = await deps.temporal.withDeadline(Date.now() + ENGINE_DEADLINE_MS, () =>
      deps.temporal.workflow.executeUpdateWithStart(receiptUpdate, { startWorkflowOperation: startOperation }),
    );
    if (receipt.requestFingerprint !== fingerprint) {
      throw new IdempotencyKeyReused('this Idempotency-Key was already used for a different request');
    }
    return {
      view: receipt,
      replayed: receipt.caseId !== caseId,
      serviceId: service.id,
      entityId: service.entityId,
      submittedAt: new Date(receipt.submittedAt),
    };
  } catch (err) {
    if (keyHash && err instanceof WorkflowExecutionAlreadyStartedError) {
      // The keyed workflow finished between our look-up and the start: its record is final.
      const existing = await deps.prisma.case.findUnique({ where: { idempotencyKeyHash: keyHash } });
      if (existing) return replayOf(existing, fingerprint);
    }
    throw toStepError(err);
  }
}

/** The same request always gives the same fingerprint, whatever the order of its JSON keys. */
function requestFingerprint(body: SubmitCaseBody, secret: string): string {
  const { fullName, nationalId, phone, email } = body.applicant;
  const details = Object.entries(body.details ?? {}).sort(([a], [b]) => (a < b ? -1 : 1));
  return hmac(secret, JSON.stringify([body.serviceId, body.officeId ?? null, fullName, nationalId, phone, email ?? null, details]));
}

type CaseRow = NonNullable<Awaited<ReturnType<PrismaClient['case']['findUnique']>>>;

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
    sla: { state: row.slaState as CaseView['sla']['state'], escalationLevel: 0 },
  };
}
