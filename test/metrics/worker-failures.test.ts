import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Client, WorkflowFailedError } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createMetrics, type KhidmaMetrics } from '../../platform/metrics/khidma-metrics.js';
import { TASK_FAILURE_INTERCEPTOR_MODULE, workerMetricsOptions } from '../../platform/metrics/worker-metrics.js';
import { caseDataConverter } from '../../platform/payload-codec.js';
import { parsePrometheus } from '../support/prometheus.js';
import { until } from '../support/until.js';
import * as activities from './fixtures/failing-activities.js';

/*
 * Worker failures as /metrics counts them, through the same interceptors and sink the case worker
 * runs with, on a real worker and the run's Temporal server: a bug in workflow code (a failed
 * workflow task, retried), an activity that fails twice before it succeeds, and one that refuses.
 */
let connection: NativeConnection;
let client: Client;
let worker: Worker;
let running: Promise<void>;
let metrics: KhidmaMetrics;
const taskQueue = `worker-failures-${randomUUID()}`;

beforeAll(async () => {
  metrics = createMetrics({ processMetrics: false });
  connection = await NativeConnection.connect({ address: inject('temporalAddress') });
  const dataConverter = caseDataConverter();
  const options = workerMetricsOptions(metrics);
  worker = await Worker.create({
    connection,
    namespace: inject('temporalNamespace'),
    taskQueue,
    dataConverter,
    workflowsPath: fileURLToPath(new URL('./fixtures/failing-workflows.ts', import.meta.url)),
    activities,
    sinks: options.sinks!,
    interceptors: { ...options.interceptors, workflowModules: [TASK_FAILURE_INTERCEPTOR_MODULE] },
  });
  running = worker.run();
  client = new Client({ connection, namespace: inject('temporalNamespace'), dataConverter });
}, 120_000);
afterAll(async () => {
  worker?.shutdown();
  await running;
  await connection?.close();
});

async function value(name: string, labels: Record<string, string>): Promise<number> {
  return parsePrometheus(await metrics.registry.metrics()).value(name, labels) ?? 0;
}

describe('worker failures in /metrics', () => {
  it('counts each failed workflow task of a bug in workflow code, by workflow type, and not a deliberate workflow failure', async () => {
    const handle = await client.workflow.start('throwsInWorkflowCode', { taskQueue, workflowId: `bug-${randomUUID()}` });
    try {
      await until(() => value('khidma_workflow_task_failures_total', { workflow_type: 'throwsInWorkflowCode' }), (n) => n >= 1);
      // Still running: a failed task is retried, the workflow does not fail.
      expect((await handle.describe()).status.name).toBe('RUNNING');
    } finally {
      await handle.terminate('test over');
    }
    const deliberate = await client.workflow.start('failsOnPurpose', { taskQueue, workflowId: `refusal-${randomUUID()}` });
    await expect(deliberate.result()).rejects.toBeInstanceOf(WorkflowFailedError);
    expect(await value('khidma_workflow_task_failures_total', { workflow_type: 'failsOnPurpose' })).toBe(0);
  });

  it('counts failed activity attempts by activity, retryable or not', async () => {
    const result = await client.workflow.execute('callsActivities', { taskQueue, workflowId: `activities-${randomUUID()}` });
    expect(result).toBe('third time lucky');
    expect(await value('khidma_activity_failures_total', { activity_type: 'flaky', retryable: 'true' })).toBe(2);
    expect(await value('khidma_activity_failures_total', { activity_type: 'refuses', retryable: 'false' })).toBe(1);
  });
});
