import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { InvalidInput } from '../errors.js';

/**
 * Ajv coerces a query or path value such as `1e309` or `Infinity` to Infinity and then lets it
 * through `integer`, `minimum` and `maximum`; a JSON body's `1e309` (parsed as Infinity) would be
 * coerced to the text "Infinity" where a field may be text. So query and path parameters are
 * checked after validation, and bodies before it, once here for every route.
 */
function refuseNonFinite(where: 'querystring' | 'params', values: unknown): void {
  if (!values || typeof values !== 'object') return;
  for (const [name, value] of Object.entries(values)) {
    if (typeof value === 'number' && !Number.isFinite(value)) {
      throw new InvalidInput(`${where}.${name} must be a finite number`, { field: `${where}.${name}` });
    }
  }
}

/** The path of the first non-finite number in a parsed JSON body, or null. */
function nonFiniteIn(value: unknown, path: string, depth = 0): string | null {
  if (typeof value === 'number') return Number.isFinite(value) ? null : path;
  // A raw body (an imported file) holds bytes, not numbers; walking a 10 MB Buffer would take minutes.
  if (!value || typeof value !== 'object' || depth > 32 || Buffer.isBuffer(value)) return null;
  for (const [key, inner] of Object.entries(value)) {
    const found = nonFiniteIn(inner, `${path}.${key}`, depth + 1);
    if (found) return found;
  }
  return null;
}

export const finiteNumbersPlugin = fp(async (app: FastifyInstance) => {
  app.addHook('preValidation', async (request: FastifyRequest) => {
    const field = nonFiniteIn(request.body, 'body');
    if (field) throw new InvalidInput(`${field} must be a finite number`, { field });
  });
  app.addHook('preHandler', async (request: FastifyRequest) => {
    refuseNonFinite('querystring', request.query);
    refuseNonFinite('params', request.params);
  });
});
