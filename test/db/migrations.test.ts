import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_MIGRATIONS_DIR, applyMigrations, readMigrations } from '../../platform/migrate.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

const databases: TestDatabase[] = [];
const tempDirs: string[] = [];

async function blankDatabase(): Promise<TestDatabase> {
  const database = await createTestDatabase({ migrate: false });
  databases.push(database);
  return database;
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** A copy of our migrations plus extra ones, for histories the repository should never contain. */
async function migrationsWith(extra: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'khidma-migrations-'));
  tempDirs.push(dir);
  await cp(DEFAULT_MIGRATIONS_DIR, dir, { recursive: true });
  for (const [name, sql] of Object.entries(extra)) {
    await mkdir(path.join(dir, name));
    await writeFile(path.join(dir, name, 'migration.sql'), sql);
  }
  return dir;
}

afterEach(async () => {
  await Promise.all(databases.splice(0).map((database) => database.drop()));
  await Promise.all(tempDirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('applyMigrations', () => {
  it('applies every migration on a fresh database, then nothing on a second run', async () => {
    const { url } = await blankDatabase();
    const local = (await readMigrations()).map((migration) => migration.name);
    expect(local.length).toBeGreaterThan(0);

    expect(await applyMigrations(url)).toEqual({ applied: local });
    expect(await applyMigrations(url)).toEqual({ applied: [] });

    const tables = await query<{ table_name: string }>(
      url,
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
    );
    // Every model's table, and Prisma's history; test/db/schema-agreement.test.ts checks them column by column.
    expect(tables.map((row) => row.table_name)).toEqual(
      expect.arrayContaining(['_prisma_migrations', 'case', 'case_event', 'entity', 'holiday_override', 'office', 'service', 'staff_user']),
    );
  }, 30_000);

  it('records each migration in _prisma_migrations the way prisma migrate deploy does', async () => {
    const { url } = await blankDatabase();
    await applyMigrations(url);

    const rows = await query<{
      id: string;
      checksum: string;
      migration_name: string;
      finished_at: Date | null;
      started_at: Date;
      rolled_back_at: Date | null;
      logs: string | null;
      applied_steps_count: number;
    }>(url, 'SELECT * FROM "_prisma_migrations" ORDER BY migration_name');
    const files = await readMigrations();
    expect(rows.map((row) => row.migration_name)).toEqual(files.map((file) => file.name));
    for (const row of rows) {
      const bytes = await readFile(path.join(DEFAULT_MIGRATIONS_DIR, row.migration_name, 'migration.sql'));
      expect(row.checksum).toBe(createHash('sha256').update(bytes).digest('hex'));
      expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.finished_at!.getTime()).toBeGreaterThanOrEqual(row.started_at.getTime());
      expect(row.rolled_back_at).toBeNull();
      expect(row.logs).toBeNull();
      expect(row.applied_steps_count).toBe(1);
    }

    const columns = await query(
      url,
      `SELECT column_name, data_type, character_maximum_length, is_nullable, column_default
       FROM information_schema.columns WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`,
    );
    expect(columns).toEqual([
      { column_name: 'id', data_type: 'character varying', character_maximum_length: 36, is_nullable: 'NO', column_default: null },
      { column_name: 'checksum', data_type: 'character varying', character_maximum_length: 64, is_nullable: 'NO', column_default: null },
      { column_name: 'finished_at', data_type: 'timestamp with time zone', character_maximum_length: null, is_nullable: 'YES', column_default: null },
      { column_name: 'migration_name', data_type: 'character varying', character_maximum_length: 255, is_nullable: 'NO', column_default: null },
      { column_name: 'logs', data_type: 'text', character_maximum_length: null, is_nullable: 'YES', column_default: null },
      { column_name: 'rolled_back_at', data_type: 'timestamp with time zone', character_maximum_length: null, is_nullable: 'YES', column_default: null },
      { column_name: 'started_at', data_type: 'timestamp with time zone', character_maximum_length: null, is_nullable: 'NO', column_default: 'now()' },
      { column_name: 'applied_steps_count', data_type: 'integer', character_maximum_length: null, is_nullable: 'NO', column_default: '0' },
    ]);
  }, 30_000);

  it('refuses a database where an applied migration no longer matches its file', async () => {
    const { url } = await blankDatabase();
    await applyMigrations(url);
    const [first] = await readMigrations();
    await query(url, 'UPDATE "_prisma_migrations" SET checksum = $1 WHERE migration_name = $2', ['0'.repeat(64), first!.name]);

    await expect(applyMigrations(url)).rejects.toThrow(`migration ${first!.name} was modified after it was applied`);
  }, 30_000);

  it('refuses a database holding a failed migration until it is resolved', async () => {
    const { url } = await blankDatabase();
    await applyMigrations(url);
    await query(
      url,
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at) VALUES (gen_random_uuid(), $1, $2, now())`,
      ['f'.repeat(64), '20990101000000_interrupted'],
    );

    await expect(applyMigrations(url)).rejects.toThrow(/migration 20990101000000_interrupted failed earlier/);

    await query(url, `UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE migration_name = '20990101000000_interrupted'`);
    expect(await applyMigrations(url)).toEqual({ applied: [] });
  }, 30_000);

  it('rolls a failing migration back entirely and applies it once fixed', async () => {
    const { url } = await blankDatabase();
    const migrationsDir = await migrationsWith({
      '20990101000000_add_probe': 'CREATE TABLE "probe" ("id" INTEGER NOT NULL);\nINSERT INTO "missing_table" VALUES (1);\n',
    });

    await expect(applyMigrations(url, undefined, { migrationsDir })).rejects.toThrow(
      /migration 20990101000000_add_probe failed and was rolled back: relation "missing_table" does not exist/,
    );
    expect(await query(url, "SELECT to_regclass('public.probe') IS NULL AS absent")).toEqual([{ absent: true }]);
    expect(await query(url, 'SELECT migration_name FROM "_prisma_migrations" ORDER BY migration_name')).toEqual(
      (await readMigrations()).map((migration) => ({ migration_name: migration.name })),
    );

    await writeFile(path.join(migrationsDir, '20990101000000_add_probe', 'migration.sql'), 'CREATE TABLE "probe" ("id" INTEGER NOT NULL);\n');
    expect(await applyMigrations(url, undefined, { migrationsDir })).toEqual({ applied: ['20990101000000_add_probe'] });
  }, 30_000);

  it('applies each migration once when several processes start together', async () => {
    const { url } = await blankDatabase();
    const runs = await Promise.all([applyMigrations(url), applyMigrations(url), applyMigrations(url)]);

    const local = (await readMigrations()).map((migration) => migration.name);
    expect(runs.flatMap((run) => run.applied).sort()).toEqual(local);
    const rows = await query<{ migration_name: string }>(url, 'SELECT migration_name FROM "_prisma_migrations"');
    expect(rows.map((row) => row.migration_name).sort()).toEqual(local);
  }, 30_000);
});
