import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workingDaysBetween } from '../../domain/calendar/working-days.js';
import { toLocalDate } from '../../domain/calendar/zoned-time.js';
import { moroccoLegalTime } from '../../platform/legal-time.js';
import { loadBusinessCalendar } from '../../store/calendar-source.js';
import { createAppointmentOffice } from '../support/appointments.js';
import { APPLICANT, startPlatform, staffHeaders, type TestPlatform } from '../support/platform.js';
import { createSlot } from '../support/slots.js';
import { until } from '../support/until.js';

/*
 * The three read-model columns the statistics count with are written by the real flows: the
 * recording of a close, the booking transaction, and the recording of a clock's start.
 */
let platform: TestPlatform;
let handler: Record<string, string>;

beforeAll(async () => {
  platform = await startPlatform();
  handler = await staffHeaders(platform.app, 'handler');
});
afterAll(() => platform?.close());

const zone = moroccoLegalTime();
const serviceOf = (code: string) => platform.prisma.service.findFirstOrThrow({ where: { code } });

async function submit(serviceId: string, details?: object) {
  const res = await platform.app.inject({ method: 'POST', url: '/api/v1/cases', payload: { serviceId, applicant: APPLICANT, ...(details ? { details } : {}) } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ caseId: string; trackingCode: string }>();
}

describe('internal targets in the catalogue', () => {
  const service = (code: string, internalTarget: unknown) => ({
    entityCode: 'MJ',
    caseType: 'document_request',
    code,
    names: { fr: 'Attestation', ar: 'شهادة', en: 'Certificate' },
    descriptions: { fr: '', ar: '', en: '' },
    clocks: { decision: { budget: { unit: 'working_days', amount: 10 }, legalBasis: 'Loi 55-19', warnAt: [0.5], escalation: [], extension: null, silence: 'none', internalTarget } },
    requiredDocuments: [],
    active: true,
  });

  it('are checked by the admin services API and shown in the public catalogue', async () => {
    const admin = await staffHeaders(platform.app, 'admin');
    const code = `TARGET-${Date.now()}`;
    for (const [target, message] of [
      [{ unit: 'working_days', amount: 10 }, /internalTarget must be shorter than the legal budget/],
      [{ unit: 'calendar_days', amount: 5 }, /internalTarget\.unit/],
      [{ unit: 'working_days', amount: 2.5 }, /internalTarget\.amount/],
      ['five days', /internalTarget/],
    ] as const) {
      const refused = await platform.app.inject({ method: 'POST', url: '/api/v1/admin/services', headers: admin, payload: service(code, target) });
      expect(refused.statusCode, refused.body).toBe(400);
      expect(refused.json<{ message: string }>().message).toMatch(message);
    }
    const created = await platform.app.inject({ method: 'POST', url: '/api/v1/admin/services', headers: admin, payload: service(code, { unit: 'working_days', amount: 4 }) });
    expect(created.statusCode, created.body).toBe(201);
    const catalogue = await platform.app.inject({ method: 'GET', url: '/api/v1/services?entity=MJ' });
    const listed = catalogue.json<{ items: Array<{ code: string; clocks: Record<string, { internalTarget?: unknown }>; slaPolicy: { internalTarget?: unknown } }> }>().items.find((s) => s.code === code);
    expect(listed?.clocks.decision?.internalTarget).toEqual({ unit: 'working_days', amount: 4 });
    expect(listed?.slaPolicy.internalTarget).toEqual({ unit: 'working_days', amount: 4 });
  });
});

describe('the statistics columns, written by the flows', () => {
  it('a document request closed through the API has its working days from submission to close', async () => {
    const service = await serviceOf('CASIER-JUDICIAIRE');
    const c = await submit(service.id);
    expect((await platform.prisma.case.findUniqueOrThrow({ where: { id: c.caseId } })).workingDaysToClose).toBeNull();
    for (const action of ['claim', 'approve', 'mark_ready', 'deliver', 'close']) {
      const res = await platform.app.inject({ method: 'POST', url: `/api/v1/cases/${c.caseId}/actions/${action}`, headers: handler });
      expect(res.statusCode, `${action}: ${res.body}`).toBe(200);
    }
    const row = await until(
      () => platform.prisma.case.findUniqueOrThrow({ where: { id: c.caseId } }),
      (r) => r.closedAt !== null,
    );
    const submittedOn = toLocalDate(row.submittedAt.toISOString(), zone);
    const closedOn = toLocalDate(row.closedAt!.toISOString(), zone);
    const calendar = await loadBusinessCalendar(platform.prisma, { entityId: row.entityId, years: [Number(submittedOn.slice(0, 4)), Number(closedOn.slice(0, 4))] });
    expect(row.workingDaysToClose).toBe(workingDaysBetween(calendar, submittedOn, closedOn));
    expect(row.outcome).toBe('granted');
  });

  it('a clock of a service with an internal target has the date it falls due; one without has none', async () => {
    const withTarget = await serviceOf('CASIER-JUDICIAIRE');
    const target = (withTarget.clocks as { decision: { internalTarget?: { amount: number } } }).decision.internalTarget;
    expect(target).toEqual({ unit: 'working_days', amount: 5 });
    const targeted = await submit(withTarget.id);
    const plain = await submit((await serviceOf('CERTIFICAT-NATIONALITE')).id);

    const clock = await platform.prisma.caseClock.findUniqueOrThrow({ where: { caseId_clock: { caseId: targeted.caseId, clock: 'decision' } } });
    // The same working-day arithmetic the public calculator does, for the target's 5 days from the clock's start.
    const startedOn = toLocalDate(clock.startedAt!.toISOString(), zone);
    const calculator = await platform.app.inject({ method: 'GET', url: `/api/v1/calendar/due-date?from=${startedOn}&workingDays=5&entity=MJ` });
    expect(clock.targetDueAt).not.toBeNull();
    expect(toLocalDate(clock.targetDueAt!.toISOString(), zone)).toBe(calculator.json<{ dueDate: string }>().dueDate);
    expect(clock.targetDueAt!.getTime()).toBeLessThan(clock.dueAt!.getTime());

    const other = await platform.prisma.caseClock.findUniqueOrThrow({ where: { caseId_clock: { caseId: plain.caseId, clock: 'decision' } } });
    expect(other.startedAt).not.toBeNull();
    expect(other.targetDueAt).toBeNull();
  });

  it('a booked appointment has the start of the first slot that had a free seat when it was booked', async () => {
    const { office, service } = await createAppointmentOffice(platform.prisma);
    const full = await createSlot(platform.prisma, { serviceId: service.id, officeId: office.id, inMs: 2 * 3_600_000, seats: 1 });
    const firstFree = await createSlot(platform.prisma, { serviceId: service.id, officeId: office.id, inMs: 3 * 3_600_000, seats: 2 });
    const later = await createSlot(platform.prisma, { serviceId: service.id, officeId: office.id, inMs: 5 * 3_600_000, seats: 2 });
    await submit(service.id, { slotId: full, modality: 'in_person' });

    // Booked later than the first free slot: the wait counts to the first free slot, not to the one chosen.
    const chose = await submit(service.id, { slotId: later, modality: 'in_person' });
    // Booked on the earliest free slot: that one.
    const earliest = await submit(service.id, { slotId: firstFree, modality: 'in_person' });
    const slotStart = async (id: string) => (await platform.prisma.slot.findUniqueOrThrow({ where: { id } })).startsAt;
    const firstFreeSlotAt = async (caseId: string) => (await platform.prisma.case.findUniqueOrThrow({ where: { id: caseId } })).firstFreeSlotAt;
    expect(await firstFreeSlotAt(chose.caseId)).toEqual(await slotStart(firstFree));
    expect(await firstFreeSlotAt(earliest.caseId)).toEqual(await slotStart(firstFree));
    // The first booking took the full slot's only seat, when it was the first free one.
    const first = await platform.prisma.case.findFirstOrThrow({ where: { serviceId: service.id, firstFreeSlotAt: await slotStart(full) } });
    expect(first.caseType).toBe('appointment');
  });
});
