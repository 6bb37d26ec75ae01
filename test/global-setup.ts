import type { TestProject } from 'vitest/node';
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
  }
}

export const TEST_SEED_PASSWORD = 'test-password';

/** One Temporal dev server, one fresh seeded database and one workflow bundle for the whole run. */
export default async function setup(project: TestProject) {
  const [temporal, database, bundle] = await Promise.all([startTestTemporal(), createTestDatabase(), bundleCaseWorkflows()]);
  const prisma = createPrisma(database.url);
  await seed(prisma, { password: TEST_SEED_PASSWORD, nodeEnv: 'test', log: () => undefined });
  await prisma.$disconnect();
  project.provide('temporalAddress', temporal.address);
  project.provide('temporalNamespace', temporal.namespace);
  project.provide('databaseUrl', database.url);
  project.provide('workflowBundleCode', bundle.code);
  return async () => {
    await temporal.stop();
    await database.drop();
  };
}
