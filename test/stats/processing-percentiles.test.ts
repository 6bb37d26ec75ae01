import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrisma, type PrismaClient } from '../../platform/prisma.js';
import { seed } from '../../prisma/seed.js';
import { moroccanToday } from '../../store/slot-publication.js';
import { handlerFigures, processingTimes } from '../../store/stats/durations.js';
import type { InstantRange, StatsScope } from '../../store/stats/scope.js';
import { statisticsRead } from '../../store/stats/stats-db.js';
import { generateVolume } from '../../store/volume/generate-volume.js';
import { TEST_SEED_PASSWORD } from '../global-setup.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

/*
 * The processing times' percentiles come from the rollup's counts per day and the few cases at the
 * ranks they need (store/stats/durations.ts): they must be PostgreSQL's percentile_cont over every
 * case, exactly, also where values tie, sit on a whole day, or a day minus a millisecond, and where
 * the rollup no longer agrees with the cases.
 */

let database: TestDatabase;
let pool: pg.Pool;
let prisma: PrismaClient;
const ALL: StatsScope = { entityId: null, serviceId: null, caseType: null, officeId: null };
const YEAR_MS = 366 * 86_400_000;
let range: InstantRange;

beforeAll(async () => {
  database = await createTestDatabase();
  prisma = createPrisma(database.url);
  await seed(prisma, { password: TEST_SEED_PASSWORD, nodeEnv: 'test', log: () => undefined });
  pool = new pg.Pool({ connectionString: database.url, max: 2 });
  await generateVolume(pool, { cases: 300, seed: 5, endDate: moroccanToday(), years: 1 });
  // Whole days, a day less a millisecond, and ties: the edges of the rollup's calendar days.
  await pool.query(`UPDATE "case" SET closed_at = submitted_at + (id::text ~ '^[0-7]')::int * interval '3 days' + interval '2 days'
                    WHERE closed_at IS NOT NULL AND id IN (SELECT id FROM "case" WHERE closed_at IS NOT NULL ORDER BY id LIMIT 60)`);
  await pool.query(`UPDATE "case" SET closed_at = submitted_at + interval '5 days' - interval '1 millisecond'
                    WHERE id IN (SELECT id FROM "case" WHERE closed_at IS NOT NULL ORDER BY id DESC LIMIT 40)`);
  // Closed in the last hour of a UTC month, which only the rollup's day rows count (a local month may start then).
  await pool.query(`UPDATE "case" SET closed_at = date_trunc('month', closed_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' + interval '1 month' - interval '30 minutes'
                    WHERE id IN (SELECT id FROM "case" WHERE closed_at IS NOT NULL ORDER BY closed_at LIMIT 30 OFFSET 10)`);
  const { rows } = await pool.query<{ first: Date; last: Date }>(`SELECT min(closed_at) AS first, max(closed_at) AS last FROM "case"`);
  // Whole slots (local days start at 23:00 or 00:00 UTC): from the UTC day before the first close.
  const from = new Date(rows[0]!.first);
  from.setUTCHours(0, 0, 0, 0);
  range = { fromMs: from.getTime() - 86_400_000, toMs: from.getTime() + YEAR_MS + 2 * 86_400_000 };
}, 300_000);
afterAll(async () => {
  await pool?.end();
  await prisma?.$disconnect();
  await database?.drop();
});

async function percentileCont(where: string, params: unknown[]) {
  const { rows } = await pool.query<{ caseType: string; finished: number; working: Array<number | null> | null; calendar: number[] }>(
    `SELECT case_type AS "caseType", count(*)::int AS finished,
       percentile_cont(ARRAY[0.5, 0.9, 0.95]) WITHIN GROUP (ORDER BY working_days_to_close) AS working,
       percentile_cont(ARRAY[0.5, 0.9, 0.95]) WITHIN GROUP (ORDER BY date_part('epoch', closed_at - submitted_at) / 86400.0) AS calendar
     FROM "case" WHERE closed_at >= $1 AND closed_at < $2 ${where} GROUP BY 1 ORDER BY 1`,
    [new Date(range.fromMs), new Date(range.toMs), ...params],
  );
  return rows.map((r) => ({ ...r, working: r.working ?? [null, null, null] }));
}

describe('processing times', () => {
  it('are percentile_cont over every case closed in the period, for every entity and for each', async () => {
    const { rows: ties } = await pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "case" WHERE closed_at - submitted_at IN (interval '2 days', interval '5 days', interval '5 days' - interval '1 millisecond')`,
    );
    expect(ties[0]!.n).toBeGreaterThanOrEqual(60);
    const { rows: lastHours } = await pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "case" WHERE closed_at >= $1 AND closed_at < $2 AND statistics_month_slot(closed_at) IS NULL`,
      [new Date(range.fromMs), new Date(range.toMs)],
    );
    expect(lastHours[0]!.n).toBeGreaterThanOrEqual(20);
    expect(await statisticsRead(prisma, (db) => processingTimes(db, ALL, range))).toEqual(await percentileCont('', []));
    const { rows: entities } = await pool.query<{ id: string }>('SELECT id FROM entity ORDER BY code');
    for (const { id } of entities) {
      const scope = { ...ALL, entityId: id };
      expect(await statisticsRead(prisma, (db) => processingTimes(db, scope, range))).toEqual(await percentileCont('AND entity_id = $3', [id]));
    }
  });

  it("give each handler's finished cases and median working days as the cases do", async () => {
    const { rows } = await pool.query<{ handlerId: string; finished: number; median: number | null }>(
      `SELECT assignee_id::text AS "handlerId", count(*)::int AS finished, percentile_cont(0.5) WITHIN GROUP (ORDER BY working_days_to_close) AS median
       FROM "case" WHERE closed_at >= $1 AND closed_at < $2 AND assignee_id IS NOT NULL GROUP BY 1 HAVING count(*) >= 3`,
      [new Date(range.fromMs), new Date(range.toMs)],
    );
    expect(rows.length).toBeGreaterThan(0);
    const handlers = await statisticsRead(prisma, (db) => handlerFigures(db, ALL, range, 3));
    expect(handlers.map(({ handlerId, finished, median }) => ({ handlerId, finished, median })).sort((a, b) => a.handlerId.localeCompare(b.handlerId))).toEqual(
      rows.sort((a, b) => a.handlerId.localeCompare(b.handlerId)),
    );
  });

  it('are read from the cases for a case type whose rollup counts no longer match them', async () => {
    const expected = await percentileCont('', []);
    // As if cases had been deleted with the triggers switched off: the rollup counts a thousand complaints
    // that took the longest, so their percentiles fall among cases that are not there.
    await pool.query(
      `UPDATE statistics_rollup SET n = n + 1000
       WHERE id = (SELECT id FROM statistics_rollup WHERE figure = 'closed_calendar_days' AND case_type = 'complaint' AND n > 0 ORDER BY detail::int DESC LIMIT 1)`,
    );
    expect(await statisticsRead(prisma, (db) => processingTimes(db, ALL, range))).toEqual(expected);
  });
});
