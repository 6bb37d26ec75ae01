import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import pg from 'pg';
import { servePglite, type PgliteServer } from './pglite-server.js';

export interface ResolvedDatabase {
  /** A PostgreSQL connection string usable by `pg` and Prisma's adapter-pg. */
  url: string;
  /** true when this process serves an embedded PGlite database. */
  embedded: boolean;
  /** Stops the embedded server and closes PGlite; a no-op for an external database. Close clients first. */
  stop(): Promise<void>;
}

export interface ResolveDatabaseOptions {
  /** The embedded database lives in `<dataDir>/pglite`. */
  dataDir: string;
  log: (msg: string) => void;
  /** Defaults to the DATABASE_URL environment variable. */
  databaseUrl?: string | undefined;
  /** TCP port of the embedded server; defaults to PGLITE_PORT, else any free port. */
  port?: number | undefined;
}

// The API's pools, the worker's pool and the outbox listener all connect at once.
const EMBEDDED_MAX_CONNECTIONS = 64;

/**
 * DATABASE_URL when set (checked reachable), otherwise an embedded PGlite database served
 * over TCP on 127.0.0.1. PGlite multiplexes all connections over one session, so
 * LISTEN/NOTIFY does not reach other connections there (consumers must keep polling), and
 * an open transaction holds every other connection until it ends.
 */
export async function resolveDatabase(opts: ResolveDatabaseOptions): Promise<ResolvedDatabase> {
  const databaseUrl = opts.databaseUrl ?? process.env.DATABASE_URL;
  if (databaseUrl) {
    await checkReachable(databaseUrl);
    opts.log(`using PostgreSQL at ${describeUrl(databaseUrl)}`);
    return { url: databaseUrl, embedded: false, stop: async () => {} };
  }
  return startEmbedded(opts);
}

async function startEmbedded(opts: ResolveDatabaseOptions): Promise<ResolvedDatabase> {
  const port = opts.port ?? embeddedPortFromEnv();
  const directory = path.join(opts.dataDir, 'pglite');
  await mkdir(directory, { recursive: true });
  // pg_trgm: the trigram indexes of the open-data searches (migration 20261207160000).
  const db = await PGlite.create(directory, { extensions: { pg_trgm } });
  let server: PgliteServer;
  try {
    server = await servePglite(db, { host: '127.0.0.1', port, maxConnections: EMBEDDED_MAX_CONNECTIONS });
  } catch (error) {
    await db.close();
    throw new Error(`embedded PGlite could not listen on 127.0.0.1: ${errorText(error)}`, { cause: error });
  }
  opts.log(`using embedded PGlite database in ${directory}, served at ${server.address}`);
  return {
    url: `postgresql://postgres@${server.address}/postgres`,
    embedded: true,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}

function embeddedPortFromEnv(): number {
  const raw = process.env.PGLITE_PORT;
  if (raw === undefined || raw === '') return 0;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PGLITE_PORT must be a TCP port number, got "${raw}"`);
  }
  return port;
}

async function checkReachable(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    throw new Error(`DATABASE_URL (${describeUrl(databaseUrl)}) is not reachable: ${errorText(error)}`, {
      cause: error,
    });
  } finally {
    await client.end().catch(() => {});
  }
}

/** host:port/database without credentials, safe to print. */
export function describeUrl(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    return `${url.hostname}:${url.port || '5432'}${url.pathname}`;
  } catch {
    return 'an unparsable connection string';
  }
}

function errorText(error: unknown): string {
  if (error instanceof AggregateError && !error.message) {
    return error.errors.map(errorText).join('; ');
  }
  if (error instanceof Error) {
    return (error.message || (error as NodeJS.ErrnoException).code || error.name).replace(/\s+/g, ' ');
  }
  return String(error);
}
