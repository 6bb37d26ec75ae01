import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import type { ResolvedTemporal } from '../platform/temporal-server.js';

/** What benchmarks compare against: a worker running the empty workflows of empty-workflow.ts on a queue of its own. */
export async function startBaselineWorker(temporal: ResolvedTemporal): Promise<{ taskQueue: string; bareStart(): Promise<void>; stop(): Promise<void> }> {
  const taskQueue = `bench-baseline-${randomUUID()}`;
  const worker = await Worker.create({
    connection: temporal.connection,
    namespace: temporal.namespace,
    taskQueue,
    workflowBundle: await bundleWorkflowCode({
      workflowsPath: fileURLToPath(new URL('./empty-workflow.ts', import.meta.url)),
      logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} },
    }),
  });
  const running = worker.run();
  return {
    taskQueue,
    /** A bare `workflow.start` of the empty workflow: Temporal's own cost of starting a case. */
    async bareStart() {
      await temporal.client.workflow.start('emptyWorkflow', { taskQueue, workflowId: `bench-${randomUUID()}` });
    },
    async stop() {
      worker.shutdown();
      await running;
    },
  };
}
