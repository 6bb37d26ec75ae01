import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { fromEpochDay, toEpochDay } from '../domain/calendar/iso-date.js';
import { defaultClocks } from '../domain/sla/default-policies.js';
import { moroccanToday, publishSlots } from '../store/slot-publication.js';
import { freeSlots } from '../store/slot-query.js';
import { startBenchPlatform } from './platform.js';
import { median, percentile } from './stats.js';

/**
 * `npm run bench` (slots): the public slot query of one office publishing 50 appointment services
 * (weekdays 09:00–12:00 and 14:00–16:00, 30-minute slots of 2 seats, a third of the slots with a
 * booking or a hold), asked for one service over a month, against a bare `SELECT 1` round trip on
 * the same connection pool in the same run: the store function alone, the HTTP route end to end,
 * and the "next five free slots" a refused booking suggests. Samples alternate so noise hits all alike.
 */
const SERVICES = 50;
const SAMPLES = Number(process.env.BENCH_SLOT_SAMPLES ?? 500);
const MONTH_DAYS = 30;

const platform = await startBenchPlatform();
const { prisma, app } = platform;

const entity = await prisma.entity.create({ data: { code: `BENCH-${randomUUID().slice(0, 8)}`, name: 'Entité du banc d’essai' } });
const office = await prisma.office.create({ data: { entityId: entity.id, code: 'BENCH-OFFICE', name: 'Guichet du banc d’essai', address: 'Rabat' } });
await prisma.service.createMany({
  data: Array.from({ length: SERVICES }, (_, i) => ({
    entityId: entity.id, code: `RDV-BENCH-${i}`, caseType: 'appointment', name: `Rendez-vous ${i}`, clocks: defaultClocks('appointment') as object,
  })),
});
const services = await prisma.service.findMany({ where: { entityId: entity.id }, orderBy: { code: 'asc' } });
await prisma.slotTemplate.createMany({
  data: services.flatMap((service) =>
    [1, 2, 3, 4, 5].flatMap((weekday) =>
      [['09:00', '12:00'], ['14:00', '16:00']].map(([startTime, endTime]) => ({
        officeId: office.id, serviceId: service.id, weekday, startTime: startTime!, endTime: endTime!, lengthMinutes: 30, seats: 2, updatedBy: 'bench',
      })),
    ),
  ),
});
const publishStarted = performance.now();
const publication = await publishSlots(prisma, { officeId: office.id });
const publishMs = performance.now() - publishStarted;
const republishStarted = performance.now();
await publishSlots(prisma, { officeId: office.id });
const republishMs = performance.now() - republishStarted;

// A third of the slots hold a seat: bookings, live holds and expired ones, as the booking code leaves them.
await prisma.$executeRaw`
  INSERT INTO slot_seat (id, slot_id, kind, case_id, expires_at, created_at)
  SELECT gen_random_uuid(), id, CASE WHEN n % 9 = 0 THEN 'booking' ELSE 'hold' END,
         CASE WHEN n % 9 = 0 THEN gen_random_uuid() END,
         CASE n % 9 WHEN 3 THEN now() + interval '5 minutes' WHEN 6 THEN now() - interval '5 minutes' END, now()
  FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM slot WHERE office_id = ${office.id}::uuid) AS s
  WHERE n % 3 = 0`;
await prisma.$executeRaw`ANALYZE slot`;
await prisma.$executeRaw`ANALYZE slot_seat`;

await app.listen({ port: 0, host: '127.0.0.1' });
const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
const from = moroccanToday();
const to = fromEpochDay(toEpochDay(from) + MONTH_DAYS - 1);
const serviceOf = (i: number) => services[(i * 7) % SERVICES]!.id;

const paths = {
  selectOne: async () => {
    await prisma.$queryRaw`SELECT 1`;
  },
  storeMonth: async (i: number) => {
    const items = await freeSlots(prisma, { officeId: office.id, serviceId: serviceOf(i), from, to, includeFull: true });
    if (items.length === 0) throw new Error('the bench office published no slot this month');
  },
  httpMonth: async (i: number) => {
    const res = await fetch(`${base}/api/v1/offices/${office.id}/slots?serviceId=${serviceOf(i)}&from=${from}&to=${to}`);
    if (res.status !== 200) throw new Error(`slot query failed: ${res.status} ${await res.text()}`);
    await res.json();
  },
  nextFiveFree: async (i: number) => {
    await freeSlots(prisma, { officeId: office.id, serviceId: serviceOf(i), after: new Date(), limit: 5 });
  },
};
type PathName = keyof typeof paths;
const latencies = Object.fromEntries(Object.keys(paths).map((name) => [name, [] as number[]])) as Record<PathName, number[]>;

for (let i = 0; i < 50; i += 1) for (const run of Object.values(paths)) await run(i);
for (let i = 0; i < SAMPLES; i += 1) {
  for (const [name, run] of Object.entries(paths) as [PathName, (i: number) => Promise<void>][]) {
    const t0 = performance.now();
    await run(i);
    latencies[name].push(performance.now() - t0);
  }
}

const monthItems = (await freeSlots(prisma, { officeId: office.id, serviceId: serviceOf(0), from, to, includeFull: true })).length;
const fmt = (n: number) => n.toFixed(2);
const stats = (name: PathName) => ({ p50: fmt(median(latencies[name])), p95: fmt(percentile(latencies[name], 95)), p99: fmt(percentile(latencies[name], 99)) });
const ratio = (name: PathName) => (median(latencies[name]) / median(latencies.selectOne)).toFixed(2);
const report = {
  method: `one office, ${SERVICES} appointment services, ${publication.created} slots published over ${publication.from}..${publication.to}, a third holding a seat; ${SAMPLES} sequential samples per path, paths alternating; local PostgreSQL, one process`,
  publication: { slotsCreated: publication.created, firstPublishMs: fmt(publishMs), republishUnchangedMs: fmt(republishMs) },
  slotsPerMonthQuery: monthItems,
  latencyMs: Object.fromEntries(Object.keys(paths).map((name) => [name, stats(name as PathName)])),
  p50RatioToSelectOne: { storeMonth: ratio('storeMonth'), httpMonth: ratio('httpMonth'), nextFiveFree: ratio('nextFiveFree') },
};
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);

await platform.close();
