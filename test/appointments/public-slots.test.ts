import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromEpochDay, toEpochDay } from '../../domain/calendar/iso-date.js';
import { publishSlots } from '../../store/slot-publication.js';
import { createAppointmentOffice } from '../support/appointments.js';
import { today } from '../support/dates.js';
import { expectClientError } from '../support/http.js';
import { startPlatform, type TestPlatform } from '../support/platform.js';

/*
 * Citizens read where and when they can take an appointment: offices with the services they
 * publish slots for, and a service's open slots with the seats left, counted from bookings and
 * holds that have not expired. Each test publishes an office of its own.
 */
let platform: TestPlatform;
beforeAll(async () => {
  platform = await startPlatform();
});
afterAll(() => platform?.close());

type Fixture = Awaited<ReturnType<typeof createAppointmentOffice>>;
const plusDays = (n: number) => fromEpochDay(toEpochDay(today()) + n);

/** An office publishing every weekday 09:00–12:00, 30-minute slots of 3 seats, and 14:00–15:00 for its advisor. */
async function publishingOffice(): Promise<Fixture> {
  const f = await createAppointmentOffice(platform.prisma);
  for (let weekday = 1; weekday <= 7; weekday++) {
    await platform.prisma.slotTemplate.create({
      data: { officeId: f.office.id, serviceId: f.service.id, weekday, startTime: '09:00', endTime: '12:00', lengthMinutes: 30, seats: 3, updatedBy: 'test' },
    });
  }
  await publishSlots(platform.prisma, { officeId: f.office.id });
  return f;
}

interface SlotItem { id: string; localDate: string; localStart: string; localEnd: string; startsAt: string; endsAt: string; seats: number; seatsLeft: number; advisorId: string | null }

const query = (f: Fixture, params: string) => platform.app.inject({ method: 'GET', url: `/api/v1/offices/${f.office.id}/slots?serviceId=${f.service.id}${params}` });

describe('GET /api/v1/offices', () => {
  it('lists offices with their entity and the appointment services they publish slots for, filtered by service', async () => {
    const f = await publishingOffice();
    const idle = await createAppointmentOffice(platform.prisma);
    const all = (await platform.app.inject({ method: 'GET', url: '/api/v1/offices' })).json<{ items: Array<Record<string, unknown>> }>().items;
    expect(all.find((o) => o.id === f.office.id)).toEqual({
      id: f.office.id,
      code: f.office.code,
      name: f.office.name,
      address: f.office.address,
      entityCode: f.entity.code,
      services: [{ id: f.service.id, code: f.service.code, caseType: 'appointment', names: { fr: f.service.name, ar: f.service.nameAr, en: f.service.nameEn } }],
    });
    expect(all.find((o) => o.id === idle.office.id)).toMatchObject({ services: [] });
    expect(all.find((o) => o.code === 'MJ-RABAT')).toBeDefined();

    const filtered = await platform.app.inject({ method: 'GET', url: `/api/v1/offices?serviceId=${f.service.id}` });
    expect(filtered.json<{ items: Array<{ id: string }> }>().items.map((o) => o.id)).toEqual([f.office.id]);
    expectClientError(await platform.app.inject({ method: 'GET', url: '/api/v1/offices?serviceId=nope' }), 400);
  });
});

describe('GET /api/v1/offices/:officeId/slots', () => {
  it('gives the open slots of the coming week that have not started, earliest first', async () => {
    const f = await publishingOffice();
    const res = await query(f, '');
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json<{ items: SlotItem[] }>().items;
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((s) => Date.parse(s.startsAt) > Date.now())).toBe(true);
    expect(items.map((s) => s.startsAt)).toEqual([...items.map((s) => s.startsAt)].sort());
    expect(new Set(items.map((s) => s.localDate)).size).toBeLessThanOrEqual(8);
    expect(items.every((s) => s.localDate >= today() && s.localDate <= plusDays(7))).toBe(true);
    expect(items[0]).toMatchObject({ seats: 3, seatsLeft: 3, advisorId: null, localEnd: expect.stringMatching(/^\d\d:\d\d$/) });

    const closed = items[0]!;
    await platform.prisma.slot.update({ where: { id: closed.id }, data: { open: false } });
    expect((await query(f, '')).json<{ items: SlotItem[] }>().items.map((s) => s.id)).not.toContain(closed.id);
  });

  it('counts bookings and live holds against the seats, not expired holds (swept later by the booking code)', async () => {
    const f = await publishingOffice();
    // two days ahead at least, so that no slot of that day starts during the test
    const slot = (await query(f, `&from=${plusDays(2)}&to=${plusDays(30)}`)).json<{ items: SlotItem[] }>().items.find((s) => s.localStart === '09:00')!;
    const day = slot.localDate;
    const seat = (kind: string, expiresAt: Date | null) =>
      platform.prisma.slotSeat.create({ data: { slotId: slot.id, kind, caseId: kind === 'booking' ? randomUUID() : null, holdTokenHash: kind === 'hold' ? randomUUID() : null, expiresAt, createdAt: new Date() } });
    await seat('booking', null);
    await seat('hold', new Date(Date.now() + 300_000));
    await seat('hold', new Date(Date.now() - 1000));
    // `taken` counts the expired hold too until the booking code sweeps it: the answer does not
    await platform.prisma.slot.update({ where: { id: slot.id }, data: { taken: 3 } });
    const after = (await query(f, `&from=${day}&to=${day}`)).json<{ items: SlotItem[] }>().items;
    expect(after.find((s) => s.id === slot.id)).toMatchObject({ seats: 3, seatsLeft: 1 });
    expect(after.filter((s) => s.id !== slot.id).every((s) => s.seatsLeft === 3)).toBe(true);
  });

  it('keeps to the advisor asked for', async () => {
    const f = await createAppointmentOffice(platform.prisma, { caseType: 'legal_consultation', byAdvisor: true });
    for (let weekday = 1; weekday <= 7; weekday++) {
      await platform.prisma.slotTemplate.create({
        data: { officeId: f.office.id, serviceId: f.service.id, advisorId: f.advisor.id, weekday, startTime: '10:00', endTime: '11:00', lengthMinutes: 60, seats: 1, updatedBy: 'test' },
      });
    }
    await publishSlots(platform.prisma, { officeId: f.office.id });
    const mine = (await query(f, `&advisorId=${f.advisor.id}&to=${plusDays(30)}`)).json<{ items: SlotItem[] }>().items;
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((s) => s.advisorId === f.advisor.id && s.localStart === '10:00' && s.seats === 1)).toBe(true);
    expect((await query(f, `&advisorId=${randomUUID()}`)).json()).toEqual({ items: [] });
  });

  it.each([
    ['no service', (f: Fixture) => `/api/v1/offices/${f.office.id}/slots`, 'querystring.serviceId'],
    ['a service id that is not one', (f: Fixture) => `/api/v1/offices/${f.office.id}/slots?serviceId=12`, 'querystring.serviceId'],
    ['an unknown service', (f: Fixture) => `/api/v1/offices/${f.office.id}/slots?serviceId=${randomUUID()}`, 'querystring.serviceId'],
    ['a date that does not exist', (f: Fixture) => `/api/v1/offices/${f.office.id}/slots?serviceId=${f.service.id}&from=2027-02-30`, 'querystring.from'],
    ['a huge year', (f: Fixture) => `/api/v1/offices/${f.office.id}/slots?serviceId=${f.service.id}&from=99999-01-01`, 'querystring.from'],
    ['a year far ahead', (f: Fixture) => `/api/v1/offices/${f.office.id}/slots?serviceId=${f.service.id}&from=9999-01-01`, "querystring.from's year"],
    ['a huge number', (f: Fixture) => `/api/v1/offices/${f.office.id}/slots?serviceId=${f.service.id}&to=1e309`, 'querystring.to'],
    ['a NUL', (f: Fixture) => `/api/v1/offices/${f.office.id}/slots?serviceId=${f.service.id}&from=2027-01-0%00`, 'querystring.from'],
    ['an end before the start', (f: Fixture) => `/api/v1/offices/${f.office.id}/slots?serviceId=${f.service.id}&from=${plusDays(5)}&to=${plusDays(4)}`, 'querystring.to'],
    ['more than 62 days', (f: Fixture) => `/api/v1/offices/${f.office.id}/slots?serviceId=${f.service.id}&from=${plusDays(0)}&to=${plusDays(62)}`, 'querystring.to'],
    ['an advisor id that is not one', (f: Fixture) => `/api/v1/offices/${f.office.id}/slots?serviceId=${f.service.id}&advisorId=x`, 'querystring.advisorId'],
    ['an unexpected parameter', (f: Fixture) => `/api/v1/offices/${f.office.id}/slots?serviceId=${f.service.id}&limit=5`, 'querystring'],
    ['an office id that is not one', () => `/api/v1/offices/nope/slots?serviceId=${randomUUID()}`, 'params.officeId'],
  ])('refuses %s with 400 naming the parameter', async (_label, url, field) => {
    const f = await createAppointmentOffice(platform.prisma);
    const res = await platform.app.inject({ method: 'GET', url: url(f) });
    expectClientError(res, 400);
    expect(res.json()).toMatchObject({ details: { field } });
  });

  it('refuses a service of another office’s entity or one taking no appointments, and answers 404 for an unknown office', async () => {
    const f = await createAppointmentOffice(platform.prisma);
    const other = await createAppointmentOffice(platform.prisma);
    const casier = await platform.prisma.service.findFirstOrThrow({ where: { code: 'CASIER-JUDICIAIRE' } });
    expectClientError(await platform.app.inject({ method: 'GET', url: `/api/v1/offices/${f.office.id}/slots?serviceId=${other.service.id}` }), 400);
    expectClientError(await platform.app.inject({ method: 'GET', url: `/api/v1/offices/${f.office.id}/slots?serviceId=${casier.id}` }), 400);
    expectClientError(await platform.app.inject({ method: 'GET', url: `/api/v1/offices/${randomUUID()}/slots?serviceId=${f.service.id}` }), 404);
  });
});
