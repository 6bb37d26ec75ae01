import Fastify, { type FastifyBaseLogger } from 'fastify';
import type { AddressInfo } from 'node:net';
import type { MetricsConfig } from '../../platform/config.js';
import { DEFAULT_METRICS_HOST } from '../../platform/config.js';
import type { KhidmaMetrics } from '../../platform/metrics/khidma-metrics.js';
import { installErrorHandler } from '../plugins/error-handler.js';
import { metricsRoutes } from '../routes/metrics.js';

export interface MetricsListener {
  url: string;
  close(): Promise<void>;
}

/**
 * `/metrics` alone on its own listener (METRICS_PORT), loopback by default: Prometheus on the same
 * host, or a sidecar, scrapes it while the public port never serves it. `npm run worker` uses it
 * too, with its own port, since a worker has no other HTTP server.
 */
export async function startMetricsListener(metrics: KhidmaMetrics, config: MetricsConfig & { port: number }, log: FastifyBaseLogger): Promise<MetricsListener> {
  const app = Fastify({ loggerInstance: log.child({ component: 'metrics-listener' }), requestTimeout: 10_000, connectionTimeout: 30_000 });
  installErrorHandler(app);
  await app.register(metricsRoutes, { registry: metrics.registry, token: config.token });
  const host = config.host ?? DEFAULT_METRICS_HOST;
  await app.listen({ port: config.port, host });
  const { port } = app.server.address() as AddressInfo;
  return { url: `http://${host.includes(':') ? `[${host}]` : host}:${port}/metrics`, close: () => app.close() };
}
