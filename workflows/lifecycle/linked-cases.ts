import { getExternalWorkflowHandle, ParentClosePolicy, patched, startChild, uuid4, workflowInfo } from '@temporalio/workflow';
import type { CaseTypeDefinition } from '../../domain/cases/case-definition.js';
import { caseDefinition } from '../../domain/cases/machines.js';
import { trackingCode } from '../../domain/cases/tracking-code.js';
import { linkedCaseEndedSignal, type CaseWorkflowInput } from '../messages.js';
import type { CaseState } from '../../domain/lifecycle/case-state.js';
import type { PreparedLinkedCase } from './linked-meeting.js';
import { caseIdentityAttributes } from '../search-attributes.js';
import { WORKFLOW_PATCHES } from '../versions.js';

/**
 * Opens the case the definition's `linked` type names (a complaint to the head of the
 * institution) as a workflow of its own, on the same service and entity, for the same applicant.
 * It outlives this one if need be, and reports its outcome back by a signal.
 */
export async function openLinkedCase(
  definition: CaseTypeDefinition,
  input: CaseWorkflowInput,
  state: CaseState,
  payload: Readonly<Record<string, unknown>>,
  prepared?: PreparedLinkedCase,
): Promise<void> {
  const linkedType = definition.linked!;
  const linked = caseDefinition(linkedType)!;
  const info = workflowInfo();
  const child: CaseWorkflowInput = {
    caseId: prepared?.caseId ?? uuid4(),
    // Workflow randomness is seeded by the server and replayed identically.
    trackingCode: prepared?.trackingCode ?? trackingCode((n) => Math.floor(Math.random() * n)),
    caseType: linkedType,
    entityId: state.entityId,
    entityCode: state.entityCode,
    serviceId: input.serviceId,
    // A meeting takes place at its slot's office: that office's agenda shows it.
    officeId: typeof prepared?.setup.facts?.officeId === 'string' ? prepared.setup.facts.officeId : input.officeId,
    applicant: input.applicant,
    details: prepared?.details ?? { originTrackingCode: input.trackingCode, reason: payload.reason },
    idempotencyKeyHash: null,
    requestFingerprint: '',
    origin: { caseId: input.caseId, workflowId: info.workflowId, trackingCode: input.trackingCode },
    ...(prepared ? { setup: prepared.setup } : {}),
  };
  await startChild(linked.workflowType, {
    workflowId: `${info.workflowId}-linked-${state.seq}`,
    taskQueue: info.taskQueue,
    args: [child],
    parentClosePolicy: ParentClosePolicy.ABANDON,
    ...(patched(WORKFLOW_PATCHES.linkedCaseIdentity) ? { typedSearchAttributes: caseIdentityAttributes(child) } : {}),
  });
}

/** Tells the case that opened this one how it ended. */
export async function reportToOrigin(origin: NonNullable<CaseWorkflowInput['origin']>, ended: { caseId: string; outcome: string }): Promise<void> {
  await getExternalWorkflowHandle(origin.workflowId).signal(linkedCaseEndedSignal, ended);
}
