import closeWithGrace from 'close-with-grace';
import { pino } from 'pino';
import { loggerOptions } from '../api/logger.js';
import { createPrisma } from '../scripts/runtime/prisma.js';
import { dataDirectory, ensureSecrets } from '../scripts/runtime/secrets.js';
import { createCaseWorker } from './worker.js';

/** The worker alone, for deployments where Temporal and PostgreSQL run elsewhere (docker-compose.yml). */
// The payload key must be the API's: both read it from the environment, or from the same data directory.
ensureSecrets(process.env, dataDirectory());
const log = pino(loggerOptions(process.env.LOG_LEVEL ?? 'info'));
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  log.fatal('DATABASE_URL must be set to run the worker on its own (npm start runs everything with embedded defaults)');
  process.exit(1);
}
const prisma = createPrisma(databaseUrl);
const { worker, connection } = await createCaseWorker({
  address: process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233',
  namespace: process.env.TEMPORAL_NAMESPACE ?? 'default',
  ...(process.env.TEMPORAL_TASK_QUEUE ? { taskQueue: process.env.TEMPORAL_TASK_QUEUE } : {}),
  prisma,
  log,
});
closeWithGrace({ delay: 30_000 }, async ({ err }) => {
  if (err) log.error({ err }, 'shutting down after an error');
  if (worker.getState() === 'RUNNING') worker.shutdown();
});
log.info('worker running');
await worker.run();
await connection.close();
await prisma.$disconnect();
