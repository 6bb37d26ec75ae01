// `npm run db:migrate`: applies pending migrations to DATABASE_URL (offline `prisma migrate deploy`).
import { applyMigrations } from './runtime/migrate.js';

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  console.error('DATABASE_URL is not set; it must name the PostgreSQL database to migrate');
  process.exit(1);
}

try {
  const { applied } = await applyMigrations(databaseUrl, (msg) => console.log(msg));
  console.log(applied.length ? `${applied.length} migration(s) applied` : 'database is up to date');
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
