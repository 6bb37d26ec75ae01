import type { FastifyRequest } from 'fastify';
import type { LoggerOptions } from 'pino';

/**
 * Log options shared by every process. Query strings can carry access tokens and bodies carry
 * personal data, so requests are logged by method and path only, and known secrets are redacted.
 */
export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    redact: {
      paths: ['req.headers.authorization', 'applicant', '*.applicant', 'password', '*.password', 'token', '*.token', 'nationalId', 'phone'],
      censor: '[redacted]',
    },
    serializers: {
      req(request: FastifyRequest) {
        return { method: request.method, path: request.url.split('?')[0], requestId: request.id };
      },
    },
  };
}
