import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { Client } from '@temporalio/client';
import pg from 'pg';
import { pino } from 'pino';
import { buildApp, type KhidmaApp } from '../api/app.js';
import { CaseEventFeed } from '../api/live/case-event-feed.js';
import type { CaseEventRecord, ClockProjection } from '../domain/cases/case-event.js';
import { STATS_TABLES } from '../domain/stats/tables.js';
import { applyMigrations, DEFAULT_MIGRATIONS_DIR } from '../platform/migrate.js';
import { caseDataConverter } from '../platform/payload-codec.js';
import { createPrisma, type PrismaClient } from '../platform/prisma.js';
import { resolveTemporal } from '../platform/temporal-server.js';
import { Prisma } from '../prisma/generated/client.js';
import { DEFAULT_SEED_PASSWORD, seed } from '../prisma/seed.js';
import { writeCaseEvent } from '../store/case-events.js';
import { moroccanToday } from '../store/slot-publication.js';
import { APPLY_STATS_SETTINGS, STATS_SETTINGS } from '../store/stats/stats-db.js';
import { generateVolume } from '../store/volume/generate-volume.js';
import { createTestDatabase } from '../test/support/database.js';
import { median, percentile, runConcurrently } from './stats.js';

/**
 * `npm run bench:stats [-- --cases 1000000 --distinct 60000 --runs 10 --runs-without 1 --writes 1000 --database URL --cache-seconds 0]`: the dashboard's
 * queries on generated cases. A scratch database is migrated, seeded and filled by the volume
 * generator (or `--database` names one already filled, migrated on the spot), then the API is built
 * and every statistics route is read through app.inject by an administrator (all entities) and a
 * manager (one entity), with the dashboard's usual filters: p50/p95/p99 over `--runs` runs after
 * warm-up. The cost of keeping the statistics current is case events written per second through
 * the real recording transaction, with and without the rollup's triggers; with `--runs-without` > 0
 * the single tables and the writes are measured without the statistics indexes too (dropped, then
 * made again). The slowest queries are shown with EXPLAIN (ANALYZE, BUFFERS).
 */
const { values: args } = parseArgs({
  options: {
    cases: { type: 'string', default: '1000000' },
    distinct: { type: 'string', default: '60000' },
    seed: { type: 'string', default: '1' },
    runs: { type: 'string', default: '10' },
    'runs-without': { type: 'string', default: '1' },
    writes: { type: 'string', default: '1000' },
    database: { type: 'string' },
    'cache-seconds': { type: 'string', default: '0' },
  },
  strict: true,
});
const whole = (name: string, raw: string) => {
  if (!/^\d{1,9}$/.test(raw)) throw new Error(`--${name} must be a whole number, got ${JSON.stringify(raw)}`);
  return Number(raw);
};
const CASES = whole('cases', args.cases);
const RUNS = whole('runs', args.runs);
const RUNS_WITHOUT = whole('runs-without', args['runs-without']);
const WRITES = whole('writes', args.writes);
const WARM_UP = 2;
const WRITE_CONCURRENCY = 8;
const TARGET_P95_MS = 200;
const INDEX_MIGRATIONS = [
  '20261207130000_statistics_indexes',
  '20261207140000_statistics_at_risk',
  '20261207150000_statistics_rollup',
  '20261207160000_statistics_open_cases',
  '20261207180000_statistics_durations',
  '20261207181000_statistics_flagged_clocks',
];
// A scratch database is seeded with the bench's password; one filled by `npm run seed:volume` has SEED_PASSWORD's, else the demo's.
const PASSWORD = args.database ? process.env.SEED_PASSWORD || DEFAULT_SEED_PASSWORD : 'bench';
const log = (msg: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${msg}`);

/** Raw statements the stats store ran during one request, with their duration. */
interface Statement {
  text: string;
  values: unknown[];
  ms: number;
}
let captured: Statement[] = [];

/**
 * The Prisma client the API gets, with every raw query timed and kept (text and parameters) so the
 * slowest can be explained afterwards, in the client's interactive transactions too (the statistics
 * read in their own); everything else goes straight through.
 */
function capturing<C extends Pick<PrismaClient, '$queryRaw'>>(prisma: C): C {
  return new Proxy(prisma, {
    get(target, prop) {
      if (prop === '$transaction') {
        const transaction = (target as unknown as PrismaClient).$transaction.bind(target) as (work: unknown, options?: unknown) => Promise<unknown>;
        return (work: unknown, options?: unknown) =>
          typeof work === 'function' ? transaction((tx: C) => (work as (tx: C) => unknown)(capturing(tx)), options) : transaction(work, options);
      }
      if (prop === '$queryRaw') {
        return async (strings: TemplateStringsArray, ...values: unknown[]) => {
          const sql = Prisma.sql(strings, ...values);
          const t0 = performance.now();
          try {
            return await target.$queryRaw(strings, ...values);
          } finally {
            captured.push({ text: sql.text, values: sql.values, ms: performance.now() - t0 });
          }
        };
      }
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

const started = performance.now();
let databaseUrl = args.database;
let drop: (() => Promise<void>) | null = null;
if (!databaseUrl) {
  const database = await createTestDatabase();
  databaseUrl = database.url;
  drop = database.drop;
} else {
  await applyMigrations(databaseUrl, log);
}
const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
const prisma = createPrisma(databaseUrl);
await seed(prisma, { password: PASSWORD, nodeEnv: 'bench', log });
const generatedAlready = Number((await pool.query(`SELECT count(*) AS n FROM "case" WHERE workflow_id LIKE 'generated-%'`)).rows[0].n);
if (generatedAlready === 0) {
  const generated = await generateVolume(pool, { cases: CASES, distinct: Math.min(CASES, whole('distinct', args.distinct)), seed: whole('seed', args.seed), log });
  log(`generated ${generated.cases} cases and ${generated.events} events in ${(generated.ms / 1000).toFixed(0)} s (${Math.round(generated.cases / (generated.ms / 1000))} cases/s)`);
  // Index-only scans need the visibility map a vacuum writes; the planner needs the statistics.
  await pool.query('VACUUM ANALYZE');
} else {
  // `npm run seed:volume` leaves vacuuming to autovacuum, which may not have come yet: the plans would be a blind planner's.
  const analysed = (await pool.query(`SELECT last_analyze IS NOT NULL OR last_autoanalyze IS NOT NULL AS done FROM pg_stat_user_tables WHERE relname = 'case'`)).rows[0]?.done === true;
  if (!analysed) await pool.query('VACUUM ANALYZE');
  log(`the database already holds ${generatedAlready} generated cases (${analysed ? 'analysed before' : 'vacuumed and analysed now'}): measuring on them`);
}
const sizes = (
  await pool.query(
    `SELECT (SELECT count(*) FROM "case") AS cases, (SELECT count(*) FROM case_event) AS events, (SELECT count(*) FROM case_clock) AS clocks,
            pg_size_pretty(pg_database_size(current_database())) AS size`,
  )
).rows[0];
log(`database: ${sizes.cases} cases, ${sizes.events} events, ${sizes.clocks} clocks, ${sizes.size}`);

process.env.PAYLOAD_ENCRYPTION_KEY ??= randomBytes(32).toString('base64');
const temporal = await resolveTemporal({ mode: 'ephemeral', ui: false, log: () => undefined });
const quietLog = pino({ level: 'warn' });
const feed = new CaseEventFeed({ prisma, log: quietLog, listenUrl: databaseUrl });
await feed.start();
const client = new Client({ connection: temporal.connection, namespace: temporal.namespace, dataConverter: caseDataConverter() });
const config = {
  // 0 by default: the queries themselves are measured, not the page kept by STATS_CACHE_SECONDS.
  statsCacheSeconds: whole('cache-seconds', args['cache-seconds']),
  jwtSecret: 'bench-jwt-secret-0123456789',
  accessTokenSecret: 'bench-access-secret-0123456789',
  limits: { submissionsPerMinute: 1e9, lookupsPerMinute: 1e9, signInsPerMinute: 1e9 },
};
const app: KhidmaApp = await buildApp({ prisma: capturing(prisma), temporal: client, feed, config });

async function token(username: string): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/token', payload: { username, password: PASSWORD } });
  if (res.statusCode !== 200) throw new Error(`sign-in of ${username} failed: ${res.statusCode} ${res.body}`);
  return res.json<{ token: string }>().token;
}
const principals = { admin: await token('admin'), manager: await token('manager') };
const oneService = (await pool.query<{ id: string }>(`SELECT id FROM service WHERE code = 'CASIER-JUDICIAIRE'`)).rows[0]!.id;
const today = moroccanToday();
const thirtyDaysAgo = new Date(Date.parse(`${today}T00:00:00Z`) - 29 * 86_400_000).toISOString().slice(0, 10);

/** The dashboard's reads: the whole page with its usual filters, each table alone, the live counters. */
const QUERIES: Array<{ name: string; url: string }> = [
  { name: 'stats (12 months by month)', url: '/api/v1/stats' },
  { name: 'stats (30 days by day)', url: `/api/v1/stats?from=${thirtyDaysAgo}&to=${today}&groupBy=day` },
  { name: 'stats (one service)', url: `/api/v1/stats?serviceId=${oneService}` },
  ...STATS_TABLES.map((table) => ({ name: `stats/${table}`, url: `/api/v1/stats/${table}` })),
  { name: 'stats/live', url: '/api/v1/stats/live' },
];

interface Measured {
  name: string;
  who: string;
  p50: number;
  p95: number;
  p99: number;
  slowest: Statement | null;
}

async function measureQueries(runs: number, warmUp: number, readers: Record<string, string>, queries: typeof QUERIES): Promise<Measured[]> {
  const results: Measured[] = [];
  for (const [who, bearer] of Object.entries(readers)) {
    for (const query of queries) {
      const latencies: number[] = [];
      let slowest: Statement | null = null;
      for (let i = 0; i < warmUp + runs; i++) {
        captured = [];
        const t0 = performance.now();
        const res = await app.inject({ method: 'GET', url: query.url, headers: { authorization: `Bearer ${bearer}` } });
        const ms = performance.now() - t0;
        if (res.statusCode !== 200) throw new Error(`${who} ${query.url}: ${res.statusCode} ${res.body.slice(0, 300)}`);
        if (i < warmUp) continue;
        latencies.push(ms);
        for (const s of captured) if (!slowest || s.ms > slowest.ms) slowest = s;
      }
      results.push({ name: query.name, who, p50: median(latencies), p95: percentile(latencies, 95), p99: percentile(latencies, 99), slowest });
    }
  }
  return results;
}

function printQueries(title: string, results: Measured[]) {
  console.log(`\n### ${title}\n`);
  console.log('| query | reader | p50 ms | p95 ms | p99 ms | slowest statement ms |');
  console.log('| --- | --- | ---: | ---: | ---: | ---: |');
  for (const r of results) {
    const flag = r.p95 >= TARGET_P95_MS ? ' ⚠' : '';
    console.log(`| ${r.name} | ${r.who} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)}${flag} | ${r.p99.toFixed(1)} | ${r.slowest ? r.slowest.ms.toFixed(1) : '-'} |`);
  }
}

/**
 * What a write round records on each of `count` open generated cases, through the recording
 * transaction the worker runs (writeCaseEvent: case row, clocks, event, notify), cases
 * `WRITE_CONCURRENCY` at a time, each case's events in order:
 * - `recompute`: a recomputed due date, which moves no statistic;
 * - `statistics`: the events that move them — the last warning (at risk), a closing (volume,
 *   outcomes, clocks stopped: the rollup's triggers) and a reopening that puts the case back as it was.
 */
type Workload = 'recompute' | 'statistics';
let writeRound = 0;
async function measureWrites(count: number, workload: Workload): Promise<{ events: number; perSecond: number; p50: number; p95: number; p99: number }> {
  writeRound += 1;
  const cases = workload === 'statistics' ? Math.ceil(count / 3) : count;
  const { rows } = await pool.query<{
    id: string;
    entity_id: string;
    status: string;
    assignee_id: string | null;
    sla_state: string;
    due_at: Date | null;
    explanation: unknown;
    last_seq: number;
    escalation_level: number;
    facts: Record<string, unknown>;
    clocks: ClockProjection[];
  }>(
    `SELECT c.id, c.entity_id, c.status, c.assignee_id, c.sla_state, c.due_at, c.explanation, c.last_seq, c.escalation_level, c.facts,
       (SELECT json_agg(json_build_object('clock', cc.clock, 'state', cc.state, 'startedAt', cc.started_at, 'dueAt', cc.due_at, 'paused', cc.paused,
          'stoppedAt', cc.stopped_at, 'breachedAt', cc.breached_at, 'escalationLevel', cc.escalation_level, 'explanation', cc.explanation)) FROM case_clock cc WHERE cc.case_id = c.id) AS clocks
     FROM "case" c WHERE c.closed_at IS NULL AND c.workflow_id LIKE 'generated-%' ORDER BY c.id LIMIT $1`,
    [cases],
  );
  const silent = { info: () => {}, warn: () => {} };
  const now = Date.now();
  const sequences: CaseEventRecord[][] = rows.map((r) => {
    const projection: CaseEventRecord['projection'] = {
      status: r.status,
      assigneeId: r.assignee_id,
      slaState: r.sla_state as CaseEventRecord['projection']['slaState'],
      dueAt: r.due_at?.toISOString() ?? null,
      explanation: r.explanation as CaseEventRecord['projection']['explanation'],
      closedAt: null,
      outcome: null,
      escalationLevel: r.escalation_level,
      clocks: r.clocks ?? [],
      facts: r.facts,
    };
    const event = (k: number, type: CaseEventRecord['type'], payload: Record<string, unknown>, change: Partial<CaseEventRecord['projection']> = {}): CaseEventRecord => ({
      caseId: r.id,
      entityId: r.entity_id,
      seq: r.last_seq + 1 + k,
      type,
      actor: 'system',
      occurredAt: new Date(now + k).toISOString(),
      payload,
      projection: { ...projection, ...change },
      notices: [],
    });
    if (workload === 'recompute') return [event(0, 'due_recomputed', { reason: `bench round ${writeRound}`, dates: [] })];
    const closedAt = new Date(now + 1).toISOString();
    const stopped = projection.clocks!.map((c) => (c.startedAt && !c.stoppedAt ? { ...c, state: 'stopped' as const, stoppedAt: closedAt } : c));
    return [
      event(0, 'sla_warning', { fraction: 0.9, dueAt: projection.dueAt, notify: 'handler' }),
      event(1, 'transition', { action: 'withdraw', from: r.status, to: 'withdrawn' }, { status: 'withdrawn', closedAt, outcome: 'withdrawn', clocks: stopped }),
      event(2, 'transition', { action: 'reopen', from: 'withdrawn', to: r.status }),
    ];
  });
  const latencies: number[] = [];
  const { wallMs } = await runConcurrently(sequences.length, WRITE_CONCURRENCY, async (i) => {
    for (const e of sequences[i]!) {
      const t0 = performance.now();
      await writeCaseEvent({ prisma, log: silent }, e);
      latencies.push(performance.now() - t0);
    }
  });
  return { events: latencies.length, perSecond: latencies.length / (wallMs / 1000), p50: median(latencies), p95: percentile(latencies, 95), p99: percentile(latencies, 99) };
}

/** The rollup's triggers (migration 20261207150000_statistics_rollup), switched off and on again for the write cost without them. */
async function setRollupTriggers(enabled: boolean) {
  const { rows } = await pool.query<{ table: string; name: string }>(
    `SELECT t.tgrelid::regclass::text AS table, t.tgname AS name FROM pg_trigger t WHERE starts_with(t.tgname, 'statistics_') AND NOT t.tgisinternal`,
  );
  for (const t of rows) await pool.query(`ALTER TABLE ${t.table} ${enabled ? 'ENABLE' : 'DISABLE'} TRIGGER "${t.name}"`);
  return rows.length;
}

/** The statistics indexes present, with their definitions: those the statistics migrations create (some a later one drops). */
const statisticsIndexNames = (
  await Promise.all(
    INDEX_MIGRATIONS.map(async (migration) => readFile(new URL(`${migration}/migration.sql`, `file://${DEFAULT_MIGRATIONS_DIR}/`), 'utf8')),
  )
).flatMap((sql) => [...sql.matchAll(/CREATE INDEX\s+"?(\w+)"?/gi)].map((m) => m[1]!));
const statisticsIndexes = (
  await pool.query<{ name: string; definition: string }>(`SELECT indexname AS name, indexdef AS definition FROM pg_indexes WHERE indexname = ANY($1::text[])`, [statisticsIndexNames])
).rows;

async function explain(statements: Statement[]) {
  const seen = new Set<string>();
  for (const s of statements) {
    if (seen.has(s.text)) continue;
    seen.add(s.text);
    // As the API reads them: STATS_SETTINGS for the statement's transaction (store/stats/stats-db.ts).
    const client = await pool.connect();
    let plan: pg.QueryResult;
    try {
      await client.query('BEGIN');
      await client.query(APPLY_STATS_SETTINGS, [JSON.stringify(STATS_SETTINGS)]);
      plan = await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${s.text}`, s.values);
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    console.log(`\n-- ${s.ms.toFixed(1)} ms in the API\n${s.text.replace(/\s+/g, ' ').slice(0, 600)}\n`);
    console.log(plan.rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n'));
  }
}

const slowestOf = (results: Measured[]) =>
  results
    .filter((r) => r.slowest)
    .sort((a, b) => b.slowest!.ms - a.slowest!.ms)
    .slice(0, 4)
    .map((r) => r.slowest!);

console.log(`\n## Statistics dashboard on ${sizes.cases} cases (${sizes.events} events, ${sizes.size}); target p95 < ${TARGET_P95_MS} ms`);
/** The machine is shared: each figure goes with the load it was measured under. */
const loadAverage = async () => (await readFile('/proc/loadavg', 'utf8')).split(' ').slice(0, 3).join(' ');
const loadBefore = await loadAverage();
const withIndexes = await measureQueries(RUNS, WARM_UP, principals, QUERIES);
printQueries(`With the statistics indexes (${RUNS} runs after ${WARM_UP} warm-up; load average ${loadBefore} before, ${await loadAverage()} after)`, withIndexes);
const explainedWith = slowestOf(withIndexes);
console.log('\n## Plans of the slowest statements with the statistics indexes');
await explain(explainedWith);

// The cost of keeping the statistics current: the same workloads with and without the rollup's
// triggers (the at-risk column is written by the recorder itself, in both), then without the indexes.
const writes: Array<[string, Workload, Awaited<ReturnType<typeof measureWrites>>]> = [
  ['indexes, rollup triggers', 'recompute', await measureWrites(WRITES, 'recompute')],
  ['indexes, rollup triggers', 'statistics', await measureWrites(WRITES, 'statistics')],
];
log(`switching the rollup's ${await setRollupTriggers(false)} triggers off`);
try {
  writes.push(['indexes, no rollup triggers', 'statistics', await measureWrites(WRITES, 'statistics')]);
  log(`load average after the writes: ${await loadAverage()}`);
} finally {
  await setRollupTriggers(true);
}

if (RUNS_WITHOUT > 0) {
  log(`dropping the statistics indexes: ${statisticsIndexes.map((i) => i.name).join(', ')}`);
  for (const { name } of statisticsIndexes) await pool.query(`DROP INDEX IF EXISTS "${name}"`);
  await pool.query('ANALYZE');
  // Without the indexes a statement reads the whole table: the administrator's single tables
  // only (a page is the sum of its tables), without warm-up, or this part alone would take an hour.
  const withoutIndexes = await measureQueries(RUNS_WITHOUT, 0, { admin: principals.admin }, QUERIES.filter((q) => q.name.startsWith('stats/')));
  printQueries(`Without them (administrator, single tables, ${RUNS_WITHOUT} run${RUNS_WITHOUT === 1 ? '' : 's'}, no warm-up)`, withoutIndexes);
  writes.push(['no statistics indexes, rollup triggers', 'recompute', await measureWrites(WRITES, 'recompute')]);
  writes.push(['no statistics indexes, rollup triggers', 'statistics', await measureWrites(WRITES, 'statistics')]);
  // Nothing of the statistics kept at all: the baseline of the recording path alone.
  log(`switching the rollup's ${await setRollupTriggers(false)} triggers off`);
  try {
    writes.push(['no statistics indexes, no rollup triggers', 'statistics', await measureWrites(WRITES, 'statistics')]);
  } finally {
    await setRollupTriggers(true);
  }
  const explainedWithout = slowestOf(withoutIndexes);
  console.log('\n## Plans of the slowest statements without the statistics indexes');
  await explain(explainedWithout);
  const t0 = performance.now();
  for (const { definition } of statisticsIndexes) await pool.query(definition);
  log(`statistics indexes made again in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  await pool.query('ANALYZE');
  console.log('\n## Plans of the same statements with the statistics indexes');
  await explain(explainedWithout);
}

console.log(`\n### Keeping the statistics current: about ${WRITES} case events per row through the recording transaction, ${WRITE_CONCURRENCY} cases at a time\n`);
console.log('| maintenance | workload | events | events/s | p50 ms | p95 ms | p99 ms |');
console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: |');
for (const [label, workload, w] of writes) {
  console.log(`| ${label} | ${workload} | ${w.events} | ${w.perSecond.toFixed(0)} | ${w.p50.toFixed(1)} | ${w.p95.toFixed(1)} | ${w.p99.toFixed(1)} |`);
}
const over = withIndexes.filter((r) => r.p95 >= TARGET_P95_MS);
console.log(`\n${over.length === 0 ? 'every query is under the target' : `${over.length} quer${over.length === 1 ? 'y is' : 'ies are'} over the target`}; total ${((performance.now() - started) / 1000).toFixed(0)} s`);

await app.close();
await feed.stop();
await prisma.$disconnect();
await pool.end();
await temporal.stop();
await drop?.();
