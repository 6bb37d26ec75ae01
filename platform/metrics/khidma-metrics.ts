import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The platform's Prometheus instruments, in a registry of their own: each process (and each app a
 * test builds) counts for itself, and `npm start` hands one set to its API, worker and notice
 * dispatcher so that one scrape shows them all. Nothing is shared between API instances: each
 * serves its own figures, and Prometheus adds them up.
 */
export interface KhidmaMetrics {
  registry: Registry;
  httpRequests: Counter<'method' | 'route' | 'status_code'>;
  httpDuration: Histogram<'method' | 'route' | 'status_code'>;
  caseSubmissions: Counter<'case_type'>;
  caseSteps: Counter<'case_type' | 'action' | 'actor'>;
  workflowTaskFailures: Counter<'workflow_type'>;
  activityFailures: Counter<'activity_type' | 'retryable'>;
  liveConnections: Gauge<'channel'>;
  noticeDeliveries: Counter<'channel' | 'result'>;
}

/** Seconds: a lookup answers in milliseconds, a submission waits on Temporal, a slow outage answer takes up to 15 s. */
const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20];

/** `processMetrics: false` for a registry no one scrapes: Node's default metrics keep observers running for good. */
export function createMetrics(options: { processMetrics?: boolean } = {}): KhidmaMetrics {
  const registry = new Registry();
  if (options.processMetrics !== false) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    httpRequests: new Counter({
      name: 'khidma_http_requests_total',
      help: 'HTTP requests answered, by route pattern (never the raw URL) and status',
      labelNames: ['method', 'route', 'status_code'],
      registers,
    }),
    httpDuration: new Histogram({
      name: 'khidma_http_request_duration_seconds',
      help: 'Time to answer an HTTP request, by route pattern and status',
      labelNames: ['method', 'route', 'status_code'],
      buckets: HTTP_BUCKETS,
      registers,
    }),
    caseSubmissions: new Counter({
      name: 'khidma_case_submissions_total',
      help: 'Cases submitted through this API instance (a replayed Idempotency-Key is not counted again), by case type',
      labelNames: ['case_type'],
      registers,
    }),
    caseSteps: new Counter({
      name: 'khidma_case_steps_total',
      help: 'Steps citizens and staff took through this API instance, by case type, action and kind of actor',
      labelNames: ['case_type', 'action', 'actor'],
      registers,
    }),
    workflowTaskFailures: new Counter({
      name: 'khidma_workflow_task_failures_total',
      help: 'Workflow tasks this worker failed because workflow code threw (Temporal retries them), by workflow type',
      labelNames: ['workflow_type'],
      registers,
    }),
    activityFailures: new Counter({
      name: 'khidma_activity_failures_total',
      help: 'Failed activity attempts in this worker, by activity and whether Temporal will retry',
      labelNames: ['activity_type', 'retryable'],
      registers,
    }),
    liveConnections: new Gauge({
      name: 'khidma_websocket_connections',
      help: 'Open WebSocket live channels on this API instance, by kind of channel',
      labelNames: ['channel'],
      registers,
    }),
    noticeDeliveries: new Counter({
      name: 'khidma_notice_deliveries_total',
      help: 'Notice delivery attempts of this process’s dispatcher, by channel and result (sent, retry, failed, not_sent)',
      labelNames: ['channel', 'result'],
      registers,
    }),
  };
}
