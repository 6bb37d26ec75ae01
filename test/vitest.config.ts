import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    pool: 'forks',
    // Each file in a fresh process re-imported Temporal, Prisma and Fastify: half of the run's time
    // on two cores. Files already keep to their own task queues, entities and databases.
    isolate: false,
    // Two cores: more parallel files only slow the shared Temporal server down.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    teardownTimeout: 60_000,
    // What npm start would generate into its data directory; the spawned platforms of the tests inherit them.
    env: {
      PAYLOAD_ENCRYPTION_KEY: Buffer.from('khidma test payload key, 32 byte').toString('base64'),
      JWT_SECRET: 'test-jwt-secret-for-spawned-platforms-0123456789',
      ACCESS_TOKEN_SECRET: 'test-access-secret-for-spawned-platforms-0123456789',
    },
  },
});
