import fastifyRateLimit from '@fastify/rate-limit';
import fastifyWebsocket from '@fastify/websocket';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Client } from '@temporalio/client';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import type { PrismaClient } from '../scripts/runtime/prisma.js';
import type { ApiConfig } from './config.js';
import { isDatabaseOutage, isTemporalOutage } from './dependency-outage.js';
import type { CaseEventFeed } from './live/case-event-feed.js';
import { authPlugin } from './plugins/auth.js';
import { docsPlugin } from './plugins/docs.js';
import { installErrorHandler } from './plugins/error-handler.js';
import { finiteNumbersPlugin } from './plugins/finite-numbers.js';
import { webPagesPlugin } from './plugins/web-pages.js';
import { adminCalendarRoutes } from './routes/admin-calendar.js';
import { adminOfficeHoursRoutes } from './routes/admin-office-hours.js';
import { authRoutes } from './routes/auth.js';
import { calendarRoutes } from './routes/calendar.js';
import { citizenCaseRoutes } from './routes/citizen-cases.js';
import { healthRoutes } from './routes/health.js';
import { liveRoutes } from './routes/live.js';
import { officeHoursRoutes } from './routes/office-hours.js';
import { staffLiveRoutes } from './routes/staff-live.js';
import { notificationRoutes } from './routes/notifications.js';
import { serviceRoutes } from './routes/services.js';
import { staffCaseRoutes } from './routes/staff-cases.js';
import { ErrorBody } from './schemas/common.js';

export interface AppDeps {
  prisma: PrismaClient;
  temporal: Client;
  feed: CaseEventFeed;
  config: Pick<ApiConfig, 'jwtSecret' | 'accessTokenSecret'>;
  taskQueue?: string;
}

/** WebSocket close codes (RFC 6455 and IANA's registry). */
const WS_INTERNAL_ERROR = 1011;
const WS_TRY_AGAIN_LATER = 1013;

/** Request bodies are small JSON documents; anything larger is refused before it is parsed. */
const BODY_LIMIT_BYTES = 64 * 1024;

export async function buildApp(deps: AppDeps, options: { logger?: FastifyBaseLogger } = {}) {
  const app = Fastify({
    ...(options.logger ? { loggerInstance: options.logger } : { logger: false }),
    bodyLimit: BODY_LIMIT_BYTES,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  installErrorHandler(app);
  // JSON only: a form or text body is refused with 415 rather than read as a string.
  app.removeContentTypeParser(['text/plain']);
  app.addSchema(ErrorBody);
  await app.register(finiteNumbersPlugin);
  await app.register(fastifyRateLimit, { global: false });
  await app.register(docsPlugin);
  await app.register(authPlugin, { secret: deps.config.jwtSecret });
  await app.register(fastifyWebsocket, {
    options: { maxPayload: 4096 },
    // Past the upgrade the error handler cannot answer: the socket is closed with a reason instead.
    errorHandler: (error, socket, request) => {
      const outage = isDatabaseOutage(error) || isTemporalOutage(error);
      request.log.warn({ err: error }, 'live channel failed');
      socket.close(outage ? WS_TRY_AGAIN_LATER : WS_INTERNAL_ERROR, outage ? 'unavailable: reconnect shortly' : 'internal error');
    },
  });
  await app.register(webPagesPlugin);

  await app.register(healthRoutes, { deps });
  await app.register(serviceRoutes, { deps });
  await app.register(authRoutes, { deps });
  await app.register(citizenCaseRoutes, { deps });
  await app.register(staffCaseRoutes, { deps });
  await app.register(liveRoutes, { deps });
  await app.register(staffLiveRoutes, { deps });
  await app.register(notificationRoutes, { deps });
  await app.register(calendarRoutes, { deps });
  await app.register(adminCalendarRoutes, { deps });
  await app.register(officeHoursRoutes, { deps });
  await app.register(adminOfficeHoursRoutes, { deps });
  return app;
}

export type KhidmaApp = Awaited<ReturnType<typeof buildApp>>;
