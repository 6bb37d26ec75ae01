import type { FastifyInstance } from 'fastify';
import { limitsOf } from '../../platform/config.js';
import type { AppDeps } from '../app.js';

/**
 * The one per-address budget of look-ups by tracking code (the citizen's case routes and live
 * channel), built once and shared: a route's own `config.rateLimit` keeps a counter
 * of its own (its groupId only renames the key), and guessing codes must not gain a budget per route.
 */
export function trackingCodeLookupLimit(app: Pick<FastifyInstance, 'rateLimit'>, deps: AppDeps) {
  return app.rateLimit({ max: limitsOf(deps.config).lookupsPerMinute, timeWindow: '1 minute' });
}

export type TrackingCodeLookupLimit = ReturnType<typeof trackingCodeLookupLimit>;
