import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

// Hand-written equivalent of `prisma migrate deploy`: the Prisma CLI needs its native
// schema engine for that, and the engine cannot be downloaded on our machines. We keep
// Prisma's migration layout and its `_prisma_migrations` bookkeeping, so that
// `prisma migrate status/deploy` on a machine with the engine agrees with what we did.

export const DEFAULT_MIGRATIONS_DIR = fileURLToPath(new URL('../prisma/migrations', import.meta.url));

/** The key Prisma's schema engine locks on, so our runs and `prisma migrate` exclude each other. */
const PRISMA_MIGRATE_ADVISORY_LOCK = 72707369;

// Byte for byte the table the schema engine creates (migration-connector, postgres flavour).
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
)`;

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export interface ApplyMigrationsOptions {
  migrationsDir?: string;
}

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

export class MigrationHistoryError extends Error {
  override name = 'MigrationHistoryError';
}

/** sha256 hex of the migration script's bytes, as Prisma records it. */
export function migrationChecksum(script: Buffer | string): string {
  return createHash('sha256').update(script).digest('hex');
}

/** Every `<dir>/<name>/migration.sql`, in name order (Prisma's timestamp prefix makes that chronological). */
export async function readMigrations(migrationsDir: string = DEFAULT_MIGRATIONS_DIR): Promise<MigrationFile[]> {
  const entries = await readdir(migrationsDir, { withFileTypes: true });
  const names = entries
    .filter((entry) => entry.isDirectory() && existsSync(path.join(migrationsDir, entry.name, 'migration.sql')))
    .map((entry) => entry.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const bytes = await readFile(path.join(migrationsDir, name, 'migration.sql'));
      return { name, sql: bytes.toString('utf8'), checksum: migrationChecksum(bytes) };
    }),
  );
}

/**
 * Applies every pending migration, each in its own transaction, under Prisma's advisory
 * lock so that processes starting together apply each migration once.
 */
export async function applyMigrations(
  databaseUrl: string,
  log: (msg: string) => void = () => {},
  options: ApplyMigrationsOptions = {},
): Promise<{ applied: string[] }> {
  const migrations = await readMigrations(options.migrationsDir);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await acquireMigrationLock(client, log);
    try {
      await client.query(CREATE_MIGRATIONS_TABLE);
      const rows = await readHistory(client);
      checkHistory(migrations, rows, log);
      const done = new Set(rows.filter(isApplied).map((row) => row.migration_name));
      const applied: string[] = [];
      for (const migration of migrations) {
        if (done.has(migration.name)) continue;
        if (await applyOne(client, migration)) {
          log(`applied migration ${migration.name}`);
          applied.push(migration.name);
        }
      }
      return { applied };
    } finally {
      // A broken connection has released the lock already; its error is the one to report.
      await client.query('SELECT pg_advisory_unlock($1)', [PRISMA_MIGRATE_ADVISORY_LOCK]).catch(() => {});
    }
  } finally {
    await client.end();
  }
}

async function acquireMigrationLock(client: pg.Client, log: (msg: string) => void): Promise<void> {
  const attempt = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [
    PRISMA_MIGRATE_ADVISORY_LOCK,
  ]);
  if (attempt.rows[0]?.locked) return;
  log('another process is migrating this database; waiting for it');
  await client.query('SELECT pg_advisory_lock($1)', [PRISMA_MIGRATE_ADVISORY_LOCK]);
}

async function readHistory(client: pg.Client): Promise<AppliedRow[]> {
  const result = await client.query<AppliedRow>(
    'SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" ORDER BY started_at',
  );
  return result.rows;
}

function isApplied(row: AppliedRow): boolean {
  return row.finished_at !== null && row.rolled_back_at === null;
}

/** Refuses the states `prisma migrate deploy` refuses: a failed migration, or an applied one edited since. */
function checkHistory(migrations: MigrationFile[], rows: AppliedRow[], log: (msg: string) => void): void {
  const failed = rows.find((row) => row.finished_at === null && row.rolled_back_at === null);
  if (failed) {
    throw new MigrationHistoryError(
      `migration ${failed.migration_name} failed earlier and is still recorded as started in _prisma_migrations; ` +
        `repair the database, then mark it with \`prisma migrate resolve --rolled-back ${failed.migration_name}\` ` +
        `(or --applied) before migrating again`,
    );
  }
  const byName = new Map(migrations.map((migration) => [migration.name, migration]));
  for (const row of rows.filter(isApplied)) {
    const local = byName.get(row.migration_name);
    if (!local) {
      // A newer release may have migrated this database already; an older process must still start.
      log(`migration ${row.migration_name} is applied in the database but absent from the migrations directory`);
      continue;
    }
    if (local.checksum !== row.checksum) {
      throw new MigrationHistoryError(
        `migration ${row.migration_name} was modified after it was applied: its checksum in _prisma_migrations ` +
          `(${row.checksum}) differs from migration.sql (${local.checksum}); restore the applied file and put ` +
          `the change in a new migration`,
      );
    }
  }
}

/**
 * Returns false when someone applied the migration since we read the history: on PGlite
 * every connection shares one session, where the advisory lock is re-entrant and so
 * excludes nobody; the check inside the transaction does.
 */
async function applyOne(client: pg.Client, migration: MigrationFile): Promise<boolean> {
  await client.query('BEGIN');
  try {
    const already = await client.query(
      'SELECT 1 FROM "_prisma_migrations" WHERE migration_name = $1 AND finished_at IS NOT NULL AND rolled_back_at IS NULL',
      [migration.name],
    );
    if (already.rowCount) {
      await client.query('COMMIT');
      return false;
    }
    await client.query(migration.sql);
    await client.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
       VALUES ($1, $2, $3, now(), clock_timestamp(), 1)`,
      [randomUUID(), migration.checksum, migration.name],
    );
    await client.query('COMMIT');
    return true;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`migration ${migration.name} failed and was rolled back: ${reason}`, { cause: error });
  }
}
