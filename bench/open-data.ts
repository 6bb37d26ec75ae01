import { loadavg } from 'node:os';
import autocannon from 'autocannon';
import { Client } from '@temporalio/client';
import { pino } from 'pino';
import { buildApp } from '../api/app.js';
import { CaseEventFeed } from '../api/live/case-event-feed.js';
import { createPrisma } from '../platform/prisma.js';
import { lazyClientConnection } from '../platform/temporal-client-connection.js';
import { seed } from '../prisma/seed.js';
import { seedGrantRows } from '../prisma/seed-grants.js';
import { seedTenderRecords } from '../prisma/seed-tenders.js';
import { readImportFile } from '../store/imports/read-file.js';
import { grantsDataset } from '../store/imports/grants-dataset.js';
import { runImport } from '../store/imports/run-import.js';
import { tenderColumns } from '../store/tenders/tender-store.js';
import { createTestDatabase } from '../test/support/database.js';
import { percentile } from './stats.js';

/*
 * `npx tsx bench/open-data.ts` (part of `npm run bench`): the public open-data endpoints over real
 * HTTP, autocannon with 100 connections for a few seconds each, on a scratch database holding
 * 100,000 grant awards (two imports of 50,000 rows) and 10,000 calls for tenders. A static asset
 * served by the same process, which reads no database, is measured first: the figures are meant
 * to be read as ratios to it, since autocannon and the API share this machine's cores.
 * BENCH_SECONDS (default 3) is each endpoint's load; BENCH_AWARDS, BENCH_TENDERS the volumes.
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 100);
const AWARDS = Number(process.env.BENCH_AWARDS ?? 100_000);
const TENDERS = Number(process.env.BENCH_TENDERS ?? 10_000);
const IMPORT_ROWS = 50_000;

const database = await createTestDatabase();
const prisma = createPrisma(database.url);
await seed(prisma, { password: 'bench', nodeEnv: 'bench', log: () => undefined });

const sample = seedGrantRows();
for (let file = 0; file * IMPORT_ROWS < AWARDS; file += 1) {
  const rows = Array.from({ length: Math.min(IMPORT_ROWS, AWARDS - file * IMPORT_ROWS) }, (_, i) => {
    const row = sample[i % sample.length]!;
    const year = 2021 + (i % 6);
    return { ...row, agreementReference: `BENCH-${file}-${i}`, year: String(year), agreementDate: `${year}${row.agreementDate.slice(4)}` };
  });
  const text = [Object.keys(rows[0]!).join(';'), ...rows.map((r) => Object.values(r).join(';'))].join('\n');
  const started = performance.now();
  const report = await runImport(prisma, grantsDataset, readImportFile(Buffer.from(text), 'csv'), { dryRun: false });
  console.log(`grants import of ${rows.length} rows (${(Buffer.byteLength(text) / 1e6).toFixed(1)} MB): ${(performance.now() - started).toFixed(0)} ms, ${report.created} created`);
}

// The seed's calls repeated under other references: every status, buyer and category in proportion.
const templates = await seedTenderRecords(Date.now());
for (let start = 0; start < TENDERS; start += 1000) {
  const batch = Array.from({ length: Math.min(1000, TENDERS - start) }, (_, k) => {
    const { record } = templates[(start + k) % templates.length]!;
    return tenderColumns({ ...record, reference: `${record.reference}-B${start + k}`, documents: record.documents.map((d) => ({ ...d, url: `https://marches.example.test/${d.fileName}` })) });
  });
  await prisma.tender.createMany({ data: batch });
}
await prisma.$executeRawUnsafe('ANALYZE');

const log = pino({ level: 'silent' });
// The public routes never reach Temporal: a connection that is never opened stands in.
const temporal = new Client({ connection: lazyClientConnection('127.0.0.1:1').connection });
const feed = new CaseEventFeed({ prisma, log, listenUrl: database.url, pollIntervalMs: 1000 });
const secret = 'bench-'.repeat(6);
const app = await buildApp({ prisma, temporal, feed, config: { jwtSecret: secret, accessTokenSecret: secret, limits: { publicReadsPerMinute: 1e9 } } });
await app.listen({ port: 0, host: '127.0.0.1' });
const origin = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;

const firstTender = (await (await fetch(`${origin}/api/v1/public/tenders?limit=1`)).json()) as { items: { path: string }[]; total: number };
const tendersEtag = (await fetch(`${origin}/api/v1/public/tenders`)).headers.get('etag') ?? '';
const any = <T>(items: readonly T[]) => items[Math.floor(Math.random() * items.length)]!;
const years = [2021, 2022, 2023, 2024, 2025, 2026];
const regions = ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12'];
const grantWords = ['جمعية الامل', 'cooperative', 'Etude', 'tifawin', 'النسيم'];
const tenderWords = ['etude', 'دراسة', 'travaux', 'fourniture', 'entretien'];
const tenderFilters = ['status=open,closing_soon&sort=deadline', 'category=travaux', 'category=etudes&status=closed', 'buyer=MJ&sort=-estimate', 'procedure=appel_offres_ouvert&status=open'];

interface Line {
  label: string;
  path: () => string;
  headers?: Record<string, string>;
  status: number;
}

const lines: Line[] = [
  { label: 'baseline: static asset (no database)', path: () => '/assets/morocco-territories.js', status: 200 },
  { label: 'grants list', path: () => '/api/v1/public/grants', status: 200 },
  { label: 'grants filtered (72 year × region)', path: () => `/api/v1/public/grants?year=${any(years)}&region=${any(regions)}`, status: 200 },
  { label: 'grants search (5 names, fr/ar)', path: () => `/api/v1/public/grants?q=${encodeURIComponent(any(grantWords))}`, status: 200 },
  { label: 'tenders list', path: () => '/api/v1/public/tenders', status: 200 },
  { label: 'tenders search (5 words, fr/ar)', path: () => `/api/v1/public/tenders?q=${encodeURIComponent(any(tenderWords))}`, status: 200 },
  { label: 'tenders filtered (5 filter sets)', path: () => `/api/v1/public/tenders?${any(tenderFilters)}`, status: 200 },
  { label: 'one tender', path: () => `/api/v1/public/tenders/${firstTender.items[0]!.path}`, status: 200 },
  { label: 'public stats (every entity)', path: () => '/api/v1/public/stats', status: 200 },
  { label: 'tenders list revalidated (304)', path: () => '/api/v1/public/tenders', headers: { 'if-none-match': tendersEtag }, status: 304 },
];

/** One endpoint under load: every response's latency is kept, so p95 is exact (autocannon's histogram has no p95). */
async function load(line: Line) {
  const latencies: number[] = [];
  const unexpected: Record<number, number> = {};
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: origin,
        connections: CONNECTIONS,
        duration: SECONDS,
        headers: line.headers ?? {},
        requests: [{ setupRequest: (request) => ({ ...request, path: line.path() }) }],
      },
      (err, done) => (err ? reject(err as Error) : resolve(done)),
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      latencies.push(responseTime);
      if (statusCode !== line.status) unexpected[statusCode] = (unexpected[statusCode] ?? 0) + 1;
    });
  });
  return { latencies, requestsPerSecond: latencies.length / result.duration, errors: result.errors + result.timeouts, unexpected };
}

/** One request alone, before the load: what the first reader of an answer waits (nothing kept yet). */
async function alone(line: Line): Promise<number> {
  const started = performance.now();
  await (await fetch(`${origin}${line.path()}`, { headers: line.headers ?? {} })).arrayBuffer();
  return performance.now() - started;
}

// The baseline once first, unreported: connections, JIT and the database’s caches warm.
await load({ ...lines[0]!, label: 'warm-up' });
console.log(`\n${TENDERS} calls for tenders (${firstTender.total} public), ${AWARDS} grant awards; autocannon, ${CONNECTIONS} connections, ${SECONDS} s per line, same process, load average ${loadavg()[0]!.toFixed(1)}`);
console.log(`${'endpoint'.padEnd(40)}${'alone'.padStart(8)}${'p50 ms'.padStart(8)}${'p95 ms'.padStart(8)}${'p99 ms'.padStart(8)}${'req/s'.padStart(8)}${'× base'.padStart(8)}`);
let baseline = 0;
for (const line of lines) {
  const first = await alone(line);
  const { latencies, requestsPerSecond, errors, unexpected } = await load(line);
  baseline ||= requestsPerSecond;
  const ms = (p: number) => percentile(latencies, p).toFixed(0).padStart(8);
  const problems = [errors ? `${errors} errors` : '', Object.keys(unexpected).length ? `unexpected statuses ${JSON.stringify(unexpected)}` : ''].filter(Boolean).join(', ');
  console.log(`${line.label.padEnd(40)}${first.toFixed(0).padStart(8)}${ms(50)}${ms(95)}${ms(99)}${requestsPerSecond.toFixed(0).padStart(8)}${(requestsPerSecond / baseline).toFixed(2).padStart(8)}${problems ? `  ${problems}` : ''}`);
}

await app.close();
await prisma.$disconnect();
await database.drop();
