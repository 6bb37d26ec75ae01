import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { applyMigrations } from '../../platform/migrate.js';

const DEFAULT_BASE_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  url: string;
  /** Terminates every connection to the database and drops it. */
  drop(): Promise<void>;
}

/**
 * A fresh, migrated database on the local PostgreSQL (TEST_DATABASE_URL names the server
 * and a database to administer from). Tests seed it themselves when they need data.
 */
export async function createTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const baseUrl = process.env.TEST_DATABASE_URL ?? DEFAULT_BASE_URL;
  const name = `khidma_test_${randomBytes(6).toString('hex')}`;
  await withAdminClient(baseUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  const url = databaseUrl(baseUrl, name);
  const drop = () =>
    withAdminClient(baseUrl, async (client) => {
      await client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [
        name,
      ]);
      await client.query(`DROP DATABASE IF EXISTS "${name}"`);
    });
  try {
    if (options.migrate ?? true) await applyMigrations(url);
  } catch (error) {
    await drop();
    throw error;
  }
  return { url, drop };
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
