import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { WithStartWorkflowOperation, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeFlagCaseForAttention } from '../../activities/case-attention.js';
import { RECORD_REJECTED } from '../../domain/cases/case-event.js';
import { notices } from '../../domain/cases/notices.js';
import { actionUpdate, receiptUpdate, TRANSITION_REFUSED, type CaseWorkflowInput } from '../../workflows/messages.js';
import { newTrackingCode } from '../../api/cases/citizen-access.js';
import { APPLICANT, createTestService, staffHeaders, startPlatform, type TestPlatform } from '../support/platform.js';

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

  it('in a step sent straight to the workflow: refused by its validator, absent from its history, and the case runs on', async () => {
    const { caseId, workflowId, receipt } = await startDirectly(APPLICANT);
    await receipt;
    const handle = platform.temporal.workflow.getHandle(workflowId);
    const actor = { kind: 'staff', userId: randomUUID(), username: 'supervisor', role: 'supervisor' } as const;
    await handle.executeUpdate(actionUpdate('claim'), { args: [{ actor, payload: {} }] });

    for (const message of ['NUL \u0000 byte', 'lone \ud800 surrogate', 'bell \u0007']) {
      const refused = await handle.executeUpdate(actionUpdate('request_info'), { args: [{ actor, payload: { message } }] }).catch((err: unknown) => err);
      expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
      expect(((refused as WorkflowUpdateFailedError).cause as ApplicationFailure).type).toBe(TRANSITION_REFUSED);
      expect(((refused as WorkflowUpdateFailedError).cause as ApplicationFailure).message).toMatch(/"message" must be plain text/);
    }
    const history = JSON.stringify((await handle.fetchHistory()).events ?? []);
    expect(history).not.toContain('request_info');

    const started = Date.now();
    await handle.executeUpdate(actionUpdate('request_info'), { args: [{ actor, payload: { message: 'Merci de joindre une copie de votre CIN.' } }] });
    expect(Date.now() - started).toBeLessThan(5000);
    const events = await platform.prisma.caseEvent.findMany({ where: { caseId }, orderBy: { seq: 'asc' } });
    expect(events.map((e) => `${e.seq}:${e.status}`)).toEqual(['1:submitted', '2:in_review', '3:awaiting_citizen']);
    expect(await platform.prisma.case.findUniqueOrThrow({ where: { id: caseId } })).toMatchObject({ attentionReason: null });
  });

  it('flagged as needing attention, the case is shown so to its entity’s staff: in the queue’s attention filter and in its view', async () => {
    const serviceId = (await platform.prisma.service.findFirstOrThrow({ where: { code: 'CASIER-JUDICIAIRE' } })).id;
    const submit = () => platform.app.inject({ method: 'POST', url: '/api/v1/cases', payload: { serviceId, applicant: APPLICANT } });
    const [wedged, healthy] = [(await submit()).json<{ caseId: string }>(), (await submit()).json<{ caseId: string }>()];
    const row = await platform.prisma.case.findUniqueOrThrow({ where: { id: wedged.caseId } });
    // What the worker does when an event of the case can never be recorded.
    const flag = makeFlagCaseForAttention({ prisma: platform.prisma, log: pino({ level: 'silent' }) });
    const at = new Date().toISOString();
    await flag({ caseId: row.id, entityId: row.entityId, seq: 2, reason: 'refused', at, notices: notices.needsAttention(row.trackingCode) });

    const supervisor = await staffHeaders(platform.app, 'supervisor');
    const queue = await platform.app.inject({ method: 'GET', url: '/api/v1/queue?attention=true&limit=200', headers: supervisor });
    expect(queue.statusCode, queue.body).toBe(200);
    const listed = queue.json<{ items: Array<{ caseId: string; attention: unknown }> }>().items;
    expect(listed.find((item) => item.caseId === wedged.caseId)?.attention).toEqual({ reason: 'refused', since: at });
    expect(listed.map((item) => item.caseId)).not.toContain(healthy.caseId);
    const view = await platform.app.inject({ method: 'GET', url: `/api/v1/cases/by-id/${wedged.caseId}`, headers: supervisor });
    expect(view.json()).toMatchObject({ attention: { reason: 'refused', since: at } });
    const other = await platform.app.inject({ method: 'GET', url: `/api/v1/cases/by-id/${healthy.caseId}`, headers: supervisor });
    expect(other.json()).toMatchObject({ attention: null });
  });
});
