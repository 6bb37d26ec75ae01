import type { AddressInfo } from 'node:net';
import { seedTenderRecords } from '../prisma/seed-tenders.js';
import { tenderColumns } from '../store/tenders/tender-store.js';
import { startBenchPlatform } from './platform.js';
import { median, percentile, runConcurrently } from './stats.js';

/**
 * `npx tsx bench/tenders.ts`: the public calls-for-tenders endpoints over real HTTP at 100
 * concurrent clients on 10,000 calls (the seed's calls, repeated under other references): the
 * list, searches in French and Arabic, a status filter, one call, and a revalidation answered 304.
 */
const CALLS = Number(process.env.BENCH_TENDERS ?? 10_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 100);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2_000);

const platform = await startBenchPlatform();
const { prisma, app } = platform;
const templates = await seedTenderRecords(Date.now());
for (let start = 0; start < CALLS; start += 1000) {
  const batch = Array.from({ length: Math.min(1000, CALLS - start) }, (_, k) => {
    const { record } = templates[(start + k) % templates.length]!;
    return tenderColumns({ ...record, reference: `${record.reference}-B${start + k}`, documents: record.documents.map((d) => ({ ...d, url: `https://marches.example.test/${d.fileName}` })) });
  });
  await prisma.tender.createMany({ data: batch });
}
await app.listen({ port: 0, host: '127.0.0.1' });
const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
const oneCall = (await (await fetch(`${base}/api/v1/public/tenders?limit=1`)).json()) as { items: { path: string }[]; total: number };
const etagOf = async (path: string) => (await fetch(`${base}${path}`)).headers.get('etag') ?? '';

const cases: [string, string, Record<string, string>?][] = [
  ['list (20 newest)', '/api/v1/public/tenders'],
  ['search "etude"', '/api/v1/public/tenders?q=etude'],
  ['search Arabic "دراسة"', `/api/v1/public/tenders?q=${encodeURIComponent('دراسة')}`],
  ['status=open,closing_soon by deadline', '/api/v1/public/tenders?status=open,closing_soon&sort=deadline'],
  ['one call', `/api/v1/public/tenders/${oneCall.items[0]!.path}`],
  ['list revalidated (304)', '/api/v1/public/tenders', { 'if-none-match': await etagOf('/api/v1/public/tenders') }],
];

console.log(`calls for tenders: ${oneCall.total} public of ${CALLS}, ${CONCURRENCY} concurrent clients, ${REQUESTS} requests per line`);
for (const [label, path, headers] of cases) {
  let failures = 0;
  const { latencies, wallMs } = await runConcurrently(REQUESTS, CONCURRENCY, async () => {
    const res = await fetch(`${base}${path}`, { headers: headers ?? {} });
    await res.arrayBuffer();
    if (res.status !== (headers ? 304 : 200)) failures += 1;
  });
  console.log(
    `${label.padEnd(40)} p50 ${median(latencies).toFixed(1).padStart(7)} ms  p95 ${percentile(latencies, 95).toFixed(1).padStart(7)} ms  ` +
      `${Math.round((REQUESTS / wallMs) * 1000).toString().padStart(5)} req/s${failures ? `  ${failures} failed` : ''}`,
  );
}
await platform.close();
