import { randomBytes } from 'node:crypto';
import { Client } from '@temporalio/client';
import { pino } from 'pino';
import { caseDataConverter } from '../platform/payload-codec.js';
import { buildApp, type KhidmaApp } from '../api/app.js';
import { CaseEventFeed } from '../api/live/case-event-feed.js';
import { seed } from '../prisma/seed.js';
import { createPrisma, type PrismaClient } from '../platform/prisma.js';
import { resolveTemporal, type ResolvedTemporal } from '../platform/temporal-server.js';
import { createTestDatabase } from '../test/support/database.js';
import { routeTemporalLogsTo } from '../worker/temporal-logging.js';
import { createCaseWorker } from '../worker/worker.js';

export const BENCH_PASSWORD = 'bench';

export interface BenchPlatform {
  temporal: ResolvedTemporal;
  client: Client;
  prisma: PrismaClient;
  app: KhidmaApp;
  /** Stops the case worker: submissions then only start workflows, which wait for a worker. */
  stopCaseWorker(): Promise<void>;
  close(): Promise<void>;
}

/** The whole platform in this process, on a fresh seeded database and an in-memory Temporal dev server. */
export async function startBenchPlatform(): Promise<BenchPlatform> {
  process.env.PAYLOAD_ENCRYPTION_KEY ??= randomBytes(32).toString('base64');
  const log = pino({ level: 'warn' });
  routeTemporalLogsTo(log);
  const temporal = await resolveTemporal({ mode: 'ephemeral', ui: false, log: () => undefined });
  const database = await createTestDatabase();
  const prisma = createPrisma(database.url);
  await seed(prisma, { password: BENCH_PASSWORD, nodeEnv: 'bench', log: () => undefined });
  const { worker, connection } = await createCaseWorker({ address: temporal.address, namespace: temporal.namespace, prisma, log });
  const running = worker.run();
  const client = new Client({ connection: temporal.connection, namespace: temporal.namespace, dataConverter: caseDataConverter() });
  const feed = new CaseEventFeed({ prisma, log, listenUrl: database.url });
  await feed.start();
  // Every request of the benchmark comes from one address: no rate limit may stand in its way.
  const unlimited = { submissionsPerMinute: 1e9, lookupsPerMinute: 1e9, signInsPerMinute: 1e9 };
  const config = { jwtSecret: 'bench-jwt-secret-0123456789', accessTokenSecret: 'bench-access-secret-0123456789', limits: unlimited };
  const app = await buildApp({ prisma, temporal: client, feed, config });
  return {
    temporal,
    client,
    prisma,
    app,
    async stopCaseWorker() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
    },
    async close() {
      await app.close();
      await feed.stop();
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
      await connection.close();
      await prisma.$disconnect();
      await temporal.stop();
      await database.drop();
    },
  };
}
