import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secondsPolicy } from '../support/catalogue.js';
import { APPLICANT, startPlatform, staffHeaders, type TestPlatform } from '../support/platform.js';
import { until } from '../support/until.js';
import { createSlot } from '../support/slots.js';

/*
 * Offices closing for a day, by an administrator or because a holiday is confirmed on it: every
 * appointment that day is cancelled, each citizen told why and offered the first free slots, and
 * the answer counts them. Each test runs at an entity of its own, so no other file's calendar moves.
 */
let platform: TestPlatform;
let admin: Record<string, string>;

beforeAll(async () => {
  platform = await startPlatform();
  admin = await staffHeaders(platform.app, 'admin');
});
afterAll(() => platform?.close());

async function entityWithOffice() {
  const code = `CLOS-${randomUUID().slice(0, 6).toUpperCase()}`;
  const entity = await platform.prisma.entity.create({ data: { code, name: `Entité ${code}` } });
  const office = await platform.prisma.office.create({ data: { entityId: entity.id, code: `${code}-BUREAU`, name: 'Bureau de test', address: 'Avenue de test, Rabat' } });
  const res = await platform.app.inject({
    method: 'POST',
    url: '/api/v1/admin/services',
    headers: admin,
    payload: {
      entityCode: code,
      caseType: 'appointment',
      code: 'RDV',
      names: { fr: 'Rendez-vous', ar: 'موعد', en: 'Appointment' },
      descriptions: { fr: 'Test.', ar: 'اختبار.', en: 'Test.' },
      clocks: { confirmation: secondsPolicy(120) },
      requiredDocuments: [],
      active: true,
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return { entity, office, serviceId: res.json<{ service: { id: string } }>().service.id };
}

async function book(serviceId: string, slotId: string) {
  const res = await platform.app.inject({ method: 'POST', url: '/api/v1/cases', payload: { serviceId, applicant: APPLICANT, details: { slotId, modality: 'in_person' } } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ caseId: string }>();
}


/** Two booked appointments on one day at the office, and a free slot two days later to offer instead. */
async function dayWithAppointments(serviceId: string, officeId: string) {
  const first = await createSlot(platform.prisma, { serviceId, officeId, inMs: 26 * 3_600_000, seats: 2 });
  const day = (await platform.prisma.slot.findUniqueOrThrow({ where: { id: first } })).localDate.toISOString().slice(0, 10);
  const later = await createSlot(platform.prisma, { serviceId, officeId, inMs: 74 * 3_600_000, seats: 3 });
  const cases = [await book(serviceId, first), await book(serviceId, first)];
  return { day, later, cases };
}

describe('closing an office for a day', () => {
  it('cancels every appointment on it, tells each citizen why with the first free slots, and counts them', async () => {
    const { office, serviceId } = await entityWithOffice();
    const { day, later, cases } = await dayWithAppointments(serviceId, office.id);
    const res = await platform.app.inject({ method: 'POST', url: `/api/v1/admin/offices/${office.id}/closures`, headers: admin, payload: { date: day, reason: 'Travaux de rénovation' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ officeId: office.id, date: day, appointmentsCancelled: 2 });
    expect(res.json().slotsClosed).toBeGreaterThanOrEqual(1);
    const laterSlot = await platform.prisma.slot.findUniqueOrThrow({ where: { id: later } });
    for (const c of cases) {
      const row = await until(
        () => platform.prisma.case.findUniqueOrThrow({ where: { id: c.caseId } }),
        (r) => r.status === 'cancelled',
      );
      expect(row.outcome).toBe('cancelled');
      const notice = await platform.prisma.notification.findFirstOrThrow({ where: { caseId: c.caseId, audience: 'citizen' }, orderBy: { id: 'desc' } });
      const message = notice.message as { fr: string; ar: string; en: string };
      expect(message.fr).toContain('Travaux de rénovation');
      expect(message.fr).toContain(`${laterSlot.localDate.toISOString().slice(0, 10)} ${laterSlot.localStart}`);
      expect(message.ar).toContain('المكتب مغلق');
    }
    expect(await platform.prisma.slotSeat.count({ where: { caseId: { in: cases.map((c) => c.caseId) } } })).toBe(0);
    const again = await platform.app.inject({ method: 'POST', url: `/api/v1/admin/offices/${office.id}/closures`, headers: admin, payload: { date: day, reason: 'Travaux de rénovation' } });
    expect(again.json()).toMatchObject({ appointmentsCancelled: 0 });
    expect(await platform.prisma.slotException.count({ where: { officeId: office.id, kind: 'closure' } })).toBe(1);
  });

  it('is for administrators only, and refuses a malformed day or reason', async () => {
    const { office } = await entityWithOffice();
    const handler = await staffHeaders(platform.app, 'handler');
    const url = `/api/v1/admin/offices/${office.id}/closures`;
    expect((await platform.app.inject({ method: 'POST', url, headers: handler, payload: { date: '2026-12-20', reason: 'Grève' } })).statusCode).toBe(403);
    expect((await platform.app.inject({ method: 'POST', url, payload: { date: '2026-12-20', reason: 'Grève' } })).statusCode).toBe(401);
    for (const payload of [{ date: '2026-13-40', reason: 'Grève' }, { date: '2026-12-20', reason: 'a\u0000b' }, { date: '2026-12-20' }, { date: 20261220, reason: 'Grève' }]) {
      const res = await platform.app.inject({ method: 'POST', url, headers: admin, payload });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
    }
    const inAMonth = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    const unknown = await platform.app.inject({ method: 'POST', url: `/api/v1/admin/offices/${randomUUID()}/closures`, headers: admin, payload: { date: inAMonth, reason: 'Grève' } });
    expect(unknown.statusCode).toBe(404);
    for (const date of ['2020-01-06', new Date(Date.now() + 400 * 86_400_000).toISOString().slice(0, 10)]) {
      const res = await platform.app.inject({ method: 'POST', url, headers: admin, payload: { date, reason: 'Grève' } });
      expect(res.statusCode, date).toBe(400);
      expect(res.json().details.field).toContain('body.date');
    }
  });
});

describe('a holiday confirmed on a day with appointments', () => {
  it('cancels them and names the holiday to each citizen in their language', async () => {
    const { entity, office, serviceId } = await entityWithOffice();
    const { day, cases } = await dayWithAppointments(serviceId, office.id);
    const res = await platform.app.inject({
      method: 'PUT',
      url: `/api/v1/admin/calendar/holidays/${day}`,
      headers: admin,
      payload: { name: { fr: 'Journée de deuil', ar: 'يوم حداد', en: 'Day of mourning' }, kind: 'one_off', status: 'confirmed', entity: entity.code },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().appointmentsCancelled).toBe(2);
    for (const c of cases) {
      await until(
        () => platform.prisma.case.findUniqueOrThrow({ where: { id: c.caseId } }),
        (r) => r.status === 'cancelled',
      );
      const notice = await platform.prisma.notification.findFirstOrThrow({ where: { caseId: c.caseId, audience: 'citizen' }, orderBy: { id: 'desc' } });
      expect(notice.message).toMatchObject({ fr: expect.stringContaining('Journée de deuil'), ar: expect.stringContaining('يوم حداد'), en: expect.stringContaining('Day of mourning') });
    }
  });
});
