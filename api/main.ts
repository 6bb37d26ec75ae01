import { Client } from '@temporalio/client';
import closeWithGrace from 'close-with-grace';
import { pino } from 'pino';
import { caseDataConverter } from '../platform/payload-codec.js';
import { createPrisma } from '../platform/prisma.js';
import { dataDirectory, ensureSecrets, METRICS_TOKEN, metricsTokenNeeded } from '../platform/secrets.js';
import { createMetrics } from '../platform/metrics/khidma-metrics.js';
import { startMetricsListener } from './metrics/metrics-listener.js';
import { lazyClientConnection } from '../platform/temporal-client-connection.js';
import { buildApp } from './app.js';
import { loadApiConfig, loadPlatformConfig } from '../platform/config.js';
import { CaseEventFeed } from './live/case-event-feed.js';
import { loggerOptions } from './logger.js';
import { startSlotPublisher } from '../store/slot-publisher.js';

/** The API alone, for deployments where Temporal and PostgreSQL run elsewhere (docker-compose.yml). */
ensureSecrets(process.env, dataDirectory());
if (metricsTokenNeeded(process.env)) ensureSecrets(process.env, dataDirectory(), [METRICS_TOKEN]);
const platform = loadPlatformConfig();
const config = loadApiConfig();
const log = pino(loggerOptions(platform.logLevel));
const { databaseUrl } = platform;
if (!databaseUrl) {
  log.fatal('DATABASE_URL must be set to run the API on its own (npm start runs everything with embedded defaults)');
  process.exit(1);
}
const prisma = createPrisma(databaseUrl);
const { connection, close: closeConnection } = lazyClientConnection(platform.temporal.address);
const temporal = new Client({ connection, namespace: config.temporalNamespace, dataConverter: caseDataConverter() });
const feed = new CaseEventFeed({ prisma, log, listenUrl: databaseUrl });
await feed.start();
const { taskQueue } = platform.temporal;
const metrics = createMetrics();
const app = await buildApp({ prisma, temporal, feed, config, metrics, ...(taskQueue ? { taskQueue } : {}) }, { logger: log });
const metricsPort = config.metrics.port;
const metricsListener = metricsPort === undefined ? null : await startMetricsListener(metrics, { ...config.metrics, port: metricsPort }, log);
const publisher = startSlotPublisher({ prisma, log });
app.addHook('onClose', async () => {
  await metricsListener?.close();
  await publisher.stop();
  await feed.stop();
  await closeConnection();
  await prisma.$disconnect();
});
closeWithGrace({ delay: 10_000 }, async ({ err }) => {
  if (err) log.error({ err }, 'shutting down after an error');
  await app.close();
});
await app.listen({ port: config.port, host: config.host });
