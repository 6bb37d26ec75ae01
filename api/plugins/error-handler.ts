import type { FastifyError, FastifyInstance } from 'fastify';
import { TEXT_PATTERNS, TEXT_RULE } from '../../domain/text.js';
import { dependencyUnavailable, isDatabaseOutage, isTemporalOutage } from '../dependency-outage.js';
import { AppError } from '../errors.js';

interface ErrorBody {
  statusCode: number;
  code: string;
  error: string;
  message: string;
  details?: Record<string, unknown>;
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  503: 'Service Unavailable',
};

function body(statusCode: number, code: string, message: string, details?: Record<string, unknown>): ErrorBody {
  return { statusCode, code, error: REASONS[statusCode] ?? 'Error', message, ...(details ? { details } : {}) };
}

/** How long a client should wait before retrying after a 503: a restarting dependency is usually back by then. */
const RETRY_AFTER_SECONDS = 5;

/** The one place where a failure becomes an HTTP answer. Anything unexpected is logged and answered without internals. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((thrown: FastifyError | AppError | Error, request, reply) => {
    const outage = isDatabaseOutage(thrown) ? 'the database' : isTemporalOutage(thrown) ? 'the case engine' : null;
    const err = outage ? dependencyUnavailable(request.method, outage) : thrown;
    if (err instanceof AppError) {
      if (outage) request.log.warn({ err: thrown, code: err.code }, `${outage} is unreachable`);
      else request.log.info({ code: err.code, status: err.statusCode }, err.message);
      if (err.statusCode === 503) reply.header('retry-after', String(RETRY_AFTER_SECONDS));
      if (err.statusCode === 429 && typeof err.details?.retryAfterSeconds === 'number') reply.header('retry-after', String(err.details.retryAfterSeconds));
      return reply.status(err.statusCode).send(body(err.statusCode, err.code, err.message, err.details));
    }
    const fastifyError = err as FastifyError;
    if (fastifyError.validation) {
      const first = fastifyError.validation[0];
      const where = fastifyError.validationContext ?? 'request';
      const path = first?.instancePath ? `${where}${first.instancePath.replaceAll('/', '.')}` : where;
      const missing = first?.keyword === 'required' ? `.${String((first.params as { missingProperty?: string }).missingProperty)}` : '';
      const extra = first?.keyword === 'additionalProperties'
        ? ` (unexpected field "${String((first.params as { additionalProperty?: string }).additionalProperty)}")`
        : '';
      const field = `${path}${missing}`;
      const plainTextRule = first?.keyword === 'pattern' && TEXT_PATTERNS.includes(String((first.params as { pattern?: unknown }).pattern));
      // A choice (an enum, or a union of constants: one error per constant) names what it accepts.
      const allowed = fastifyError.validation
        .filter((e) => e.instancePath === first?.instancePath && (e.keyword === 'const' || e.keyword === 'enum'))
        .flatMap((e) => (e.keyword === 'enum' ? ((e.params as { allowedValues?: unknown[] }).allowedValues ?? []) : [(e.params as { allowedValue?: unknown }).allowedValue]));
      const rule = plainTextRule ? TEXT_RULE : allowed.length > 0 ? `must be one of: ${allowed.map(String).join(', ')}` : (first?.message ?? 'is invalid');
      const message = `${field} ${rule}${extra}`;
      return reply.status(400).send(body(400, 'invalid_input', message, { field }));
    }
    if (fastifyError.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
      return reply
        .status(400)
        .send(body(400, 'invalid_json', 'the body is not valid JSON, or it holds a forbidden "__proto__" or "constructor" key'));
    }
    const status = fastifyError.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return reply.status(status).send(body(status, fastifyError.code?.toLowerCase() ?? 'bad_request', err.message));
    }
    request.log.error({ err }, 'unexpected failure');
    return reply
      .status(500)
      .send(body(500, 'internal', 'something went wrong on our side and has been logged; the request may or may not have been applied, so check before retrying'));
  });

  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send(body(404, 'not_found', `no route ${request.method} ${request.url.split('?')[0]}`));
  });
}
