import { randomUUID } from 'node:crypto';
import { Client } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import { pino } from 'pino';
import { inject } from 'vitest';
import { buildApp, type KhidmaApp } from '../../api/app.js';
import { CaseEventFeed } from '../../api/live/case-event-feed.js';
import type { SlaPolicy } from '../../domain/sla/policy.js';
import { caseDataConverter } from '../../platform/payload-codec.js';
import { createPrisma, type PrismaClient } from '../../platform/prisma.js';
import { lazyClientConnection } from '../../platform/temporal-client-connection.js';
import { createCaseWorker } from '../../worker/worker.js';
import { TEST_SEED_PASSWORD } from '../global-setup.js';

/** Test files send many requests from one address: limits high enough never to trip (rate-limits.test.ts proves them). */
export const TEST_CONFIG = {
  jwtSecret: 'test-jwt-secret-0123456789abcdef',
  accessTokenSecret: 'test-access-secret-0123456789abcdef',
  limits: { submissionsPerMinute: 100_000, lookupsPerMinute: 100_000, signInsPerMinute: 100_000, openDataPerMinute: 100_000, liveRecheckMs: 250 },
};

export interface TestPlatform {
  app: KhidmaApp;
  feed: CaseEventFeed;
  prisma: PrismaClient;
  temporal: Client;
  taskQueue: string;
  startWorker(): Promise<Worker>;
  stopWorker(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The real platform for one test file: the run's Temporal server and database, a worker on a
 * task queue of its own (so files never pick up each other's cases), and an app built by buildApp.
 */
export async function startPlatform(
  options: { databaseUrl?: string; apiDatabaseUrl?: string; apiTemporalAddress?: string; temporal?: { address: string; namespace: string } } = {},
): Promise<TestPlatform> {
  const address = options.temporal?.address ?? inject('temporalAddress');
  const namespace = options.temporal?.namespace ?? inject('temporalNamespace');
  const databaseUrl = options.databaseUrl ?? inject('databaseUrl');
  const taskQueue = `test-${randomUUID()}`;
  const log = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const prisma = createPrisma(databaseUrl);
  // The API may reach PostgreSQL and Temporal another way (a relay a test can cut) than the worker does.
  const apiPrisma = options.apiDatabaseUrl ? createPrisma(options.apiDatabaseUrl) : prisma;
  const { connection, close: closeConnection } = lazyClientConnection(options.apiTemporalAddress ?? address);
  await connection.ensureConnected();
  const temporal = new Client({ connection, namespace, dataConverter: caseDataConverter() });
  const feed = new CaseEventFeed({ prisma: apiPrisma, log, listenUrl: options.apiDatabaseUrl ?? databaseUrl, pollIntervalMs: 1000 });
  await feed.start();
  const app = await buildApp({ prisma: apiPrisma, temporal, feed, config: TEST_CONFIG, taskQueue });
  await app.ready();

  let running: { worker: Worker; done: Promise<void>; close(): Promise<void> } | null = null;
  async function startWorker(): Promise<Worker> {
    const { worker, connection: workerConnection } = await createCaseWorker({
      address,
      namespace,
      prisma,
      log,
      taskQueue,
      workflowBundle: { code: inject('workflowBundleCode') },
    });
    const done = worker.run();
    running = { worker, done, close: () => workerConnection.close() };
    return worker;
  }
  async function stopWorker(): Promise<void> {
    if (!running) return;
    const current = running;
    running = null;
    current.worker.shutdown();
    await current.done;
    await current.close();
  }
  await startWorker();
  return {
    app,
    feed,
    prisma,
    temporal,
    taskQueue,
    startWorker,
    stopWorker,
    async close() {
      await stopWorker();
      await app.close();
      await feed.stop();
      await closeConnection();
      await prisma.$disconnect();
      if (apiPrisma !== prisma) await apiPrisma.$disconnect();
    },
  };
}

export async function staffToken(app: KhidmaApp, username: string): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/token', payload: { username, password: TEST_SEED_PASSWORD } });
  if (res.statusCode !== 200) throw new Error(`sign-in of ${username} failed: ${res.body}`);
  return res.json<{ token: string }>().token;
}

/** The Authorization header of a signed-in seeded staff user. */
export async function staffHeaders(app: KhidmaApp, username: string): Promise<Record<string, string>> {
  return { authorization: `Bearer ${await staffToken(app, username)}` };
}

/** An entity of its own, for tests whose calendar changes must not touch other files' cases. */
export async function createTestEntity(prisma: PrismaClient, prefix = 'TEST') {
  const code = `${prefix}-${randomUUID().slice(0, 8).toUpperCase()}`;
  return prisma.entity.create({ data: { code, name: `Entité de test ${code}` } });
}

/** A service (of the seeded MJ entity unless told) with a budget short enough for a test to watch it run out. */
export async function createTestService(
  prisma: PrismaClient,
  policy: Partial<SlaPolicy> & Pick<SlaPolicy, 'budget'>,
  entityId?: string,
) {
  const entity = entityId ? { id: entityId } : await prisma.entity.findFirstOrThrow({ where: { code: 'MJ' } });
  return prisma.service.create({
    data: {
      entityId: entity.id,
      code: `TEST-${randomUUID().slice(0, 8)}`,
      caseType: 'document_request',
      name: 'Service de test',
      clocks: {
        decision: {
          legalBasis: 'Test',
          warnAt: [],
          escalation: [],
          extension: null,
          silence: 'none',
          ...policy,
        },
      } as object,
    },
  });
}

export const APPLICANT = { fullName: 'Amina El Idrissi', nationalId: 'AB123456', phone: '+212 612345678' };
