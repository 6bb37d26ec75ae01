import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { InvalidInput } from '../errors.js';

/**
 * Ajv coerces a query or path value such as `1e309` or `Infinity` to Infinity and then lets it
 * through `integer`, `minimum` and `maximum`. JSON bodies cannot carry it past the schema (Ajv
 * refuses a non-finite number there), so the query and path parameters are checked once here,
 * after validation, for every route.
 */
function refuseNonFinite(where: 'querystring' | 'params', values: unknown): void {
  if (!values || typeof values !== 'object') return;
  for (const [name, value] of Object.entries(values)) {
    if (typeof value === 'number' && !Number.isFinite(value)) {
      throw new InvalidInput(`${where}.${name} must be a finite number`, { field: `${where}.${name}` });
    }
  }
}

export const finiteNumbersPlugin = fp(async (app: FastifyInstance) => {
  app.addHook('preHandler', async (request: FastifyRequest) => {
    refuseNonFinite('querystring', request.query);
    refuseNonFinite('params', request.params);
  });
});
