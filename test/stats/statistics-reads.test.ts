import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveDatabase, type ResolvedDatabase } from '../../platform/database.js';
import { loadApiConfig } from '../../platform/config.js';
import { applyMigrations } from '../../platform/migrate.js';
import { createPrisma, type PrismaClient } from '../../platform/prisma.js';
import { seed } from '../../prisma/seed.js';
import { moroccanToday } from '../../store/slot-publication.js';
import { limiter } from '../../store/stats/limiter.js';
import { pageCache } from '../../store/stats/page-cache.js';
import { readStatsTable, statisticsReader, type StatsQuery } from '../../store/stats/statistics.js';
import { generateVolume } from '../../store/volume/generate-volume.js';
import { STATS_TABLES } from '../../domain/stats/tables.js';

const quiet = () => {};

describe('statistics reads side by side', () => {
  it('run at most the limit at once, each result to its caller, and a failure frees its slot', async () => {
    const inTurn = limiter(3);
    let running = 0;
    let most = 0;
    const work = (i: number) =>
      inTurn(async () => {
        running++;
        most = Math.max(most, running);
        await new Promise((resolve) => setTimeout(resolve, 5 + (i % 4) * 3));
        running--;
        if (i === 4) throw new Error('read 4 failed');
        return i * 10;
      });
    const results = await Promise.allSettled(Array.from({ length: 12 }, (_, i) => work(i)));
    expect(most).toBe(3);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([0, 10, 20, 30, 'read 4 failed', 50, 60, 70, 80, 90, 100, 110]);
    expect(await work(1)).toBe(10);
  });

  it('keep a page per key for its time, read it once for callers arriving together, and forget a failed read', async () => {
    let time = 1_000;
    const cache = pageCache<string>(30_000, 2, () => time);
    let reads = 0;
    const read = (page: string) => async () => {
      reads++;
      await new Promise((resolve) => setTimeout(resolve, 5));
      return `${page}#${reads}`;
    };
    const [first, second] = await Promise.all([cache('a', read('a')), cache('a', read('a'))]);
    expect([first, second]).toEqual([{ page: 'a#1', at: 1_000 }, { page: 'a#1', at: 1_000 }]);
    time += 29_999;
    expect(await cache('a', read('a'))).toEqual({ page: 'a#1', at: 1_000 });
    time += 1;
    expect(await cache('a', read('a'))).toEqual({ page: 'a#2', at: 31_000 });
    await expect(cache('b', () => Promise.reject(new Error('database gone')))).rejects.toThrow('database gone');
    expect(await cache('b', read('b'))).toEqual({ page: 'b#3', at: 31_000 });
    // a third key pushes the oldest (a) out
    await cache('c', read('c'));
    expect(await cache('a', read('a'))).toEqual({ page: 'a#5', at: 31_000 });
  });
});

describe('STATS_CACHE_SECONDS', () => {
  const secrets = { JWT_SECRET: 'j'.repeat(40), ACCESS_TOKEN_SECRET: 'a'.repeat(40) };
  it('is 30 by default, 0 turns the kept page off, anything but a whole number is refused by name', () => {
    expect(loadApiConfig(secrets).statsCacheSeconds).toBe(30);
    expect(loadApiConfig({ ...secrets, STATS_CACHE_SECONDS: '0' }).statsCacheSeconds).toBe(0);
    expect(loadApiConfig({ ...secrets, STATS_CACHE_SECONDS: '120' }).statsCacheSeconds).toBe(120);
    for (const raw of ['-1', '1.5', '1e309', 'soon', ' 30', '9999999']) {
      expect(() => loadApiConfig({ ...secrets, STATS_CACHE_SECONDS: raw })).toThrow(/STATS_CACHE_SECONDS must be 0 or a positive integer/);
    }
  });
});

describe('statistics on the embedded PGlite database (npm start without DATABASE_URL)', () => {
  let dataDir: string;
  let database: ResolvedDatabase;
  let prisma: PrismaClient;
  let pool: pg.Pool;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'khidma-pglite-stats-'));
    database = await resolveDatabase({ dataDir, log: quiet, databaseUrl: '' });
    await applyMigrations(database.url);
    prisma = createPrisma(database.url);
    await seed(prisma, { password: 'pw', nodeEnv: 'development', log: quiet });
    pool = new pg.Pool({ connectionString: database.url, max: 4 });
    await generateVolume(pool, { cases: 120, distinct: 120, seed: 3, log: quiet });
  }, 180_000);

  afterAll(async () => {
    await pool?.end();
    await prisma?.$disconnect();
    await database?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('answers the whole page as each table alone, counts the open cases, and leaves JIT as the server set it', async () => {
    const jitBefore = (await pool.query<{ jit: string }>('SHOW jit')).rows[0]!.jit;
    const today = moroccanToday();
    const from = `${Number(today.slice(0, 4)) - 2}${today.slice(4, 8)}01`;
    const query: StatsQuery = {
      filters: { from, to: today, groupBy: 'month', entity: null, serviceId: null, caseType: null, officeId: null },
      scope: { entityId: null, serviceId: null, caseType: null, officeId: null },
      minSample: 5,
      today,
    };
    const page = await statisticsReader(prisma, 0)(query);
    const open = Number((await pool.query(`SELECT count(*) AS n FROM "case" WHERE closed_at IS NULL`)).rows[0].n);
    const submitted = Number((await pool.query(`SELECT count(*) AS n FROM "case" WHERE submitted_at >= $1::date - interval '1 day'`, [from])).rows[0].n);
    expect(open).toBeGreaterThan(0);
    expect(page.live.backlog).toBe(open);
    expect(page.tables.backlog.reduce((sum, band) => sum + band.open, 0)).toBe(open);
    expect(page.tables.volume.reduce((sum, row) => sum + row.submitted, 0)).toBeLessThanOrEqual(submitted);
    expect(page.tables.volume.reduce((sum, row) => sum + row.submitted, 0)).toBeGreaterThan(0);
    for (const table of STATS_TABLES) expect(await readStatsTable(prisma, query, table)).toEqual(page.tables[table]);
    // PGlite is one session for every connection: a JIT setting that outlived its transaction would show here.
    expect((await pool.query<{ jit: string }>('SHOW jit')).rows[0]!.jit).toBe(jitBefore);

    // Kept for 30 s: a case closed meanwhile moves the live counters at once, the page's backlog table not before its time.
    const cached = statisticsReader(prisma, 30);
    const kept = await cached(query);
    await pool.query(`UPDATE "case" SET closed_at = now(), status = 'closed' WHERE id = (SELECT id FROM "case" WHERE closed_at IS NULL ORDER BY id LIMIT 1)`);
    const again = await cached(query);
    expect(again.generatedAt).toBe(kept.generatedAt);
    expect(again.live.backlog).toBe(open - 1);
    expect(again.tables.backlog).toEqual(kept.tables.backlog);
    const fresh = await statisticsReader(prisma, 0)(query);
    expect(fresh.tables.backlog.reduce((sum, band) => sum + band.open, 0)).toBe(open - 1);
    expect(Date.parse(fresh.generatedAt)).toBeGreaterThanOrEqual(Date.parse(kept.generatedAt));
  }, 120_000);
});
