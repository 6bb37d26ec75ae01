import { fileURLToPath } from 'node:url';
import { ApplicationFailure } from '@temporalio/common';
import type { InjectedSinks, WorkerOptions } from '@temporalio/worker';
import type { WorkerMetricsSinks } from '../../workflows/task-failure-reporting.js';
import type { KhidmaMetrics } from './khidma-metrics.js';

/** Bundled with the case workflows: reports workflow task failures to the sink below. */
export const TASK_FAILURE_INTERCEPTOR_MODULE = fileURLToPath(new URL('../../workflows/task-failure-reporting.ts', import.meta.url));

/**
 * Worker failures counted into our own registry through SDK interceptors, rather than through the
 * core SDK's telemetry: its Prometheus exporter opens a listener of its own (no token, no route
 * for it on our port) and, like its buffered exporter (experimental in 1.24), is configured once
 * per process on a Runtime that must exist before the first connection — which the tests and
 * `npm start` create long before they know about metrics. Interceptors work wherever the worker
 * runs: under `npm start` the API's /metrics shows them, and `npm run worker` serves its own
 * registry on METRICS_PORT. Core-detected nondeterminism is not seen here; the SDK logs it.
 */
export function workerMetricsOptions(metrics: KhidmaMetrics): Pick<WorkerOptions, 'interceptors' | 'sinks'> {
  const sinks: InjectedSinks<WorkerMetricsSinks> = {
    workerMetrics: {
      workflowTaskFailed: { fn: (info) => metrics.workflowTaskFailures.inc({ workflow_type: info.workflowType }), callDuringReplay: false },
    },
  };
  return {
    sinks,
    interceptors: {
      activity: [
        (ctx) => ({
          inbound: {
            async execute(input, next) {
              try {
                return await next(input);
              } catch (err) {
                const retryable = !(err instanceof ApplicationFailure && err.nonRetryable);
                metrics.activityFailures.inc({ activity_type: ctx.info.activityType, retryable: String(retryable) });
                throw err;
              }
            },
          },
        }),
      ],
    },
  };
}
