import { Client } from '@temporalio/client';
import { pino } from 'pino';
import { buildApp } from '../api/app.js';
import { CaseEventFeed } from '../api/live/case-event-feed.js';
import { createPrisma } from '../platform/prisma.js';
import { lazyClientConnection } from '../platform/temporal-client-connection.js';
import { seedGrantRows } from '../prisma/seed-grants.js';
import { readImportFile } from '../store/imports/read-file.js';
import { grantsDataset } from '../store/imports/grants-dataset.js';
import { runImport } from '../store/imports/run-import.js';
import { createTestDatabase } from '../test/support/database.js';
import { percentile } from './stats.js';

/*
 * The public grants API on 100,000 awards (two imports of 50,000 rows, about 12 MB each): one
 * cold request of each kind, then 100 concurrent clients for a few seconds on the list, filtered
 * lists, searches and revalidations. The load comes from this process, on the same machine.
 */
const AWARDS_PER_FILE = 50_000;
const SECONDS = 8;
const CLIENTS = 100;

const database = await createTestDatabase();
const prisma = createPrisma(database.url);
const sample = seedGrantRows();
for (let file = 0; file < 2; file += 1) {
  const rows = Array.from({ length: AWARDS_PER_FILE }, (_, i) => {
    const row = sample[i % sample.length]!;
    const year = 2021 + (i % 6);
    return { ...row, agreementReference: `BENCH-${file}-${i}`, year: String(year), agreementDate: `${year}${row.agreementDate!.slice(4)}` };
  });
  const text = [Object.keys(rows[0]!).join(';'), ...rows.map((r) => Object.values(r).join(';'))].join('\n');
  const started = performance.now();
  const report = await runImport(prisma, grantsDataset, readImportFile(Buffer.from(text), 'csv'), { dryRun: false });
  console.log(`import of ${AWARDS_PER_FILE} rows (${(Buffer.byteLength(text) / 1e6).toFixed(1)} MB): ${(performance.now() - started).toFixed(0)} ms, ${report.created} created`);
}

const log = pino({ level: 'silent' });
// The public routes never reach Temporal: a connection that is never opened stands in.
const temporal = new Client({ connection: lazyClientConnection('127.0.0.1:1').connection });
const feed = new CaseEventFeed({ prisma, log, listenUrl: database.url, pollIntervalMs: 1000 });
const app = await buildApp({ prisma, temporal, feed, config: { jwtSecret: 'bench-'.repeat(6), accessTokenSecret: 'bench-'.repeat(6), limits: { publicReadsPerMinute: 1e9 } } });
await app.listen({ port: 0, host: '127.0.0.1' });
const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}/api/v1/public/grants`;

for (const [label, query] of [['list', ''], ['filtered list', '?year=2024&region=09'], ['search', `?q=${encodeURIComponent('جمعية الامل')}`], ['CSV export of all', '?format=csv']]) {
  const started = performance.now();
  const res = await fetch(`${base}${query}`);
  const bytes = (await res.arrayBuffer()).byteLength;
  console.log(`one ${label} (cold): ${(performance.now() - started).toFixed(0)} ms, ${res.status}, ${(bytes / 1e6).toFixed(2)} MB`);
}

async function underLoad(label: string, query: () => string, headers: Record<string, string> = {}) {
  const latencies: number[] = [];
  const statuses: Record<number, number> = {};
  const until = Date.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (Date.now() < until) {
        const started = performance.now();
        const res = await fetch(`${base}${query()}`, { headers });
        await res.arrayBuffer();
        latencies.push(performance.now() - started);
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      }
    }),
  );
  const p = (n: number) => percentile(latencies, n).toFixed(0);
  console.log(`${label}, ${CLIENTS} clients: ${(latencies.length / SECONDS).toFixed(0)} req/s, p50 ${p(50)} ms, p95 ${p(95)} ms, p99 ${p(99)} ms, ${JSON.stringify(statuses)}`);
}
const any = <T>(items: readonly T[]) => items[Math.floor(Math.random() * items.length)]!;
const years = [2021, 2022, 2023, 2024, 2025, 2026];
const regions = ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12'];
await underLoad('list', () => '');
await underLoad('filtered list (72 year × region)', () => `?year=${any(years)}&region=${any(regions)}`);
await underLoad('search', () => `?q=${encodeURIComponent(any(['جمعية الامل', 'cooperative', 'Etude', 'tifawin', 'النسيم']))}`);
const etag = (await fetch(base)).headers.get('etag')!;
await underLoad('revalidation (304)', () => '', { 'if-none-match': etag });

await app.close();
await prisma.$disconnect();
await database.drop();
