import { randomUUID } from 'node:crypto';
import { CASE_TASK_QUEUE } from '../domain/cases/case-type.js';
import { fromEpochDay, toEpochDay } from '../domain/calendar/iso-date.js';
import { MOROCCO_TIME_ZONE } from '../domain/calendar/national-calendar.js';
import type { BusinessCalendar, IsoDate } from '../domain/calendar/types.js';
import { addWorkingDays, isWorkingDay, nationalCalendar, toLocalDate } from '../domain/calendar/working-days.js';
import { computeDue } from '../domain/sla/clock.js';
import type { SlaPolicy } from '../domain/sla/policy.js';
import type { CaseWorkflowInput } from '../workflows/messages.js';
import { BENCH_PASSWORD, startBenchPlatform } from './platform.js';
import { median, percentile, runConcurrently } from './stats.js';

/**
 * `npm run bench` (second half): due-date computations per second over spans of up to ten years,
 * against a naive day-by-day count in the same process, and the time for a calendar change to
 * recompute BENCH_CASES running cases end to end (admin PUT → signals → each workflow reloads its
 * calendar, recomputes and records the event).
 */
const CASES = Number(process.env.BENCH_CASES ?? 10_000);
const ROUNDS = 5;
const CALLS_PER_ROUND = 2_000;

const calendar = nationalCalendar(Array.from({ length: 13 }, (_, i) => 2024 + i));

const addDays = (date: IsoDate, n: number): IsoDate => fromEpochDay(toEpochDay(date) + n);

/** The baseline: what a hand-rolled loop does, one day and one holiday look-up at a time. */
function naiveAddWorkingDays(cal: BusinessCalendar, from: IsoDate, n: number): IsoDate {
  let day = from;
  for (let counted = 0; counted < n; ) {
    day = addDays(day, 1);
    if (isWorkingDay(cal, day)) counted += 1;
  }
  return day;
}

function randomSpan(i: number) {
  const start = addDays('2024-01-01', (i * 7919) % 730);
  const amount = 1 + ((i * 104_729) % 2_600);
  return { start, amount };
}

function measure(label: string, call: (i: number) => void) {
  const perSecond: number[] = [];
  const latenciesUs: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    const t0 = performance.now();
    for (let i = 0; i < CALLS_PER_ROUND; i += 1) {
      const c0 = performance.now();
      call(round * CALLS_PER_ROUND + i);
      latenciesUs.push((performance.now() - c0) * 1000);
    }
    perSecond.push(CALLS_PER_ROUND / ((performance.now() - t0) / 1000));
  }
  return { label, perSecondMedian: Math.round(median(perSecond)), latencyUs: { p50: median(latenciesUs).toFixed(1), p99: percentile(latenciesUs, 99).toFixed(1) } };
}

const policy = (amount: number): SlaPolicy => ({
  budget: { unit: 'working_days', amount },
  legalBasis: 'bench',
  warnAt: [0.5, 0.75, 0.9],
  escalation: [],
  extension: null,
  silence: 'none',
});

const ours = measure('computeDue (with explanation), 1 to 2600 working days', (i) => {
  const { start, amount } = randomSpan(i);
  computeDue({ policy: policy(amount), calendar, startedAt: `${start}T10:00:00.000Z`, pauses: [], extension: null });
});
const arithmetic = measure('addWorkingDays, 1 to 2600 working days', (i) => {
  const { start, amount } = randomSpan(i);
  addWorkingDays(calendar, start, amount);
});
const naive = measure('naive day-by-day loop (baseline), same spans', (i) => {
  const { start, amount } = randomSpan(i);
  naiveAddWorkingDays(calendar, start, amount);
});

async function recomputeRunningCases() {
  const platform = await startBenchPlatform();
  const { client, prisma, app } = platform;
  try {
    const entity = await prisma.entity.create({ data: { code: 'BENCH', name: 'Bench' } });
    const service = await prisma.service.create({
      data: { entityId: entity.id, code: 'BENCH-DOC', caseType: 'document_request', name: 'Bench', clocks: { decision: policy(20) } as object },
    });
    const t0Start = performance.now();
    const started = await runConcurrently(CASES, 32, async () => {
      const caseId = randomUUID();
      const input: CaseWorkflowInput = {
        caseId,
        trackingCode: `B-${caseId}`,
        caseType: 'document_request',
        entityId: entity.id,
        entityCode: entity.code,
        serviceId: service.id,
        officeId: null,
        applicant: {},
        details: {},
        idempotencyKeyHash: null,
        requestFingerprint: '',
      };
      await client.workflow.start('documentRequest', { taskQueue: CASE_TASK_QUEUE, workflowId: `case-${caseId}`, args: [input] });
    });
    while ((await prisma.case.count({ where: { serviceId: service.id } })) < CASES) await new Promise((r) => setTimeout(r, 500));
    const loadedMs = performance.now();

    const admin = await app.inject({ method: 'POST', url: '/api/v1/auth/token', payload: { username: 'admin', password: BENCH_PASSWORD } });
    const today = toLocalDate(new Date().toISOString(), MOROCCO_TIME_ZONE);
    const dayOff = addWorkingDays(calendar, today, 1).date;
    const t0 = performance.now();
    const put = await app.inject({
      method: 'PUT',
      url: `/api/v1/admin/calendar/holidays/${dayOff}`,
      headers: { authorization: `Bearer ${admin.json<{ token: string }>().token}` },
      payload: { name: 'Bench day off', kind: 'one_off', status: 'confirmed', entity: entity.code },
    });
    const signalledMs = performance.now() - t0;
    const notified = put.json<{ casesNotified: number }>().casesNotified;
    for (;;) {
      const done = await prisma.caseEvent.count({ where: { type: 'due_recomputed', case: { serviceId: service.id } } });
      if (done >= CASES) break;
      if (performance.now() - t0 > 30 * 60_000) throw new Error(`only ${done} of ${CASES} cases recomputed after 30 minutes`);
      await new Promise((r) => setTimeout(r, 250));
    }
    const totalMs = performance.now() - t0;
    return {
      cases: CASES,
      startingThemTookS: (started.wallMs / 1000).toFixed(1),
      recordedAllSubmissionsAfterS: ((loadedMs - t0Start) / 1000).toFixed(1),
      casesNotified: notified,
      adminRequestWithSignalsMs: Math.round(signalledMs),
      untilEveryCaseRecordedItsNewDueDateMs: Math.round(totalMs),
      casesPerSecond: Math.round(CASES / (totalMs / 1000)),
    };
  } finally {
    await platform.close();
  }
}

const report = {
  dueDateComputations: { ours, arithmetic, naive, speedupOverNaive: (arithmetic.perSecondMedian / naive.perSecondMedian).toFixed(1) },
  calendarChange: await recomputeRunningCases(),
};
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
