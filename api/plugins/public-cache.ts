import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { limitsOf } from '../../platform/config.js';
import type { AppDeps } from '../app.js';

/** Public answers may be a minute old: a CDN or a browser keeps them that long, then revalidates with the ETag. */
export const PUBLIC_MAX_AGE_SECONDS = 60;

/**
 * The one per-address limit of every public open-data read, as an onRequest hook: built once and
 * shared, because a route's own `config.rateLimit` keeps a counter of its own (its groupId only
 * renames the key), so a client could multiply the budget by switching endpoints.
 */
export function publicReadLimit(app: Pick<FastifyInstance, 'rateLimit'>, deps: AppDeps) {
  return app.rateLimit({ max: limitsOf(deps.config).publicReadsPerMinute, timeWindow: '1 minute' });
}

export type PublicReadLimit = ReturnType<typeof publicReadLimit>;


/**
 * Sets the caching headers of a public answer from the version of the data it is built from,
 * and says whether the client's copy (If-None-Match) is still current, in which case the caller
 * answers 304 without building the answer at all.
 */
export function isClientCopyCurrent(request: FastifyRequest, reply: FastifyReply, dataVersion: string): boolean {
  const etag = `"${createHash('sha256').update(dataVersion).update('\0').update(request.url).digest('base64url').slice(0, 32)}"`;
  reply.header('etag', etag);
  reply.header('cache-control', `public, max-age=${PUBLIC_MAX_AGE_SECONDS}`);
  const asked = request.headers['if-none-match'];
  if (typeof asked !== 'string') return false;
  return asked.split(',').some((tag) => {
    const candidate = tag.trim().replace(/^W\//, '');
    return candidate === etag || candidate === '*';
  });
}
