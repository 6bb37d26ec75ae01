import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startMailServer } from '../platform/mail-server.js';
import { bundleCaseWorkflows } from '../worker/worker.js';
import { createPrisma } from '../platform/prisma.js';
import { seed } from '../prisma/seed.js';
import { createTestDatabase } from './support/database.js';
import { startTestTemporal } from './support/temporal.js';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    temporalNamespace: string;
    databaseUrl: string;
    workflowBundleCode: string;
    /** the run's MailDev: where dispatchers under test send, and its REST API to read what arrived */
    smtpUrl: string;
    mailApiUrl: string;
  }
}

export const TEST_SEED_PASSWORD = 'test-password';

/** One Temporal dev server, one fresh seeded database, one MailDev and one workflow bundle for the whole run. */
export default async function setup(project: TestProject) {
  const mailDirectory = await mkdtemp(join(tmpdir(), 'khidma-test-mail-'));
  const [temporal, database, bundle, mail] = await Promise.all([
    startTestTemporal(),
    createTestDatabase(),
    bundleCaseWorkflows(),
    startMailServer({ mailDirectory, preferUsualInboxPort: false }),
  ]);
  const prisma = createPrisma(database.url);
  await seed(prisma, { password: TEST_SEED_PASSWORD, nodeEnv: 'test', log: () => undefined });
  await prisma.$disconnect();
  project.provide('temporalAddress', temporal.address);
  project.provide('temporalNamespace', temporal.namespace);
  project.provide('databaseUrl', database.url);
  project.provide('workflowBundleCode', bundle.code);
  project.provide('smtpUrl', mail.smtpUrl);
  project.provide('mailApiUrl', mail.apiUrl);
  return async () => {
    await temporal.stop();
    await database.drop();
    await mail.stop();
    await rm(mailDirectory, { recursive: true, force: true });
  };
}
