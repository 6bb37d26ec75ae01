import fastifyRateLimit, { normalizeIP } from '@fastify/rate-limit';
import fastifyWebsocket from '@fastify/websocket';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Client } from '@temporalio/client';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { PrismaClient } from '../platform/prisma.js';
import { limitsOf, type ApiConfig, type ApiLimits, type MetricsConfig } from '../platform/config.js';
import { createMetrics, type KhidmaMetrics } from '../platform/metrics/khidma-metrics.js';
import { grantsVersion } from '../store/open-data/grants-query.js';
import { httpMetricsPlugin } from './metrics/http-metrics.js';
import { registerReadModelGauges } from './metrics/read-model-gauges.js';
import { metricsRoutes } from './routes/metrics.js';
import { codecRoutes } from './routes/temporal-codec.js';
import { isDatabaseOutage, isTemporalOutage } from './dependency-outage.js';
import { RateLimited } from './errors.js';
import { answerFrameworkError } from './open311/spec-format.js';
import type { CaseEventFeed } from './live/case-event-feed.js';
import { authPlugin } from './plugins/auth.js';
import { docsPlugin } from './plugins/docs.js';
import { installErrorHandler } from './plugins/error-handler.js';
import { publicReadLimit } from './plugins/public-cache.js';
import { trackingCodeLookupLimit } from './plugins/lookup-limit.js';
import { KeptAnswers } from './public/kept-answers.js';
import { KeptVersion } from './public/kept-version.js';
import { finiteNumbersPlugin } from './plugins/finite-numbers.js';
import { webPagesPlugin } from './plugins/web-pages.js';
import { adminCalendarRoutes } from './routes/admin-calendar.js';
import { adminImportRoutes } from './routes/admin-imports.js';
import { adminOfficeHoursRoutes } from './routes/admin-office-hours.js';
import { adminOpen311ClientRoutes } from './routes/admin-open311-clients.js';
import { adminSlotRoutes } from './routes/admin-slots.js';
import { authRoutes } from './routes/auth.js';
import { legalTimeRoutes } from './routes/legal-time.js';
import { caseTypeRoutes } from './routes/case-types.js';
import { adminServiceRoutes } from './routes/admin-services.js';
import { calendarRoutes } from './routes/calendar.js';
import { citizenCaseRoutes } from './routes/citizen-cases.js';
import { healthRoutes } from './routes/health.js';
import { liveRoutes } from './routes/live.js';
import { officeHoursRoutes } from './routes/office-hours.js';
import { publicGrantRoutes } from './routes/public-grants.js';
import { officeRoutes } from './routes/offices.js';
import { open311Routes } from './routes/open311.js';
import { publicTenderRoutes } from './routes/public-tenders.js';
import { staffLiveRoutes } from './routes/staff-live.js';
import { notificationRoutes } from './routes/notifications.js';
import { serviceRoutes } from './routes/services.js';
import { slotHoldRoutes } from './routes/slot-holds.js';
import { officeClosureRoutes } from './routes/office-closures.js';
import { staffAgendaRoutes } from './routes/staff-agenda.js';
import { staffCaseRoutes } from './routes/staff-cases.js';
import { publicStatsRoutes } from './routes/public-stats.js';
import { statsRoutes } from './routes/stats.js';
import { ErrorBody } from './schemas/common.js';

export interface AppDeps {
  prisma: PrismaClient;
  temporal: Client;
  feed: CaseEventFeed;
  config: Pick<ApiConfig, 'jwtSecret' | 'accessTokenSecret'> & Partial<Pick<ApiConfig, 'tenderClosingSoonDays'>> & {
    limits?: Partial<ApiLimits>;
    trustProxy?: ApiConfig['trustProxy'];
    /** /metrics is served here only with a token and no port of its own (see MetricsConfig) */
    metrics?: MetricsConfig;
    temporalUiOrigins?: string[];
    publicBaseUrl?: string | undefined;
    statsMinSample?: number;
    publicStatsMinSample?: number;
    /** how long one instance reuses a public statistics answer it computed (default a minute; 0: never) */
    publicStatsCacheMs?: number;
    /** how long one instance keeps a calls-for-tenders answer at most (default a minute; 0: never); a status change or an import ends it sooner */
    publicTendersCacheMs?: number;
    /** how long a whole statistics page is kept per filter set; 0 or absent: read on every request */
    statsCacheSeconds?: number;
  };
  taskQueue?: string;
  /** where this app counts; `npm start` shares it with its worker. Default: a registry of this app's own */
  metrics?: KhidmaMetrics;
}

/** WebSocket close codes (RFC 6455 and IANA's registry). */
const WS_INTERNAL_ERROR = 1011;
const WS_TRY_AGAIN_LATER = 1013;

/** Request bodies are small JSON documents; anything larger is refused before it is parsed. */
const WS_GOING_AWAY = 1001;
const BODY_LIMIT_BYTES = 64 * 1024;

/** Public calls-for-tenders answers: kept a minute at most, the max-age a CDN keeps them anyway; 500 distinct queries per instance. */
const PUBLIC_TENDERS_CACHE_MS = 60_000;
const PUBLIC_ANSWERS_KEPT = 500;
/** The grants' data version is read once a second at most: another instance's import shows within it. */
const GRANTS_VERSION_KEPT_MS = 1000;

/**
 * Once the app is closing, each request still in flight is answered with `Connection: close`:
 * Fastify closes only the connections idle when it starts closing, so a keep-alive client whose
 * request was in flight would otherwise hold the server open until the keep-alive timeout.
 */
function closeConnectionsOnceAnswered(app: FastifyInstance): void {
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (_request, reply) => {
    if (closing) reply.header('connection', 'close');
  });
}

export async function buildApp(deps: AppDeps, options: { logger?: FastifyBaseLogger } = {}) {
  const limits = limitsOf(deps.config);
  const app = Fastify({
    ...(options.logger ? { loggerInstance: options.logger } : { logger: false }),
    bodyLimit: BODY_LIMIT_BYTES,
    // Registering reads nothing from outside, but a loaded machine (CI on 2 cores) can take longer than the default 10 s.
    pluginTimeout: 60_000,
    // A slow client (headers or body trickling in) is answered 408 instead of holding a connection for minutes.
    requestTimeout: limits.requestTimeoutMs,
    connectionTimeout: limits.connectionTimeoutMs,
    // Node reads requestTimeout only when the server is created (Fastify sets it after, to no effect
    // on Node 20), and checks it every 30 s by default, which would let a 1 s limit run 30 s.
    http: { requestTimeout: limits.requestTimeoutMs, connectionsCheckingInterval: Math.max(250, Math.min(5000, limits.requestTimeoutMs / 4)) },
    trustProxy: deps.config.trustProxy ?? false,
    frameworkErrors: answerFrameworkError,
    // allowUnionTypes: a field of details or of a step is text, yes/no or a whole number (api/schemas/common.ts FieldValue).
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false, allowUnionTypes: true } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  installErrorHandler(app);
  closeConnectionsOnceAnswered(app);
  // JSON only: a form or text body is refused with 415 rather than read as a string.
  app.removeContentTypeParser(['text/plain']);
  app.addSchema(ErrorBody);
  await app.register(finiteNumbersPlugin);
  // Per client address (behind a proxy, set TRUST_PROXY so that address is the client's); limits are per instance.
  await app.register(fastifyRateLimit, {
    global: false,
    // An upgrade injected in-process has no address; it still counts, under one shared key.
    keyGenerator: (request) => normalizeIP(request.ip ?? 'no-address'),
    errorResponseBuilder: (_request, context) =>
      new RateLimited(`too many requests from this address; try again in ${Math.ceil(context.ttl / 1000)} s`, { retryAfterSeconds: Math.ceil(context.ttl / 1000) }),
  });
  await app.register(docsPlugin);
  await app.register(authPlugin, { secret: deps.config.jwtSecret, prisma: deps.prisma });
  await app.register(fastifyWebsocket, {
    options: { maxPayload: 4096 },
    // 1001 "going away" tells the pages to reconnect, which they do once the platform is back.
    preClose(done) {
      for (const client of app.websocketServer.clients) client.close(WS_GOING_AWAY, 'server stopping; reconnect shortly');
      app.websocketServer.close(done);
    },
    // Past the upgrade the error handler cannot answer: the socket is closed with a reason instead.
    errorHandler: (error, socket, request) => {
      const outage = isDatabaseOutage(error) || isTemporalOutage(error);
      request.log.warn({ err: error }, 'live channel failed');
      socket.close(outage ? WS_TRY_AGAIN_LATER : WS_INTERNAL_ERROR, outage ? 'unavailable: reconnect shortly' : 'internal error');
    },
  });
  const metrics = deps.metrics ?? createMetrics();
  await app.register(httpMetricsPlugin, { metrics });
  registerReadModelGauges(metrics, deps);
  await app.register(webPagesPlugin);

  await app.register(healthRoutes, { deps });
  const metricsConfig = deps.config.metrics;
  if (metricsConfig?.token !== undefined && metricsConfig.port === undefined) {
    await app.register(metricsRoutes, { registry: metrics.registry, token: metricsConfig.token });
  }
  await app.register(codecRoutes, { prefix: '/codec', deps, uiOrigins: deps.config.temporalUiOrigins ?? [] });
  await app.register(serviceRoutes, { deps });
  await app.register(caseTypeRoutes);
  await app.register(authRoutes, { deps });
  const lookupLimit = trackingCodeLookupLimit(app, deps);
  await app.register(citizenCaseRoutes, { deps, lookupLimit });
  await app.register(slotHoldRoutes, { deps });
  await app.register(officeClosureRoutes, { deps });
  await app.register(staffAgendaRoutes, { deps });
  await app.register(staffCaseRoutes, { deps });
  await app.register(liveRoutes, { deps, lookupLimit });
  await app.register(staffLiveRoutes, { deps });
  await app.register(notificationRoutes, { deps });
  await app.register(calendarRoutes, { deps });
  await app.register(legalTimeRoutes);
  await app.register(adminServiceRoutes, { deps });
  await app.register(adminCalendarRoutes, { deps });
  await app.register(officeHoursRoutes, { deps });
  await app.register(adminOfficeHoursRoutes, { deps });
  await app.register(officeRoutes, { deps });
  await app.register(adminSlotRoutes, { deps });
  await app.register(statsRoutes, { deps });
  await app.register(adminOpen311ClientRoutes, { deps });
  await app.register(open311Routes, { deps, prefix: '/open311' });
  const tenderAnswers = new KeptAnswers(deps.config.publicTendersCacheMs ?? PUBLIC_TENDERS_CACHE_MS, PUBLIC_ANSWERS_KEPT);
  const grantsData = new KeptVersion(() => grantsVersion(deps.prisma), GRANTS_VERSION_KEPT_MS);
  // An import forgets what this instance keeps of its dataset.
  await app.register(adminImportRoutes, { deps, kept: { tenders: tenderAnswers, grants: grantsData } });
  const publicReads = publicReadLimit(app, deps);
  await app.register(publicGrantRoutes, { deps, publicReads, version: grantsData });
  await app.register(publicTenderRoutes, { deps, publicReads, kept: tenderAnswers });
  await app.register(publicStatsRoutes, { deps, publicReads });
  return app;
}

export type KhidmaApp = Awaited<ReturnType<typeof buildApp>>;
