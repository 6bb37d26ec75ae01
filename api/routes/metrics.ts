import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import { AuthenticationRequired } from '../errors.js';
import { bearerToken } from '../plugins/auth.js';

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** Equal-length digests compared in constant time: neither the token's bytes nor its length leak through timing. */
export function sameToken(sent: string, expected: string): boolean {
  return timingSafeEqual(digest(sent), digest(expected));
}

/**
 * `GET /metrics` in Prometheus text format, for the public app (with a token) or the internal
 * metrics listener (METRICS_PORT). With a token, a scrape without it, or with another, is 401.
 */
export async function metricsRoutes(app: FastifyInstance, opts: { registry: Registry; token?: string | undefined }): Promise<void> {
  app.get(
    '/metrics',
    {
      schema: {
        tags: ['platform'],
        summary: 'Operational metrics in Prometheus text format (bearer METRICS_TOKEN when set)',
        response: { 200: { type: 'string', description: 'Prometheus text exposition format 0.0.4' } },
      },
      preHandler: async (request, reply) => {
        if (opts.token === undefined) return;
        const sent = bearerToken(request);
        if (sent === null || !sameToken(sent, opts.token)) {
          reply.header('www-authenticate', 'Bearer realm="metrics"');
          throw new AuthenticationRequired(sent === null ? 'send the metrics token as Authorization: Bearer <METRICS_TOKEN>' : 'the metrics token is wrong');
        }
      },
    },
    async (_request, reply) => {
      const text = await opts.registry.metrics();
      return reply.type(opts.registry.contentType).send(text);
    },
  );
}
