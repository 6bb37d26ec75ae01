import { fileURLToPath } from 'node:url';
import { Client } from '@temporalio/client';
import { bundleWorkflowCode, NativeConnection, Worker, type WorkflowBundle } from '@temporalio/worker';
import type { Logger } from 'pino';
import { createActivities } from '../activities/index.js';
import { DEFAULT_VIDEO_BASE_URL } from '../platform/config.js';
import { CASE_TASK_QUEUE } from '../domain/cases/case-type.js';
import type { PrismaClient } from '../platform/prisma.js';
import { caseDataConverter } from '../platform/payload-codec.js';
import { createMetrics, type KhidmaMetrics } from '../platform/metrics/khidma-metrics.js';
import { TASK_FAILURE_INTERCEPTOR_MODULE, workerMetricsOptions } from '../platform/metrics/worker-metrics.js';
import { routeTemporalLogsTo } from './temporal-logging.js';

const WORKFLOWS_PATH = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

/** Bundles the case workflows once; tests and the benchmark reuse one bundle across workers. */
export async function bundleCaseWorkflows(): Promise<WorkflowBundle> {
  return bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, workflowInterceptorModules: [TASK_FAILURE_INTERCEPTOR_MODULE], logger: quietBundlerLogger });
}

const quietBundlerLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: (message: string, meta?: Record<string, unknown>) => console.error(message, meta ?? ''),
};

export interface CaseWorkerOptions {
  address: string;
  namespace: string;
  prisma: PrismaClient;
  log: Logger;
  taskQueue?: string;
  workflowBundle?: WorkflowBundle;
  /** where video appointments get their rooms; the platform's default otherwise */
  videoBaseUrl?: string;
  /** where the worker counts its failures; `npm start` passes the API's, so one scrape shows both */
  metrics?: KhidmaMetrics;
}

export async function createCaseWorker(options: CaseWorkerOptions): Promise<{ worker: Worker; connection: NativeConnection }> {
  routeTemporalLogsTo(options.log);
  const connection = await NativeConnection.connect({ address: options.address });
  const dataConverter = caseDataConverter();
  const worker = await Worker.create({
    connection,
    dataConverter,
    namespace: options.namespace,
    taskQueue: options.taskQueue ?? CASE_TASK_QUEUE,
    activities: createActivities({
      prisma: options.prisma,
      temporal: new Client({ connection, namespace: options.namespace, dataConverter }),
      log: options.log.child({ component: 'activity' }),
      videoBaseUrl: options.videoBaseUrl ?? DEFAULT_VIDEO_BASE_URL,
    }),
    workflowBundle: options.workflowBundle ?? (await bundleCaseWorkflows()),
    // Always given: the bundled interceptor calls the sink, and a sink no one injected would log an error each time.
    ...workerMetricsOptions(options.metrics ?? createMetrics({ processMetrics: false })),
  });
  return { worker, connection };
}
