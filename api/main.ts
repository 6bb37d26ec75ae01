import { Client } from '@temporalio/client';
import closeWithGrace from 'close-with-grace';
import { pino } from 'pino';
import { caseDataConverter } from '../scripts/runtime/payload-codec.js';
import { createPrisma } from '../scripts/runtime/prisma.js';
import { dataDirectory, ensureSecrets } from '../scripts/runtime/secrets.js';
import { lazyClientConnection } from '../scripts/runtime/temporal-client-connection.js';
import { buildApp } from './app.js';
import { loadApiConfig } from './config.js';
import { CaseEventFeed } from './live/case-event-feed.js';
import { loggerOptions } from './logger.js';

/** The API alone, for deployments where Temporal and PostgreSQL run elsewhere (docker-compose.yml). */
ensureSecrets(process.env, dataDirectory());
const config = loadApiConfig();
const log = pino(loggerOptions(config.logLevel));
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  log.fatal('DATABASE_URL must be set to run the API on its own (npm start runs everything with embedded defaults)');
  process.exit(1);
}
const prisma = createPrisma(databaseUrl);
const { connection, close: closeConnection } = lazyClientConnection(process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233');
const temporal = new Client({ connection, namespace: config.temporalNamespace, dataConverter: caseDataConverter() });
const feed = new CaseEventFeed({ prisma, log, listenUrl: databaseUrl });
await feed.start();
const taskQueue = process.env.TEMPORAL_TASK_QUEUE;
const app = await buildApp({ prisma, temporal, feed, config, ...(taskQueue ? { taskQueue } : {}) }, { logger: log });
app.addHook('onClose', async () => {
  await feed.stop();
  await closeConnection();
  await prisma.$disconnect();
});
closeWithGrace({ delay: 10_000 }, async ({ err }) => {
  if (err) log.error({ err }, 'shutting down after an error');
  await app.close();
});
await app.listen({ port: config.port, host: config.host });
