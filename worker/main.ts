import closeWithGrace from 'close-with-grace';
import { pino } from 'pino';
import { loggerOptions } from '../api/logger.js';
import { loadMetricsConfig, loadNoticeConfig, loadPlatformConfig } from '../platform/config.js';
import { createMetrics } from '../platform/metrics/khidma-metrics.js';
import { startMetricsListener } from '../api/metrics/metrics-listener.js';
import { configuredChannels } from '../platform/notices/configured-channels.js';
import { NoticeDispatcher } from '../platform/notices/dispatcher.js';
import { createPrisma } from '../platform/prisma.js';
import { dataDirectory, ensureSecrets } from '../platform/secrets.js';
import { createCaseWorker } from './worker.js';

/**
 * The worker alone, for deployments where Temporal and PostgreSQL run elsewhere (docker-compose.yml),
 * with the notice dispatcher that sends the delivery outbox (SMTP_URL, SMS_GATEWAY_URL).
 */
// The payload key must be the API's: both read it from the environment, or from the same data directory.
ensureSecrets(process.env, dataDirectory());
const config = loadPlatformConfig();
const log = pino(loggerOptions(config.logLevel));
const { databaseUrl } = config;
if (!databaseUrl) {
  log.fatal('DATABASE_URL must be set to run the worker on its own (npm start runs everything with embedded defaults)');
  process.exit(1);
}
const prisma = createPrisma(databaseUrl);
// A worker has no HTTP server: its failures and deliveries are scraped on METRICS_PORT, or not at all.
const metricsConfig = loadMetricsConfig();
const metrics = createMetrics();
const metricsListener = metricsConfig.port === undefined ? null : await startMetricsListener(metrics, { ...metricsConfig, port: metricsConfig.port }, log);
if (metricsListener) log.info({ url: metricsListener.url }, 'worker metrics listening');
const { worker, connection } = await createCaseWorker({
  metrics,
  address: config.temporal.address,
  namespace: config.temporal.namespace,
  ...(config.temporal.taskQueue ? { taskQueue: config.temporal.taskQueue } : {}),
  prisma,
  log,
  videoBaseUrl: config.videoBaseUrl,
});
const dispatcher = new NoticeDispatcher({ prisma, log: log.child({ component: 'notices' }), metrics, ...configuredChannels(loadNoticeConfig()) });
dispatcher.start();
closeWithGrace({ delay: 30_000 }, async ({ err }) => {
  if (err) log.error({ err }, 'shutting down after an error');
  if (worker.getState() === 'RUNNING') worker.shutdown();
});
log.info('worker running');
await worker.run();
await dispatcher.stop();
await connection.close();
await metricsListener?.close();
await prisma.$disconnect();
