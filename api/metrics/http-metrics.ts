import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { KhidmaMetrics } from '../../platform/metrics/khidma-metrics.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** this app's Prometheus instruments (shared with the worker under `npm start`) */
    metrics: KhidmaMetrics;
  }
  interface FastifyContextConfig {
    /** what a WebSocket route's channel is, as /metrics counts open channels (default: its route pattern) */
    liveChannel?: string;
  }
}

/** Requests no route matched share one label: a raw URL as a label would let any client grow the series without bound. */
const UNMATCHED = 'unmatched';
const CHANNEL = Symbol('liveChannel');

/**
 * Every answer counted and timed by route pattern and status; every open WebSocket counted by the
 * kind of channel its route declares, from the upgrade to the close.
 */
export const httpMetricsPlugin = fp(async (app: FastifyInstance, opts: { metrics: KhidmaMetrics }) => {
  const { metrics } = opts;
  app.decorate('metrics', metrics);
  app.addHook('onRequest', async (request) => {
    if (request.headers.upgrade?.toLowerCase() !== 'websocket') return;
    (request.raw as IncomingMessage & { [CHANNEL]?: string })[CHANNEL] = request.routeOptions.config.liveChannel ?? request.routeOptions.url ?? UNMATCHED;
  });
  app.addHook('onResponse', async (request, reply) => {
    const labels = { method: request.method, route: request.routeOptions.url ?? UNMATCHED, status_code: String(reply.statusCode) };
    metrics.httpRequests.inc(labels);
    metrics.httpDuration.observe(labels, reply.elapsedTime / 1000);
  });
  app.websocketServer.on('connection', (socket, raw: IncomingMessage & { [CHANNEL]?: string }) => {
    const channel = raw[CHANNEL] ?? UNMATCHED;
    metrics.liveConnections.inc({ channel });
    socket.once('close', () => metrics.liveConnections.dec({ channel }));
  });
});
