import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASE_DEFINITIONS } from '../../domain/cases/machines.js';
import type { CaseTypeDefinition } from '../../domain/cases/case-definition.js';
import { createPrisma } from '../../platform/prisma.js';
import { seed } from '../../prisma/seed.js';
import { generateVolume, VolumeGenerationRefused } from '../../store/volume/generate-volume.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

const CASES = 3000;
const SEED = 42;
const END_DATE = '2026-11-30';
const quiet = () => {};

interface Db {
  database: TestDatabase;
  pool: pg.Pool;
}

async function seededDatabase(): Promise<Db> {
  const database = await createTestDatabase();
  const prisma = createPrisma(database.url);
  try {
    await seed(prisma, { password: 'volume-test-pass', nodeEnv: 'test', log: quiet });
  } finally {
    await prisma.$disconnect();
  }
  return { database, pool: new pg.Pool({ connectionString: database.url, max: 3 }) };
}

/** Statuses a definition's transitions reach from its initial status. */
function reachable(definition: CaseTypeDefinition): Set<string> {
  const seen = new Set([definition.machine.initial]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const rule of Object.values(definition.machine.transitions)) {
      if (rule.to && !seen.has(rule.to) && rule.from.some((s) => seen.has(s))) {
        seen.add(rule.to);
        grew = true;
      }
    }
  }
  return seen;
}

/** The outcomes a definition's terminal statuses can end with: their own, or (as_decided) any outcome of the type. */
function outcomesOf(definition: CaseTypeDefinition, status: string): string[] {
  const outcome = definition.statuses[status]?.outcome;
  if (outcome === undefined) return [];
  if (outcome !== 'as_decided') return [outcome];
  return Object.values(definition.statuses).flatMap((s) => (s.outcome && s.outcome !== 'as_decided' ? [s.outcome] : []));
}

interface CaseRow {
  id: string;
  workflow_id: string;
  tracking_code: string;
  case_type: string;
  entity_id: string;
  status: string;
  outcome: string | null;
  assignee_id: string | null;
  submitted_at: Date;
  updated_at: Date;
  closed_at: Date | null;
  last_seq: number;
  working_days_to_close: number | null;
  first_free_slot_at: Date | null;
  origin_case_id: string | null;
  facts: Record<string, unknown>;
  sla_state: string;
  due_at: Date | null;
}

describe('volume generator', () => {
  let first: Db;
  let second: Db;
  let result: Awaited<ReturnType<typeof generateVolume>>;
  let cases: CaseRow[];

  beforeAll(async () => {
    [first, second] = await Promise.all([seededDatabase(), seededDatabase()]);
    result = await generateVolume(first.pool, { cases: CASES, seed: SEED, endDate: END_DATE, years: 2, log: quiet });
    cases = (await first.pool.query<CaseRow>('SELECT * FROM "case" ORDER BY submitted_at, id')).rows;
  }, 180_000);

  afterAll(async () => {
    for (const db of [first, second]) {
      await db?.pool.end();
      await db?.database.drop();
    }
  });

  it('writes the submissions asked for, the cases they opened, and every event, all marked as generated', async () => {
    const submitted = cases.filter((c) => c.origin_case_id === null);
    expect(submitted).toHaveLength(CASES);
    expect(result.cases).toBe(cases.length);
    const { rows } = await first.pool.query<{ n: string }>('SELECT count(*) AS n FROM case_event');
    expect(result.events).toBe(Number(rows[0]!.n));
    for (const c of cases) {
      expect(c.workflow_id).toMatch(c.origin_case_id === null ? /^generated-42-\d+$/ : /^generated-42-\d+-linked-\d+$/);
      expect(c.tracking_code).toMatch(/^KH-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{2}$/);
    }
    expect(new Set(cases.map((c) => c.tracking_code)).size).toBe(cases.length);
  });

  it('gives every case a status its definition reaches, the outcome of its terminal status, and dates in order', () => {
    const reach = Object.fromEntries(Object.entries(CASE_DEFINITIONS).map(([type, d]) => [type, reachable(d!)]));
    const end = Date.parse(`${END_DATE}T23:59:59.999Z`) + 3_600_000;
    for (const c of cases) {
      const definition = CASE_DEFINITIONS[c.case_type as keyof typeof CASE_DEFINITIONS]!;
      expect(definition, c.case_type).toBeDefined();
      expect(reach[c.case_type]!.has(c.status), `${c.case_type} ${c.status}`).toBe(true);
      const terminal = definition.machine.terminal.includes(c.status);
      if (terminal) {
        expect(outcomesOf(definition, c.status), `${c.case_type} ${c.status} → ${c.outcome}`).toContain(c.outcome);
        expect(c.closed_at).not.toBeNull();
        expect(c.closed_at!.getTime()).toBeGreaterThanOrEqual(c.submitted_at.getTime());
        expect(c.working_days_to_close).toBeGreaterThanOrEqual(0);
        expect(c.working_days_to_close!).toBeLessThanOrEqual(Math.ceil((c.closed_at!.getTime() - c.submitted_at.getTime()) / 86_400_000) + 1);
      } else {
        expect(c.outcome).toBeNull();
        expect(c.closed_at).toBeNull();
        expect(c.working_days_to_close).toBeNull();
      }
      expect(c.updated_at.getTime()).toBeGreaterThanOrEqual(c.submitted_at.getTime());
      expect(c.updated_at.getTime()).toBeLessThanOrEqual(end);
      expect(c.first_free_slot_at === null).toBe(c.case_type !== 'appointment');
      if (c.first_free_slot_at) {
        expect(c.first_free_slot_at.getTime()).toBeGreaterThan(c.submitted_at.getTime());
        expect(c.first_free_slot_at.getTime()).toBeLessThanOrEqual(Date.parse(String(c.facts.startsAt)));
      }
    }
  });

  it('writes each case’s events as its workflow would: seq 1…n from the submission, in time order, the last one at the case’s status', async () => {
    const { rows } = await first.pool.query<{ case_id: string; seqs: number[]; types: string[]; statuses: string[]; times: Date[] }>(
      `SELECT case_id, array_agg(seq ORDER BY seq) AS seqs, array_agg(type ORDER BY seq) AS types,
              array_agg(status ORDER BY seq) AS statuses, array_agg(occurred_at ORDER BY seq) AS times
       FROM case_event GROUP BY case_id`,
    );
    const byId = new Map(cases.map((c) => [c.id, c]));
    expect(rows).toHaveLength(cases.length);
    for (const e of rows) {
      const c = byId.get(e.case_id)!;
      expect(e.seqs).toEqual(Array.from({ length: c.last_seq }, (_, i) => i + 1));
      expect(e.types[0]).toBe('submitted');
      expect(e.times[0]!.getTime()).toBe(c.submitted_at.getTime());
      expect(e.statuses.at(-1)).toBe(c.status);
      expect(e.times.at(-1)!.getTime()).toBe(c.updated_at.getTime());
      for (let i = 1; i < e.times.length; i++) expect(e.times[i]!.getTime()).toBeGreaterThanOrEqual(e.times[i - 1]!.getTime());
      if (c.closed_at) expect(e.times.at(-1)!.getTime()).toBe(c.closed_at.getTime());
    }
  });

  it('keeps the clocks of each type, stopped once a case ends, with breaches that have their event', async () => {
    const { rows } = await first.pool.query<{ case_id: string; clock: string; state: string; started_at: Date | null; stopped_at: Date | null; breached_at: Date | null; due_at: Date | null; explanation: unknown }>(
      'SELECT case_id, clock, state, started_at, stopped_at, breached_at, due_at, explanation FROM case_clock',
    );
    const breachEvents = new Set(
      (await first.pool.query<{ k: string }>(`SELECT case_id || '|' || coalesce(payload->>'clock', '') AS k FROM case_event WHERE type = 'sla_breached'`)).rows.map((r) => r.k),
    );
    const byId = new Map(cases.map((c) => [c.id, c]));
    const clocksOf = new Map<string, string[]>();
    for (const clock of rows) {
      const c = byId.get(clock.case_id)!;
      const definition = CASE_DEFINITIONS[c.case_type as keyof typeof CASE_DEFINITIONS]!;
      clocksOf.set(c.id, [...(clocksOf.get(c.id) ?? []), clock.clock]);
      const terminal = definition.machine.terminal.includes(c.status);
      if (terminal) expect(['stopped', 'not_started'], `${c.case_type} ${c.status} ${clock.clock}`).toContain(clock.state);
      if (clock.state === 'not_started') expect(clock.started_at).toBeNull();
      else expect(clock.explanation).not.toBeNull();
      if (clock.state === 'stopped') expect(clock.stopped_at).not.toBeNull();
      if (clock.breached_at) {
        const main = definition.clocks[0]!.name === clock.clock;
        expect(breachEvents.has(`${c.id}|${main ? '' : clock.clock}`), `${c.case_type} ${clock.clock} breach event`).toBe(true);
      }
    }
    for (const c of cases) {
      const definition = CASE_DEFINITIONS[c.case_type as keyof typeof CASE_DEFINITIONS]!;
      expect((clocksOf.get(c.id) ?? []).sort()).toEqual(definition.clocks.map((d) => d.name).sort());
    }
    const states = new Set(rows.map((r) => r.state));
    for (const state of ['on_track', 'warning', 'breached', 'paused', 'stopped', 'not_started']) expect(states, state).toContain(state);
  });

  it('covers every case type with breaches, escalations, extensions, pauses and the usual outcomes', async () => {
    expect(new Set(cases.map((c) => c.case_type))).toEqual(new Set(Object.keys(CASE_DEFINITIONS)));
    const types = new Set((await first.pool.query<{ type: string }>('SELECT DISTINCT type FROM case_event')).rows.map((r) => r.type));
    for (const type of ['submitted', 'transition', 'sla_warning', 'sla_breached', 'escalated', 'deadline_extended', 'reminder']) expect(types, type).toContain(type);
    const outcomes = new Set(cases.map((c) => c.outcome));
    for (const outcome of ['granted', 'refused', 'withdrawn', 'answered', 'attended', 'no_show', 'cancelled', 'deemed_refused', 'partially_answered']) expect(outcomes, outcome).toContain(outcome);
    const open = cases.filter((c) => c.closed_at === null);
    expect(open.length).toBeGreaterThan(20);
    expect(open.some((c) => c.sla_state === 'breached')).toBe(true);
  });

  it('follows the seasons: weekdays in office hours mostly, fewer in August than in September', () => {
    const submitted = cases.filter((c) => c.origin_case_id === null);
    const weekday = submitted.filter((c) => ![0, 6].includes(c.submitted_at.getUTCDay())).length;
    expect(weekday / submitted.length).toBeGreaterThan(0.9);
    const inMonth = (m: number) => submitted.filter((c) => c.submitted_at.getUTCMonth() === m).length;
    expect(inMonth(8)).toBeGreaterThan(inMonth(7) * 1.8);
  });

  it('assigns cases to generated handlers of the case’s entity', async () => {
    const { rows: staff } = await first.pool.query<{ id: string; entity_id: string; username: string }>("SELECT id, entity_id, username FROM staff_user WHERE username LIKE 'gen-%'");
    const entityOf = new Map(staff.map((s) => [s.id, s.entity_id]));
    const assigned = cases.filter((c) => c.assignee_id !== null);
    expect(assigned.length).toBeGreaterThan(cases.length / 3);
    for (const c of assigned) expect(entityOf.get(c.assignee_id!), c.case_type).toBe(c.entity_id);
    const perEntity = new Map<string, number>();
    for (const s of staff.filter((s) => s.username.includes('-handler-'))) perEntity.set(s.entity_id, (perEntity.get(s.entity_id) ?? 0) + 1);
    expect([...perEntity.values()].every((n) => n >= 4)).toBe(true);
  });

  // Catalogue ids differ from one database to the next; the generated rows are compared by service code.
  it('writes the same rows for the same seed, and refuses to write them twice', async () => {
    await generateVolume(second.pool, { cases: CASES, seed: SEED, endDate: END_DATE, years: 2, log: quiet });
    const digest = (db: Db) =>
      db.pool
        .query<{ cases: string; clocks: string; events: string }>(
          `SELECT (SELECT md5(string_agg(concat_ws('|', c.id, c.tracking_code, c.case_type, s.code, c.status, c.outcome, c.assignee_id, c.submitted_at, c.closed_at, c.due_at,
                    (c.facts - 'serviceId' - 'officeId')::text, c.working_days_to_close), ',' ORDER BY c.id)) FROM "case" c JOIN service s ON s.id = c.service_id) AS cases,
                  (SELECT md5(string_agg(concat_ws('|', case_id, clock, state, due_at, breached_at, explanation::text), ',' ORDER BY case_id, clock)) FROM case_clock) AS clocks,
                  (SELECT md5(string_agg(concat_ws('|', case_id, seq, type, status, actor, payload::text, occurred_at), ',' ORDER BY case_id, seq)) FROM case_event) AS events`,
        )
        .then((r) => r.rows[0]);
    expect(await digest(second)).toEqual(await digest(first));
    await expect(generateVolume(first.pool, { cases: 10, seed: SEED, endDate: END_DATE, log: quiet })).rejects.toThrow(VolumeGenerationRefused);
  }, 180_000);

  it('makes twins of simulated cases beyond `distinct`: cases of their own with their base’s life', async () => {
    const result = await generateVolume(second.pool, { cases: 400, distinct: 100, seed: 7, endDate: END_DATE, years: 1, log: quiet });
    const { rows } = await second.pool.query<{ id: string; workflow_id: string; tracking_code: string; origin_case_id: string | null; life: string; events: number; clocks: number }>(
      `SELECT c.id, c.workflow_id, c.tracking_code, c.origin_case_id,
              concat_ws('|', c.case_type, c.status, c.outcome, c.submitted_at, c.closed_at, c.assignee_id) AS life,
              (SELECT count(*)::int FROM case_event e WHERE e.case_id = c.id) AS events,
              (SELECT count(*)::int FROM case_clock cc WHERE cc.case_id = c.id) AS clocks
       FROM "case" c WHERE c.workflow_id LIKE 'generated-7-%'`,
    );
    const submitted = rows.filter((r) => r.origin_case_id === null);
    expect(submitted).toHaveLength(400);
    expect(result.cases).toBe(rows.length);
    expect(new Set(rows.map((r) => r.tracking_code)).size).toBe(rows.length);
    expect(new Set(rows.map((r) => r.workflow_id)).size).toBe(rows.length);
    const index = (r: { workflow_id: string }) => Number(/^generated-7-(\d+)/.exec(r.workflow_id)![1]);
    const simulated = submitted.filter((r) => index(r) < 100);
    const twins = submitted.filter((r) => index(r) >= 100);
    expect(twins).toHaveLength(300);
    const lives = new Map(simulated.map((r) => [r.life, r]));
    for (const twin of twins) {
      const base = lives.get(twin.life);
      expect(base, twin.workflow_id).toBeDefined();
      expect([twin.events, twin.clocks]).toEqual([base!.events, base!.clocks]);
    }
  }, 120_000);

  it('refuses unusable options with a message naming them', async () => {
    await expect(generateVolume(first.pool, { cases: -1 })).rejects.toThrow(/cases/);
    await expect(generateVolume(first.pool, { cases: Number('1e309') })).rejects.toThrow(/cases/);
    await expect(generateVolume(first.pool, { cases: 10, endDate: '2026-13-01' })).rejects.toThrow(/endDate/);
    await expect(generateVolume(first.pool, { cases: 10, years: 0 })).rejects.toThrow(/years/);
    await expect(generateVolume(first.pool, { cases: 10, distinct: 11 })).rejects.toThrow(/distinct/);
  });
});
