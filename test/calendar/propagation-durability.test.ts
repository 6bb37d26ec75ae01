import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { MockActivityEnvironment } from '@temporalio/testing';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { makeSignalAffectedCases } from '../../activities/signal-affected-cases.js';
import { buildApp } from '../../api/app.js';
import { CaseEventFeed } from '../../api/live/case-event-feed.js';
import { firstCountedDay } from '../support/dates.js';
import { expectClientError } from '../support/http.js';
import { APPLICANT, createTestEntity, startPlatform, TEST_CONFIG, type TestPlatform, staffHeaders } from '../support/platform.js';
import { calendarSignalsReceived, type ChangeAnswer, type HolidayView } from './calendar-support.js';

// Telling running cases of a holiday change survives what an API request does not: a missing
// worker, a lost answer, an unreachable engine, an activity attempt that dies half-way.

let platform: TestPlatform;
let admin: Record<string, string>;

beforeAll(async () => {
  platform = await startPlatform();
  admin = await staffHeaders(platform.app, 'admin');
});
afterAll(() => platform?.close());

async function entityWithCases(prefix: string, count: number) {
  const entity = await createTestEntity(platform.prisma, prefix);
  const service = await platform.prisma.service.create({
    data: {
      entityId: entity.id,
      code: `${prefix}-${randomUUID().slice(0, 8)}`,
      caseType: 'document_request',
      name: 'Attestation de test',
      clocks: { decision: { budget: { unit: 'working_days', amount: 10 }, legalBasis: 'Test', warnAt: [], escalation: [], extension: null, silence: 'none' } },
    },
  });
  const cases: { caseId: string; workflowId: string }[] = [];
  for (let i = 0; i < count; i++) {
    const res = await platform.app.inject({ method: 'POST', url: '/api/v1/cases', payload: { serviceId: service.id, applicant: APPLICANT } });
    expect(res.statusCode, res.body).toBe(201);
    const { caseId } = res.json<{ caseId: string }>();
    const row = await platform.prisma.case.findUniqueOrThrow({ where: { id: caseId } });
    cases.push({ caseId, workflowId: row.workflowId });
  }
  return { entity, cases: cases.sort((a, b) => (a.caseId < b.caseId ? -1 : 1)) };
}

function putDayOff(date: string, entity: string) {
  return platform.app.inject({
    method: 'PUT',
    url: `/api/v1/admin/calendar/holidays/${date}`,
    headers: admin,
    payload: { name: 'Fermeture exceptionnelle', kind: 'one_off', status: 'confirmed', entity },
  });
}

const signalCounts = (cases: { workflowId: string }[]) => Promise.all(cases.map((c) => calendarSignalsReceived(platform.temporal, c.workflowId)));

/** Whether the case's workflow has finished a workflow task after the last signal it received: it has acted on every signal. */
async function actedOnLastSignal(workflowId: string): Promise<boolean> {
  const events = (await platform.temporal.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
  const lastSignal = events.findLastIndex((e) => e.workflowExecutionSignaledEventAttributes != null);
  return events.slice(lastSignal + 1).some((e) => e.workflowTaskCompletedEventAttributes != null);
}

const recomputations = (cases: { caseId: string }[]) =>
  platform.prisma.caseEvent.count({ where: { type: 'due_recomputed', caseId: { in: cases.map((c) => c.caseId) } } });

describe('a holiday change reaches every running case of the entity', () => {
  it('even when no worker runs while the request waits: the propagation finishes afterwards, and a finished case is skipped, not failed', async () => {
    const { entity, cases } = await entityWithCases('CAL-D', 6);
    const [finished, ...running] = cases;
    // Finished in Temporal while its row still reads open: the propagation selects it, then finds nothing to tell.
    await platform.temporal.workflow.getHandle(finished!.workflowId).terminate('test: a case that finished meanwhile');
    const revisionBefore = (await platform.prisma.calendarRevision.findUniqueOrThrow({ where: { id: 1 } })).revision;

    await platform.stopWorker();
    const dayOff = firstCountedDay();
    const res = await putDayOff(dayOff, entity.code);
    expect(res.statusCode, res.body).toBe(200);
    const answer = res.json<ChangeAnswer>();
    expect(answer).toMatchObject({ changedDates: [dayOff], casesNotified: null, propagation: { status: 'running', skippedFinished: null } });
    expect(answer.propagation.workflowId).toMatch(/^calendar-change-[0-9a-f-]{36}$/);
    expect((await platform.prisma.calendarRevision.findUniqueOrThrow({ where: { id: 1 } })).revision).toBeGreaterThan(revisionBefore);
    expect(await signalCounts(running)).toEqual([0, 0, 0, 0, 0]);

    await platform.startWorker();
    const result = await platform.temporal.workflow.getHandle(answer.propagation.workflowId).result();
    expect(result).toEqual({ signalled: 5, skippedFinished: 1 });
    await expect.poll(() => signalCounts(running), { timeout: 10_000 }).toEqual([1, 1, 1, 1, 1]);
    await expect.poll(() => recomputations(running), { timeout: 15_000 }).toBe(5);
  });

  it('repeating the same request tells the cases again, and a case that already has that calendar records nothing', async () => {
    const { entity, cases } = await entityWithCases('CAL-E', 3);
    const dayOff = firstCountedDay();
    const first = await putDayOff(dayOff, entity.code);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json<ChangeAnswer>()).toMatchObject({ changedDates: [dayOff], casesNotified: 3, propagation: { status: 'completed' } });
    await expect.poll(() => recomputations(cases), { timeout: 15_000 }).toBe(3);

    const again = await putDayOff(dayOff, entity.code);
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json<ChangeAnswer>()).toMatchObject({ changedDates: [], casesNotified: 3, propagation: { status: 'completed', skippedFinished: 0 } });
    await expect.poll(() => signalCounts(cases), { timeout: 10_000 }).toEqual([2, 2, 2]);
    // Once each case has acted on the second signal, it has recorded whatever it would.
    for (const { workflowId } of cases) await expect.poll(() => actedOnLastSignal(workflowId), { timeout: 15_000 }).toBe(true);
    expect(await recomputations(cases)).toBe(3);
  });
});

it('a retried attempt resumes after the last case its heartbeat recorded', async () => {
  const { entity, cases } = await entityWithCases('CAL-H', 5);
  const signalAffectedCases = makeSignalAffectedCases({ prisma: platform.prisma, temporal: platform.temporal, log: pino({ level: 'silent' }) });
  const resumed = new MockActivityEnvironment({ heartbeatDetails: { afterCaseId: cases[2]!.caseId, signalled: 3, skippedFinished: 0 } });
  const heartbeats: unknown[] = [];
  resumed.on('heartbeat', (details: unknown) => heartbeats.push(details));

  const page = await resumed.run(signalAffectedCases, {
    entityId: entity.id,
    dates: [firstCountedDay()],
    reason: { fr: 'Test', ar: 'Test', en: 'Test' },
  });
  expect(page).toEqual({ signalled: 5, skippedFinished: 0, nextAfterCaseId: null });
  // A signal that arrives while the case's workflow task is in flight enters its history once that task completes.
  await expect.poll(() => signalCounts(cases), { timeout: 10_000 }).toEqual([0, 0, 0, 1, 1]);
  expect(heartbeats.at(-1)).toEqual({ afterCaseId: cases[4]!.caseId, signalled: 5, skippedFinished: 0 });
});

it('a propagation whose change was rolled back after it started tells no one', async () => {
  const { entity, cases } = await entityWithCases('CAL-R', 2);
  let transaction = '';
  await expect(
    platform.prisma.$transaction(async (tx) => {
      const [row] = await tx.$queryRaw<{ xid: string }[]>`SELECT pg_current_xact_id()::text AS xid`;
      transaction = row!.xid;
      throw new Error('the change fails to commit');
    }),
  ).rejects.toThrow('the change fails to commit');

  const result = await platform.temporal.workflow.execute('calendarPropagation', {
    workflowId: `calendar-change-${randomUUID()}`,
    taskQueue: platform.taskQueue,
    args: [{ entityId: entity.id, dates: [firstCountedDay()], reason: { fr: 'Test', ar: 'Test', en: 'Test' }, changeTransaction: transaction }],
  });
  expect(result).toEqual({ signalled: 0, skippedFinished: 0 });
  expect(await signalCounts(cases)).toEqual([0, 0]);
});

it('with the engine unreachable, a change is refused with 503 and the calendar stays as it was', async () => {
  const entity = await createTestEntity(platform.prisma, 'CAL-U');
  const log = pino({ level: 'silent' });
  // No gRPC retry interceptor: the call fails at once instead of retrying until the start's deadline.
  const connection = Connection.lazy({ address: '127.0.0.1:1', interceptors: [] });
  const unreachable = new Client({ connection, namespace: inject('temporalNamespace') });
  const feed = new CaseEventFeed({ prisma: platform.prisma, log });
  const app = await buildApp({ prisma: platform.prisma, temporal: unreachable, feed, config: TEST_CONFIG, taskQueue: platform.taskQueue });
  try {
    const dayOff = firstCountedDay();
    const res = await app.inject({
      method: 'PUT',
      url: `/api/v1/admin/calendar/holidays/${dayOff}`,
      headers: admin,
      payload: { name: 'Fermeture exceptionnelle', kind: 'one_off', status: 'confirmed', entity: entity.code },
    });
    expectClientError(res, 503, /unreachable.*left unchanged/);
    const listed = await platform.app.inject({ method: 'GET', url: `/api/v1/calendar/holidays?year=${dayOff.slice(0, 4)}&entity=${entity.code}` });
    expect(listed.json<{ holidays: HolidayView[] }>().holidays.filter((h) => h.date === dayOff)).toEqual([]);
    expect(await platform.prisma.holidayOverride.count({ where: { entityId: entity.id } })).toBe(0);
  } finally {
    await app.close();
    await connection.close();
  }
});
