import { randomUUID } from 'node:crypto';
import { WithStartWorkflowOperation, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECORD_REJECTED } from '../../domain/cases/case-event.js';
import { receiptUpdate, type CaseWorkflowInput } from '../../workflows/messages.js';
import { newTrackingCode } from '../../api/cases/citizen-access.js';
import { APPLICANT, createTestService, startPlatform, type TestPlatform } from '../support/platform.js';

/*
 * What the API refuses at the door can still reach a workflow from anyone holding a Temporal
 * client. Data the database can never store must not wedge a case in an endless retry.
 */
let platform: TestPlatform;

beforeAll(async () => {
  platform = await startPlatform();
});
afterAll(() => platform?.close());

async function startDirectly(applicant: Record<string, string>) {
  const service = await createTestService(platform.prisma, { budget: { unit: 'working_days', amount: 10 } });
  const entity = await platform.prisma.entity.findUniqueOrThrow({ where: { id: service.entityId } });
  const caseId = randomUUID();
  const input: CaseWorkflowInput = {
    caseId,
    trackingCode: newTrackingCode(),
    caseType: 'document_request',
    entityId: service.entityId,
    entityCode: entity.code,
    serviceId: service.id,
    officeId: null,
    applicant,
    details: {},
    idempotencyKeyHash: null,
    requestFingerprint: 'direct',
  };
  const workflowId = `case-${caseId}`;
  const operation = new WithStartWorkflowOperation('documentRequest', { workflowId, taskQueue: platform.taskQueue, args: [input], workflowIdConflictPolicy: 'FAIL' });
  const receipt = platform.temporal.workflow.executeUpdateWithStart(receiptUpdate, { startWorkflowOperation: operation });
  return { caseId, workflowId, receipt };
}

describe('data the database can never store', () => {
  it('in a submission: refused within seconds, the workflow ends failed, nothing is stored', async () => {
    const started = Date.now();
    const { caseId, workflowId, receipt } = await startDirectly({ ...APPLICANT, fullName: 'NUL \u0000 byte' });
    const failure = await receipt.catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(WorkflowUpdateFailedError);
    expect((failure as WorkflowUpdateFailedError).cause).toBeInstanceOf(ApplicationFailure);
    expect(((failure as WorkflowUpdateFailedError).cause as ApplicationFailure).type).toBe(RECORD_REJECTED);
    const description = await platform.temporal.workflow.getHandle(workflowId).describe();
    expect(description.status.name).toBe('FAILED');
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await platform.prisma.case.count({ where: { id: caseId } })).toBe(0);
  });
});

