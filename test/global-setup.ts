import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startMailServer } from '../platform/mail-server.js';
import { bundleCaseWorkflows } from '../worker/worker.js';
import { createPrisma } from '../platform/prisma.js';
import { seed } from '../prisma/seed.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { startTestTemporal } from './support/temporal.js';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    temporalNamespace: string;
    databaseUrl: string;
    /** a seeded database nobody connects to: createNoticeDatabase copies it rather than seeding again */
    seededTemplate: string;
    workflowBundleCode: string;
    /** the run's MailDev: where dispatchers under test send, and its REST API to read what arrived */
    smtpUrl: string;
    mailApiUrl: string;
  }
}

export const TEST_SEED_PASSWORD = 'test-password';

/** Migrated and seeded once; the run's database and the notice databases are copies of it. */
async function createSeededTemplate(): Promise<TestDatabase> {
  const template = await createTestDatabase();
  const prisma = createPrisma(template.url);
  await seed(prisma, { password: TEST_SEED_PASSWORD, nodeEnv: 'test', log: () => undefined });
  await prisma.$disconnect();
  return template;
}

/** One Temporal dev server, one fresh seeded database, one MailDev and one workflow bundle for the whole run. */
export default async function setup(project: TestProject) {
  const mailDirectory = await mkdtemp(join(tmpdir(), 'khidma-test-mail-'));
  const [temporal, seeded, bundle, mail] = await Promise.all([
    startTestTemporal(),
    createSeededTemplate(),
    bundleCaseWorkflows(),
    startMailServer({ mailDirectory, preferUsualInboxPort: false }),
  ]);
  const database = await createTestDatabase({ template: seeded.name });
  project.provide('temporalAddress', temporal.address);
  project.provide('temporalNamespace', temporal.namespace);
  project.provide('databaseUrl', database.url);
  project.provide('seededTemplate', seeded.name);
  project.provide('workflowBundleCode', bundle.code);
  project.provide('smtpUrl', mail.smtpUrl);
  project.provide('mailApiUrl', mail.apiUrl);
  return async () => {
    await temporal.stop();
    await database.drop();
    await seeded.drop();
    await mail.stop();
    await rm(mailDirectory, { recursive: true, force: true });
  };
}
