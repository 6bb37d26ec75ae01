import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { localDateTimeOfMs } from '../domain/calendar/zoned-time.js';
import { defaultPolicy } from '../domain/sla/default-policies.js';
import { moroccoLegalTime } from '../platform/legal-time.js';
import { startBaselineWorker } from './baseline.js';
import { startBenchPlatform } from './platform.js';
import { median, percentile, runConcurrently } from './stats.js';

/**
 * `npm run bench` (bookings): appointment bookings over HTTP at concurrency 8, 32 and 64, on one hot
 * slot (every booking takes a seat of the same row) and spread over 1,000 slots, against a bare
 * `workflow.start` of an empty workflow at the same concurrency in the same process. Rounds
 * alternate the paths so machine noise hits each alike.
 */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const PER_ROUND = Number(process.env.BENCH_PER_ROUND ?? 100);
const CONCURRENCIES = [8, 32, 64];
const SPREAD_SLOTS = 1000;

const platform = await startBenchPlatform();
const { temporal, prisma, app } = platform;
const baseline = await startBaselineWorker(temporal);
await app.listen({ port: 0, host: '127.0.0.1' });
const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

const office = await prisma.office.findFirstOrThrow({ where: { code: 'MJ-RABAT' } });
const service = await prisma.service.create({
  data: {
    entityId: office.entityId,
    code: `BENCH-RDV-${randomUUID().slice(0, 6).toUpperCase()}`,
    caseType: 'appointment',
    name: 'Rendez-vous (banc d’essai)',
    nameEn: 'Appointment (bench)',
    clocks: { confirmation: defaultPolicy('appointment') } as object,
    settings: { modalities: ['in_person'] },
  },
});
// Every booking of the run, warm-up included: no slot fills up, so each booking takes a seat.
const total = ROUNDS * PER_ROUND * CONCURRENCIES.length + 20;
const zone = moroccoLegalTime();

/** Slots a week ahead, each with `seats`: created as publication writes them. */
async function createSlots(count: number, seats: number): Promise<string[]> {
  const ids = Array.from({ length: count }, () => randomUUID());
  const start = Date.now() + 7 * 86_400_000;
  await prisma.slot.createMany({
    data: ids.map((id, i) => {
      const startsAt = new Date(start + i * 60_000);
      const local = localDateTimeOfMs(startsAt.getTime(), zone);
      return {
        id,
        officeId: office.id,
        serviceId: service.id,
        localDate: new Date(`${local.slice(0, 10)}T00:00:00Z`),
        localStart: local.slice(11, 16),
        localEnd: local.slice(11, 16),
        startsAt,
        endsAt: new Date(startsAt.getTime() + 30 * 60_000),
        seats,
      };
    }),
  });
  return ids;
}
const [hot] = await createSlots(1, total + 100);
const spread = await createSlots(SPREAD_SLOTS, Math.ceil(total / SPREAD_SLOTS) + 2);
const applicant = { fullName: 'Bench Citizen', nationalId: 'BE123456', phone: '+212600000000' };

async function book(slotId: string) {
  const res = await fetch(`${base}/api/v1/cases`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ serviceId: service.id, applicant, details: { slotId, modality: 'in_person' } }),
  });
  if (res.status !== 201) throw new Error(`booking failed: ${res.status} ${await res.text()}`);
}

let nextSpread = 0;
const paths = {
  hotSlot: () => book(hot!),
  spreadSlots: () => book(spread[nextSpread++ % SPREAD_SLOTS]!),
  bareStart: baseline.bareStart,
};
type PathName = keyof typeof paths;

for (const run of Object.values(paths)) await runConcurrently(20, 8, run);

const fmt = (n: number) => n.toFixed(1);
const results: Record<string, unknown> = {};
for (const concurrency of CONCURRENCIES) {
  const perSecond = { hotSlot: [] as number[], spreadSlots: [] as number[], bareStart: [] as number[] };
  const latencies = { hotSlot: [] as number[], spreadSlots: [] as number[], bareStart: [] as number[] };
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const name of Object.keys(paths) as PathName[]) {
      const measured = await runConcurrently(PER_ROUND, concurrency, paths[name]);
      perSecond[name].push((PER_ROUND / measured.wallMs) * 1000);
      latencies[name].push(...measured.latencies);
    }
  }
  const summary = (name: PathName) => ({ perSecond: fmt(median(perSecond[name])), p50Ms: fmt(median(latencies[name])), p99Ms: fmt(percentile(latencies[name], 99)) });
  results[`concurrency${concurrency}`] = {
    hotSlot: summary('hotSlot'),
    spreadSlots: summary('spreadSlots'),
    bareStart: summary('bareStart'),
    ratioToBareStart: {
      hotSlot: (median(perSecond.hotSlot) / median(perSecond.bareStart)).toFixed(3),
      spreadSlots: (median(perSecond.spreadSlots) / median(perSecond.bareStart)).toFixed(3),
    },
  };
}

const hotRow = await prisma.slot.findUniqueOrThrow({ where: { id: hot! } });
const booked = await prisma.slotSeat.count({ where: { slotId: hot! } });
console.log(
  JSON.stringify(
    {
      method: `${ROUNDS} rounds per concurrency, each running the three paths in turn, ${PER_ROUND} calls per path per round; bookings over HTTP with the case worker running in the same process; one Temporal dev server, local PostgreSQL`,
      bookings: results,
      hotSlotConsistency: { taken: hotRow.taken, seatRows: booked },
    },
    null,
    2,
  ),
);

await baseline.stop();
await platform.close();
