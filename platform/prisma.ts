import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../prisma/generated/client.js';

export type { PrismaClient };

/**
 * The one place a PrismaClient is built. Prisma 7 talks to PostgreSQL through the
 * `pg` driver adapter, so no query-engine binary is needed at runtime.
 */
export function createPrisma(databaseUrl: string): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
}
