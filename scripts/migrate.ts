// `npm run db:migrate`: applies pending migrations to DATABASE_URL (offline `prisma migrate deploy`),
// then seeds a fresh database (first run only; production requires SEED_PASSWORD).
import { seed } from '../prisma/seed.js';
import { applyMigrations } from '../platform/migrate.js';
import { createPrisma } from '../platform/prisma.js';

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  console.error('DATABASE_URL is not set; it must name the PostgreSQL database to migrate');
  process.exit(1);
}

try {
  const { applied } = await applyMigrations(databaseUrl, (msg) => console.log(msg));
  console.log(applied.length ? `${applied.length} migration(s) applied` : 'database is up to date');
  const prisma = createPrisma(databaseUrl);
  try {
    await seed(prisma, { password: process.env.SEED_PASSWORD, nodeEnv: process.env.NODE_ENV, log: (msg) => console.log(msg) });
  } finally {
    await prisma.$disconnect();
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
