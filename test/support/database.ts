import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
import { applyMigrations, readMigrations } from '../../platform/migrate.js';

const DEFAULT_BASE_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';
/** PostgreSQL's duplicate_database: another process renamed its template into place first. */
const DUPLICATE_DATABASE = '42P04';

export interface TestDatabase {
  name: string;
  url: string;
  /** Terminates every connection to the database and drops it. */
  drop(): Promise<void>;
}

/**
 * A fresh, migrated database on the local PostgreSQL (TEST_DATABASE_URL names the server
 * and a database to administer from). Tests seed it themselves when they need data.
 * It is a copy of `template` when given (a database nobody is connected to), else of the
 * template migrated once for the current migrations: copying takes a fraction of migrating.
 */
export async function createTestDatabase(options: { migrate?: boolean; template?: string } = {}): Promise<TestDatabase> {
  const baseUrl = process.env.TEST_DATABASE_URL ?? DEFAULT_BASE_URL;
  const name = `khidma_test_${randomBytes(6).toString('hex')}`;
  const template = options.template ?? ((options.migrate ?? true) ? await migratedTemplate(baseUrl) : null);
  await withAdminClient(baseUrl, (client) => client.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ''}`));
  return {
    name,
    url: databaseUrl(baseUrl, name),
    drop: () => dropDatabase(baseUrl, name),
  };
}

const templates = new Map<string, Promise<string>>();

/**
 * `khidma_template_<hash of the migrations>`, migrated once and kept on the server for later runs:
 * a changed or added migration names another template. Built under a name of its own and renamed
 * into place when complete, so processes starting together never copy a half-migrated one.
 */
function migratedTemplate(baseUrl: string): Promise<string> {
  let template = templates.get(baseUrl);
  if (!template) {
    template = buildMigratedTemplate(baseUrl);
    templates.set(baseUrl, template);
    // A failed build is retried by the next caller rather than remembered.
    template.catch(() => templates.delete(baseUrl));
  }
  return template;
}

async function buildMigratedTemplate(baseUrl: string): Promise<string> {
  const migrations = await readMigrations();
  const hash = createHash('sha256')
    .update(migrations.map((migration) => `${migration.name}:${migration.checksum}`).join('\n'))
    .digest('hex')
    .slice(0, 16);
  const name = `khidma_template_${hash}`;
  const exists = await withAdminClient(baseUrl, (client) => client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]));
  if (exists.rowCount) return name;

  const building = `${name}_${randomBytes(4).toString('hex')}`;
  await withAdminClient(baseUrl, (client) => client.query(`CREATE DATABASE "${building}"`));
  try {
    await applyMigrations(databaseUrl(baseUrl, building));
    await withAdminClient(baseUrl, (client) => client.query(`ALTER DATABASE "${building}" RENAME TO "${name}"`));
  } catch (error) {
    await dropDatabase(baseUrl, building);
    if ((error as { code?: string }).code !== DUPLICATE_DATABASE) throw error;
  }
  return name;
}

function dropDatabase(baseUrl: string, name: string): Promise<void> {
  return withAdminClient(baseUrl, async (client) => {
    await client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
    await client.query(`DROP DATABASE IF EXISTS "${name}"`);
  });
}

function databaseUrl(baseUrl: string, name: string): string {
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function withAdminClient<T>(baseUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: baseUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
