import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { Client } from '@temporalio/client';
import closeWithGrace from 'close-with-grace';
import { pino } from 'pino';
import { buildApp } from '../api/app.js';
import { loadApiConfig, loadNoticeConfig, loadPlatformConfig } from '../platform/config.js';
import { CaseEventFeed } from '../api/live/case-event-feed.js';
import { loggerOptions } from '../api/logger.js';
import { startSlotPublisher } from '../store/slot-publisher.js';
import { seed, SEED_USERNAMES } from '../prisma/seed.js';
import { routeTemporalLogsTo } from '../worker/temporal-logging.js';
import { createCaseWorker } from '../worker/worker.js';
import { resolveDatabase } from '../platform/database.js';
import { applyMigrations } from '../platform/migrate.js';
import { caseDataConverter } from '../platform/payload-codec.js';
import { createPrisma } from '../platform/prisma.js';
import { dataDirectory, ensureSecrets, METRICS_TOKEN, metricsTokenNeeded } from '../platform/secrets.js';
import { createMetrics } from '../platform/metrics/khidma-metrics.js';
import { startMetricsListener } from '../api/metrics/metrics-listener.js';
import { reservePort } from '../platform/free-port.js';
import { resolveTemporal } from '../platform/temporal-server.js';
import { startMailServer } from '../platform/mail-server.js';
import { configuredChannels } from '../platform/notices/configured-channels.js';
import { NoticeDispatcher } from '../platform/notices/dispatcher.js';

/**
 * `npm start`: the whole platform in one process on embedded defaults — a Temporal dev server
 * and (without DATABASE_URL) a PGlite database, both persisted under .data/, then migrations,
 * the first-run seed, the worker and the API. Ctrl-C stops everything in reverse order.
 */
const dataDir = dataDirectory();
mkdirSync(dataDir, { recursive: true });
// Before anything reads them: the API's secrets and the payload key worker and API share.
// /metrics needs a token unless METRICS_PORT keeps it off the public port: kept with the other secrets.
const metricsTokenFromFile = metricsTokenNeeded(process.env);
const { generated } = ensureSecrets(process.env, dataDir);
if (metricsTokenFromFile) generated.push(...ensureSecrets(process.env, dataDir, [METRICS_TOKEN]).generated);
const loaded = loadApiConfig();
// The embedded Temporal UI is pointed at our codec endpoint, so the API's port must be known before Temporal starts.
// PORT=0: a free port held from now until the API binds it, so nothing else can take it while Temporal and the worker start.
const reservation = loaded.port === 0 ? await reservePort(loaded.host) : null;
const config = { ...loaded, port: reservation?.port ?? loaded.port };
const notices = loadNoticeConfig();
const log = pino({ ...loggerOptions(config.logLevel), transport: process.stdout.isTTY ? { target: 'pino-pretty' } : undefined });
if (generated.length > 0) log.info({ generated, file: `${dataDir}/secrets.json` }, 'generated development secrets');

const stops: Array<{ part: string; stop: () => Promise<unknown> }> = [];
let stopping: Promise<boolean> | null = null;

/** A part that has not stopped by then is left behind so that the parts after it (the database, Temporal) still stop. */
const PART_STOP_MS = 8_000;

async function stopWithin<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([work, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`did not stop within ${ms} ms`)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

/** Once, in reverse order of starting, whoever asks first (a signal, an error, Temporal's death); false if a part failed to stop. */
function stopAll(): Promise<boolean> {
  stopping ??= (async () => {
    let clean = true;
    for (const { part, stop } of [...stops].reverse()) {
      const started = Date.now();
      await stopWithin(PART_STOP_MS, stop()).catch((err: unknown) => {
        clean = false;
        log.error({ err, part }, 'while stopping');
      });
      log.info({ part, ms: Date.now() - started }, 'stopped');
    }
    return clean;
  })();
  return stopping;
}

/** A normal stop takes a second or two; this only bounds one that hangs. */
const STOP_GRACE_MS = 20_000;
/**
 * Ctrl-C under `npm start` arrives twice (the terminal signals npm and node, and npm forwards its
 * own): a repeat this soon is the same keypress, not the impatient second one that stops at once.
 */
const SAME_KEYPRESS_MS = 3_000;

// Errors: close-with-grace (uncaught exception or rejection → ordered stop, exit 1).
closeWithGrace({ delay: STOP_GRACE_MS, skip: ['SIGINT', 'SIGTERM'] }, async ({ err }) => {
  if (err) log.error({ err }, 'stopping after an error');
  await stopAll();
});

let firstSignalAt: number | null = null;
function onStopSignal(signal: NodeJS.Signals): void {
  const now = Date.now();
  if (firstSignalAt !== null) {
    if (now - firstSignalAt < SAME_KEYPRESS_MS) return;
    log.warn({ signal }, 'second stop signal: exiting now');
    process.exit(1);
  }
  firstSignalAt = now;
  log.info({ signal }, 'stopping');
  setTimeout(() => {
    log.error({ graceMs: STOP_GRACE_MS }, 'the platform did not stop in time: exiting');
    process.exit(1);
  }, STOP_GRACE_MS).unref();
  // Also during start-up: what has started so far stops, in order.
  void stopAll().then((clean) => process.exit(clean ? 0 : 1));
}
process.on('SIGINT', onStopSignal);
process.on('SIGTERM', onStopSignal);

// The SDK's own signal handlers are off: the handlers above stop the worker in the platform's order.
routeTemporalLogsTo(log, { ownSignals: true });
try {
  const reachableHost = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  const apiBase = `http://${reachableHost.includes(':') ? `[${reachableHost}]` : reachableHost}:${config.port}`;
  const [temporal, database] = await Promise.all([
    resolveTemporal({ mode: 'persistent', dataDir, log: (obj, msg) => log.info(obj, msg), uiCodecEndpoint: `${apiBase}/codec` }),
    resolveDatabase({ dataDir, log: (msg) => log.info(msg) }),
  ]);
  let temporalStopped = false;
  stops.push({ part: 'temporal', stop: () => temporal.stop().then(() => (temporalStopped = true)) }, { part: 'database', stop: () => database.stop() });
  // An exit before its ordered stop (the grace period over, a second Ctrl-C) must not leave the dev server running alone.
  process.on('exit', () => {
    if (temporalStopped || temporal.serverPid === null) return;
    try {
      process.kill(temporal.serverPid, 'SIGTERM');
    } catch {
      // already gone
    }
  });
  // Stopped in reverse: the API stops taking requests, the notice dispatcher and the worker drain, the mail server, the database, then Temporal.
  void temporal.exited?.then(async (reason) => {
    log.fatal({ reason }, `${reason}: stopping the platform`);
    await stopAll();
    process.exit(1);
  });

  await applyMigrations(database.url, (msg) => log.info(msg));
  const prisma = createPrisma(database.url);
  stops.push({ part: 'database client', stop: () => prisma.$disconnect() });
  const seeded = await seed(prisma, { password: process.env.SEED_PASSWORD, nodeEnv: process.env.NODE_ENV, log: (msg) => log.info(msg) });

  // Without SMTP_URL, e-mails go to MailDev, whose inbox shows every one (kept in the data directory across restarts).
  const mail = notices.smtpUrl ? null : await startMailServer({ mailDirectory: `${dataDir}/maildev`, preferUsualInboxPort: true });
  if (mail) stops.push({ part: 'mail server', stop: () => mail.stop() });

  // One registry for the worker, the notice dispatcher and the API of this process: one scrape shows them all.
  const metrics = createMetrics();
  const { worker, connection } = await createCaseWorker({
    metrics,
    address: temporal.address,
    namespace: temporal.namespace,
    prisma,
    log,
    videoBaseUrl: loadPlatformConfig().videoBaseUrl,
  });
  const workerDone = worker.run();
  stops.push({
    part: 'worker',
    stop: async () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await workerDone;
      await connection.close();
    },
  });

  const dispatcher = new NoticeDispatcher({
    prisma,
    log: log.child({ component: 'notices' }),
    metrics,
    ...configuredChannels({ ...notices, smtpUrl: mail?.smtpUrl ?? notices.smtpUrl }),
  });
  dispatcher.start();
  stops.push({ part: 'notice dispatcher', stop: () => dispatcher.stop() });

  const feed = new CaseEventFeed({ prisma, log, ...(database.embedded ? { pollIntervalMs: 100 } : { listenUrl: database.url }) });
  await feed.start();
  stops.push({ part: 'event feed', stop: () => feed.stop() });
  const client = new Client({ connection: temporal.connection, namespace: temporal.namespace, dataConverter: caseDataConverter() });
  // The embedded UI's origin may call the codec unless TEMPORAL_UI_ORIGIN says otherwise.
  const temporalUiOrigins = config.temporalUiOrigins.length > 0 ? config.temporalUiOrigins : temporal.uiUrl ? [temporal.uiUrl] : [];
  const app = await buildApp({ prisma, temporal: client, feed, config: { ...config, temporalUiOrigins }, metrics }, { logger: log });
  stops.push({ part: 'api', stop: () => app.close() });
  await reservation?.release();
  await app.listen({ port: config.port, host: config.host });
  const publisher = startSlotPublisher({ prisma, log });
  stops.push({ part: 'slot publisher', stop: () => publisher.stop() });
  const metricsPort = config.metrics.port;
  const metricsListener = metricsPort === undefined ? null : await startMetricsListener(metrics, { ...config.metrics, port: metricsPort }, log);
  if (metricsListener) stops.push({ part: 'metrics listener', stop: () => metricsListener.close() });

  // The port actually bound: PORT=0 asks for any free one.
  const { port } = app.server.address() as AddressInfo;
  const base = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  const lines = [
    '',
    'Khidma is running.',
    `  Citizens     ${base}/`,
    `  Staff        ${base}/staff/`,
    `  Dashboard    ${base}/staff/dashboard/ (managers)`,
    `  Open data    ${base}/public/stats.html · ${base}/public/grants.html · ${base}/tenders/`,
    `  Open311      ${base}/open311/v2/services.json`,
    `  API          ${base}/api/v1/services`,
    `  API docs     ${base}/docs`,
    `  Health       ${base}/health`,
    `  Metrics      ${metricsLine(metricsListener?.url ?? `${base}/metrics`, config.metrics.token, metricsTokenFromFile ? `${dataDir}/secrets.json` : null)}`,
    `  Temporal UI  ${temporal.uiUrl ?? '(external server: see its own UI)'}`,
    `  Database     ${database.embedded ? `embedded PGlite in ${dataDir}/pglite` : 'DATABASE_URL'}`,
    `  Mail         ${mail ? `${mail.inboxUrl} (MailDev: every e-mail sent)` : 'sent through SMTP_URL'}`,
    seeded.created
      ? `  Staff users  ${SEED_USERNAMES.join(', ')} (password: ${process.env.SEED_PASSWORD ? 'SEED_PASSWORD' : 'demo'})`
      : '  Staff users  as seeded on the first run',
    'Press Ctrl-C to stop.',
    '',
  ];
  process.stdout.write(lines.join('\n') + '\n');
} catch (err) {
  log.fatal({ err }, err instanceof Error ? err.message : 'start failed');
  await stopAll();
  process.exit(1);
}

/** Where to scrape, and with which token — named, never printed: it stays in the secrets file or the environment. */
function metricsLine(url: string, token: string | undefined, file: string | null): string {
  if (!token) return `${url} (no token: loopback listener of METRICS_PORT)`;
  return `${url} (Authorization: Bearer <METRICS_TOKEN${file ? ` from ${file}` : ''}>)`;
}
