import { ContinueAsNew, proxySinks, TemporalFailure, type Sinks, type WorkflowInboundCallsInterceptor, type WorkflowInterceptorsFactory } from '@temporalio/workflow';

/** What the worker counts for Prometheus; the worker injects the implementation (platform/metrics/worker-metrics.ts). */
export interface WorkerMetricsSinks extends Sinks {
  workerMetrics: {
    /** the worker reads the workflow type from the workflow's info, which a sink receives first */
    workflowTaskFailed(): void;
  };
}

const { workerMetrics } = proxySinks<WorkerMetricsSinks>();

/**
 * An error that is neither a Temporal failure nor a continue-as-new fails the workflow task, which
 * Temporal retries until the code is fixed: the case stands still without failing. Reported
 * through a sink (not called during replay) so operations see it in /metrics; nothing here issues
 * a command, so histories replay alike with or without this module.
 */
function report<T>(run: () => Promise<T>): Promise<T> {
  return run().catch((err: unknown) => {
    if (!(err instanceof TemporalFailure) && !(err instanceof ContinueAsNew)) workerMetrics.workflowTaskFailed();
    throw err;
  });
}

class TaskFailureReporter implements WorkflowInboundCallsInterceptor {
  execute: NonNullable<WorkflowInboundCallsInterceptor['execute']> = (input, next) => report(() => next(input));
  handleUpdate: NonNullable<WorkflowInboundCallsInterceptor['handleUpdate']> = (input, next) => report(() => next(input));
  handleSignal: NonNullable<WorkflowInboundCallsInterceptor['handleSignal']> = (input, next) => report(() => next(input));
}

export const interceptors: WorkflowInterceptorsFactory = () => ({ inbound: [new TaskFailureReporter()] });
