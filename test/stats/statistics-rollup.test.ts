import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrisma } from '../../platform/prisma.js';
import { seed } from '../../prisma/seed.js';
import { moroccanToday } from '../../store/slot-publication.js';
import { checkSlotBounds, monthsWithin } from '../../store/stats/rollup.js';
import { generateVolume } from '../../store/volume/generate-volume.js';
import { TEST_SEED_PASSWORD } from '../global-setup.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

/*
 * statistics_rollup is kept by triggers: whatever the rows go through (a close, a reopening, a
 * transfer, a clock's breach, a retraction, a deletion), it holds what counting the rows again here
 * in TypeScript gives.
 */

let database: TestDatabase;
let pool: pg.Pool;

beforeAll(async () => {
  database = await createTestDatabase();
  const prisma = createPrisma(database.url);
  await seed(prisma, { password: TEST_SEED_PASSWORD, nodeEnv: 'test', log: () => undefined });
  await prisma.$disconnect();
  pool = new pg.Pool({ connectionString: database.url, max: 2 });
  await generateVolume(pool, { cases: 400, seed: 11, endDate: moroccanToday(), years: 1 });
}, 300_000);
afterAll(async () => {
  await pool?.end();
  await database?.drop();
});

/** A UTC day, its last hour apart. */
function slotOf(at: Date): string {
  const slot = new Date(at);
  if (slot.getUTCHours() === 23) slot.setUTCMinutes(0, 0, 0);
  else slot.setUTCHours(0, 0, 0, 0);
  return slot.toISOString();
}

/** A UTC month's start, or null within its last hour. */
function monthOf(at: Date): string | null {
  const month = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1);
  const next = Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1);
  return at.getTime() >= next - 3_600_000 ? null : new Date(month).toISOString();
}

type Counts = { n: number; withinLegal: number; withTarget: number; withinTarget: number };

async function recounted(): Promise<Map<string, Counts>> {
  const q = async <T>(sql: string) => (await pool.query(sql)).rows as T[];
  type Case = {
    id: string;
    entity_id: string;
    service_id: string;
    case_type: string;
    office_id: string | null;
    assignee_id: string | null;
    submitted_at: Date;
    closed_at: Date | null;
    outcome: string | null;
    working_days_to_close: number | null;
  };
  const cases = await q<Case>('SELECT id, entity_id, service_id, case_type, office_id, assignee_id, submitted_at, closed_at, outcome, working_days_to_close FROM "case"');
  const clocks = await q<{ case_id: string; clock: string; started_at: Date | null; stopped_at: Date | null; breached_at: Date | null; target_due_at: Date | null }>(
    'SELECT case_id, clock, started_at, stopped_at, breached_at, target_due_at FROM case_clock',
  );
  const events = await q<{ case_id: string; type: string; payload: Record<string, unknown>; occurred_at: Date }>('SELECT case_id, type, payload, occurred_at FROM case_event');
  const byId = new Map(cases.map((c) => [c.id, c]));
  const counts = new Map<string, Counts>();
  const add = (figure: string, at: Date, c: Case, detail: string, more: Partial<Counts> = {}, slot = slotOf(at)) => {
    const key = [figure, slot, c.entity_id, c.service_id, c.case_type, c.office_id ?? '-', detail].join('|');
    const k = counts.get(key) ?? { n: 0, withinLegal: 0, withTarget: 0, withinTarget: 0 };
    counts.set(key, { n: k.n + 1, withinLegal: k.withinLegal + (more.withinLegal ?? 0), withTarget: k.withTarget + (more.withTarget ?? 0), withinTarget: k.withinTarget + (more.withinTarget ?? 0) });
  };
  for (const c of cases) {
    add('submitted', c.submitted_at, c, '');
    if (!c.closed_at) continue;
    add('closed', c.closed_at, c, c.outcome ?? '');
    // Also per UTC month, but for the month's last hour.
    const month = monthOf(c.closed_at);
    const addDayAndMonth = (figure: string, detail: string) => {
      add(figure, c.closed_at!, c, detail);
      if (month) add(`${figure}@month`, c.closed_at!, c, detail, {}, month);
    };
    addDayAndMonth('closed_calendar_days', String(Math.floor((c.closed_at.getTime() - c.submitted_at.getTime()) / 86_400_000)));
    const working = c.working_days_to_close;
    if (working !== null) addDayAndMonth('closed_working_days', String(working));
    if (c.assignee_id) addDayAndMonth('handler_closed', `${c.assignee_id} ${working ?? ''}`);
  }
  for (const k of clocks) {
    const c = byId.get(k.case_id)!;
    if (k.stopped_at && k.started_at) {
      const target = k.target_due_at;
      add('clock_stopped', k.stopped_at, c, k.clock, {
        withinLegal: k.breached_at ? 0 : 1,
        withTarget: target ? 1 : 0,
        withinTarget: target && k.stopped_at.getTime() <= target.getTime() ? 1 : 0,
      });
    }
    if (k.breached_at) add('clock_breached', k.breached_at, c, k.clock);
    if (k.breached_at && c.assignee_id) add('handler_breached', k.breached_at, c, c.assignee_id);
  }
  for (const e of events) {
    if (e.type === 'escalated') add('escalated', e.occurred_at, byId.get(e.case_id)!, e.payload.level === undefined ? '' : String(e.payload.level));
    if (e.type === 'deadline_extended') add('deadline_extended', e.occurred_at, byId.get(e.case_id)!, '');
  }
  return counts;
}

async function rollup(): Promise<Map<string, Counts>> {
  const { rows } = await pool.query<{ key: string; n: number; within_legal: number; with_target: number; within_target: number }>(
    `SELECT concat_ws('|', figure, to_char(slot AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), entity_id, service_id, case_type, coalesce(office_id::text, '-'), detail) AS key,
       n, within_legal, with_target, within_target
     FROM statistics_rollup WHERE (n, within_legal, with_target, within_target) <> (0, 0, 0, 0)`,
  );
  return new Map(rows.map((r) => [r.key, { n: r.n, withinLegal: r.within_legal, withTarget: r.with_target, withinTarget: r.within_target }]));
}

const expectKept = async () => expect(Object.fromEntries(await rollup())).toEqual(Object.fromEntries(await recounted()));

describe('the statistics rollup', () => {
  it('holds what the generated rows count', async () => {
    const counted = await rollup();
    expect([...counted.keys()].some((key) => key.startsWith('clock_stopped|'))).toBe(true);
    expect([...counted.keys()].some((key) => key.startsWith('escalated|'))).toBe(true);
    for (const figure of ['handler_breached', 'closed_calendar_days', 'closed_working_days', 'handler_closed', 'closed_calendar_days@month', 'handler_closed@month']) {
      expect([...counted.keys()].some((key) => key.startsWith(`${figure}|`))).toBe(true);
    }
    await expectKept();
  });

  it('follows cases closed, reopened, transferred and reassigned, with their clocks and events', async () => {
    await pool.query(`UPDATE "case" SET closed_at = now(), outcome = 'granted' WHERE id IN (SELECT id FROM "case" WHERE closed_at IS NULL ORDER BY id LIMIT 15)`);
    // The recorder writes a closed case's working days just after its close, in the same transaction.
    await pool.query(`UPDATE "case" SET working_days_to_close = 3 WHERE closed_at IS NOT NULL AND working_days_to_close IS NULL`);
    await pool.query(`UPDATE "case" SET working_days_to_close = working_days_to_close + 1 WHERE id IN (SELECT id FROM "case" WHERE closed_at IS NOT NULL ORDER BY id DESC LIMIT 10)`);
    await pool.query(`UPDATE "case" SET closed_at = NULL, outcome = NULL WHERE id IN (SELECT id FROM "case" WHERE closed_at IS NOT NULL ORDER BY id LIMIT 15)`);
    await pool.query(`UPDATE "case" SET submitted_at = submitted_at - interval '30 hours' WHERE id IN (SELECT id FROM "case" WHERE closed_at IS NOT NULL ORDER BY id DESC LIMIT 5)`);
    await pool.query(
      `UPDATE "case" c SET entity_id = other.id, office_id = NULL
       FROM (SELECT id FROM entity ORDER BY code DESC LIMIT 1) other
       WHERE c.id IN (SELECT case_id FROM case_event WHERE type = 'escalated' ORDER BY case_id LIMIT 10)`,
    );
    await pool.query(
      `UPDATE "case" c SET assignee_id = CASE WHEN c.assignee_id IS NULL THEN (SELECT id FROM staff_user WHERE entity_id = c.entity_id ORDER BY username LIMIT 1) END
       WHERE c.id IN (SELECT case_id FROM case_clock WHERE breached_at IS NOT NULL ORDER BY case_id DESC LIMIT 20)`,
    );
    await expectKept();
  });

  it('follows clocks stopped, breached and recorded again as the recorder upserts them', async () => {
    await pool.query(
      `UPDATE case_clock SET stopped_at = now(), breached_at = coalesce(breached_at, now() - interval '1 day'), target_due_at = now() + interval '1 day'
       WHERE (case_id, clock) IN (SELECT case_id, clock FROM case_clock WHERE stopped_at IS NULL AND started_at IS NOT NULL ORDER BY case_id LIMIT 15)`,
    );
    await pool.query(
      `INSERT INTO case_clock (case_id, clock, state, started_at, stopped_at, breached_at, escalation_level)
       SELECT case_id, clock, 'stopped', started_at, stopped_at + interval '2 days', NULL, 0 FROM case_clock WHERE stopped_at IS NOT NULL ORDER BY case_id LIMIT 10
       ON CONFLICT (case_id, clock) DO UPDATE SET stopped_at = EXCLUDED.stopped_at, breached_at = COALESCE(case_clock.breached_at, EXCLUDED.breached_at)`,
    );
    await expectKept();
  });

  it('takes back retracted events and deleted cases', async () => {
    await pool.query(`DELETE FROM case_event WHERE id IN (SELECT id FROM case_event WHERE type IN ('escalated', 'deadline_extended') ORDER BY id LIMIT 10)`);
    await pool.query(`DELETE FROM "case" WHERE id IN (SELECT case_id FROM case_clock WHERE breached_at IS NOT NULL ORDER BY case_id LIMIT 10)`);
    await expectKept();
  });

  it('reads the month rows of the UTC months within a period, whose last hour only the day rows count', () => {
    const range = { fromMs: Date.parse('2026-01-31T23:00:00Z'), toMs: Date.parse('2026-12-08T00:00:00Z') };
    expect(monthsWithin(range).map((m) => new Date(m).toISOString().slice(0, 7))).toEqual(
      ['02', '03', '04', '05', '06', '07', '08', '09', '10', '11'].map((m) => `2026-${m}`),
    );
    // A local month at UTC+1: from the last day's 23:00 UTC to the next month's last day's 23:00 UTC.
    expect(monthsWithin({ fromMs: Date.parse('2026-02-28T23:00:00Z'), toMs: Date.parse('2026-03-31T23:00:00Z') }).map((m) => new Date(m).toISOString())).toEqual([
      '2026-03-01T00:00:00.000Z',
    ]);
    expect(monthsWithin({ fromMs: Date.parse('2026-03-01T00:00:00Z'), toMs: Date.parse('2026-03-31T22:00:00Z') })).toEqual([]);
    expect(monthsWithin({ fromMs: Date.parse('2026-03-02T00:00:00Z'), toMs: Date.parse('2026-05-01T00:00:00Z') }).map((m) => new Date(m).toISOString())).toEqual([
      '2026-04-01T00:00:00.000Z',
    ]);
  });

  it('is read only for periods made of whole slots: local days starting at 23:00 or 00:00 UTC', () => {
    expect(() => checkSlotBounds([Date.parse('2026-03-01T23:00:00Z'), Date.parse('2026-09-21T00:00:00Z')])).not.toThrow();
    expect(() => checkSlotBounds([Date.parse('2026-03-01T22:00:00Z')])).toThrow('its slots start at 23:00 or 00:00 UTC');
    expect(() => checkSlotBounds([Date.parse('2026-03-01T23:30:00Z')])).toThrow('its slots start at 23:00 or 00:00 UTC');
  });
});
