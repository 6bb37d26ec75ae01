import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromEpochDay, toEpochDay } from '../../domain/calendar/iso-date.js';
import { defaultClocks } from '../../domain/sla/default-policies.js';
import { createAppointmentOffice } from '../support/appointments.js';
import { today } from '../support/dates.js';
import { expectClientError } from '../support/http.js';
import { startPlatform, staffHeaders, type TestPlatform } from '../support/platform.js';

/*
 * Administrators keep an office's slot templates and exceptions; each change republishes the
 * office's eight weeks and says what it did. Every test works on an office of its own.
 */
let platform: TestPlatform;
let admin: Record<string, string>;

beforeAll(async () => {
  platform = await startPlatform();
  admin = await staffHeaders(platform.app, 'admin');
});
afterAll(() => platform?.close());

type Fixture = Awaited<ReturnType<typeof createAppointmentOffice>>;

const template = (f: Fixture, overrides: Record<string, unknown> = {}) => ({
  serviceId: f.service.id, weekday: 2, startTime: '09:00', endTime: '12:00', lengthMinutes: 30, seats: 2, bufferMinutes: 0, ...overrides,
});

function call(method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object, headers = admin) {
  return platform.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
}

const addTemplate = (f: Fixture, body: object) => call('POST', `/api/v1/admin/offices/${f.office.id}/slot-templates`, body);
const addException = (f: Fixture, body: object) => call('POST', `/api/v1/admin/offices/${f.office.id}/slot-exceptions`, body);

async function stored(f: Fixture) {
  const [templates, exceptions, slots] = await Promise.all([
    platform.prisma.slotTemplate.findMany({ where: { officeId: f.office.id }, orderBy: { id: 'asc' } }),
    platform.prisma.slotException.findMany({ where: { officeId: f.office.id }, orderBy: { id: 'asc' } }),
    platform.prisma.slot.findMany({ where: { officeId: f.office.id }, orderBy: { id: 'asc' } }),
  ]);
  return { templates, exceptions, slots };
}

/** A day with published slots, two days ahead at least: none of its slots can start during the test. */
async function laterDay(f: Fixture): Promise<string> {
  const after = new Date(`${fromEpochDay(toEpochDay(today()) + 2)}T00:00:00Z`);
  const slot = await platform.prisma.slot.findFirstOrThrow({ where: { officeId: f.office.id, localDate: { gte: after } }, orderBy: { startsAt: 'asc' } });
  return slot.localDate.toISOString().slice(0, 10);
}

const slotsOn = async (f: Fixture, date: string) =>
  (await platform.prisma.slot.findMany({ where: { officeId: f.office.id, localDate: new Date(`${date}T00:00:00Z`) }, orderBy: { startsAt: 'asc' } }));

interface Publication { created: number; updated: number; removed: number; closed: number; closedSlots: { slotId: string; taken: number }[]; from: string; to: string }

describe('slot administration', () => {
  it('is for administrators only', async () => {
    const f = await createAppointmentOffice(platform.prisma);
    const routes: Array<[('GET' | 'POST' | 'PUT' | 'DELETE'), string, object?]> = [
      ['GET', `/api/v1/admin/offices/${f.office.id}/slot-templates`],
      ['POST', `/api/v1/admin/offices/${f.office.id}/slot-templates`, template(f)],
      ['PUT', `/api/v1/admin/slot-templates/${randomUUID()}`, template(f)],
      ['DELETE', `/api/v1/admin/slot-templates/${randomUUID()}`],
      ['GET', `/api/v1/admin/offices/${f.office.id}/slot-exceptions`],
      ['POST', `/api/v1/admin/offices/${f.office.id}/slot-exceptions`, { date: today(), kind: 'closure', reason: 'Grève' }],
      ['DELETE', `/api/v1/admin/slot-exceptions/${randomUUID()}`],
    ];
    const roles = await Promise.all(['handler', 'supervisor', 'manager'].map((role) => staffHeaders(platform.app, role)));
    for (const [method, url, payload] of routes) {
      expect((await call(method, url, payload, {})).statusCode).toBe(401);
      expect((await call(method, url, payload, { authorization: 'Bearer a-citizen-access-token' })).statusCode).toBe(401);
      for (const headers of roles) expectClientError(await call(method, url, payload, headers), 403);
    }
    expect(await stored(f)).toEqual({ templates: [], exceptions: [], slots: [] });
  });

  it('adds a template and publishes its slots at once, lists it with the services and advisors, changes and removes it', async () => {
    const f = await createAppointmentOffice(platform.prisma);
    const created = await addTemplate(f, template(f));
    expect(created.statusCode, created.body).toBe(201);
    const answer = created.json<{ template: { id: string }; publication: Publication }>();
    expect(answer.template).toMatchObject({ officeId: f.office.id, serviceId: f.service.id, advisorId: null, weekday: 2, startTime: '09:00', seats: 2, updatedBy: 'staff:admin' });
    expect(answer.publication).toMatchObject({ from: today(), removed: 0, closed: 0, updated: 0 });
    // eight weeks of Tuesdays, six slots each, less a holiday or two
    expect(answer.publication.created).toBeGreaterThanOrEqual(6 * 6);
    expect((await stored(f)).slots).toHaveLength(answer.publication.created);

    const listed = (await call('GET', `/api/v1/admin/offices/${f.office.id}/slot-templates`)).json<Record<string, unknown>>();
    expect(listed).toMatchObject({
      office: { id: f.office.id, code: f.office.code, entityCode: f.entity.code },
      services: [{ id: f.service.id, caseType: 'appointment', byAdvisor: false, names: { fr: f.service.name } }],
      advisors: [{ id: f.advisor.id, displayName: f.advisor.displayName, advisorDomains: ['social_welfare'] }],
      items: [answer.template],
    });

    const late = (await stored(f)).slots.filter((s) => s.localStart >= '11:00').length;
    const changed = await call('PUT', `/api/v1/admin/slot-templates/${answer.template.id}`, template(f, { seats: 5, endTime: '11:00' }));
    expect(changed.statusCode, changed.body).toBe(200);
    const change = changed.json<{ publication: Publication }>().publication;
    expect(change).toMatchObject({ created: 0, closed: 0, removed: late, updated: answer.publication.created - late });
    expect(new Set((await stored(f)).slots.map((s) => s.seats))).toEqual(new Set([5]));

    const removed = await call('DELETE', `/api/v1/admin/slot-templates/${answer.template.id}`);
    expect(removed.statusCode, removed.body).toBe(200);
    expect(removed.json()).toMatchObject({ removed: answer.template.id, publication: { removed: change.updated, closed: 0 } });
    expect(await stored(f)).toEqual({ templates: [], exceptions: [], slots: [] });
    expectClientError(await call('DELETE', `/api/v1/admin/slot-templates/${answer.template.id}`), 404);
  });

  it('closes a day: slots with seats taken close and are listed for their bookings to be cancelled, the others go; removing the closure opens the day again', async () => {
    const f = await createAppointmentOffice(platform.prisma);
    const first = (await addTemplate(f, template(f))).json<{ publication: Publication }>().publication;
    const date = await laterDay(f);
    const [slot] = await slotsOn(f, date);
    await platform.prisma.$executeRaw`UPDATE slot SET taken = 1 WHERE id = ${slot!.id}::uuid`;
    await platform.prisma.slotSeat.create({ data: { slotId: slot!.id, kind: 'booking', caseId: randomUUID(), createdAt: new Date() } });

    const closed = await addException(f, { date, kind: 'closure', reason: 'Inventaire annuel' });
    expect(closed.statusCode, closed.body).toBe(201);
    const answer = closed.json<{ exception: { id: string }; publication: Publication }>();
    expect(answer.exception).toMatchObject({ date, kind: 'closure', serviceId: null, advisorId: null, startTime: null, endTime: null, reason: 'Inventaire annuel' });
    expect(answer.publication).toMatchObject({ created: 0, closed: 1, closedSlots: [{ slotId: slot!.id, taken: 1 }], removed: 5 });
    expect((await platform.prisma.slot.findUniqueOrThrow({ where: { id: slot!.id } })).open).toBe(false);
    expect((await call('GET', `/api/v1/admin/offices/${f.office.id}/slot-exceptions`)).json()).toMatchObject({ office: { id: f.office.id }, items: [answer.exception] });

    const reopened = await call('DELETE', `/api/v1/admin/slot-exceptions/${answer.exception.id}`);
    expect(reopened.json()).toMatchObject({ removed: answer.exception.id, publication: { created: 5, updated: 1, closed: 0 } });
    expect((await stored(f)).slots.filter((s) => s.open)).toHaveLength(first.created);
  });

  it('opens extra slots of a service on a day, cut their own way, and closes a time range for one service: every slot it overlaps', async () => {
    const f = await createAppointmentOffice(platform.prisma);
    await addTemplate(f, template(f));
    const date = await laterDay(f);
    const opening = await addException(f, { date, kind: 'opening', serviceId: f.service.id, startTime: '14:00', endTime: '16:00', lengthMinutes: 45, seats: 4, bufferMinutes: 15, reason: 'Permanence' });
    expect(opening.statusCode, opening.body).toBe(201);
    expect(opening.json()).toMatchObject({ exception: { kind: 'opening', lengthMinutes: 45, seats: 4, bufferMinutes: 15 }, publication: { created: 2 } });
    const closure = await addException(f, { date, kind: 'closure', serviceId: f.service.id, startTime: '09:15', endTime: '10:00', reason: 'Réunion de service' });
    expect(closure.json()).toMatchObject({ publication: { removed: 2, closed: 0 } });
    expect((await slotsOn(f, date)).map((s) => s.localStart)).toEqual(['10:00', '10:30', '11:00', '11:30', '14:00', '15:00']);
  });

  it('refuses a template overlapping another of the same service on that weekday, or of the same advisor anywhere', async () => {
    const f = await createAppointmentOffice(platform.prisma, { caseType: 'legal_consultation', byAdvisor: true });
    expect((await addTemplate(f, template(f, { advisorId: f.advisor.id, seats: 1 }))).statusCode).toBe(201);
    const before = await stored(f);
    const clash = await addTemplate(f, template(f, { advisorId: f.advisor.id, startTime: '11:30', endTime: '13:00', seats: 1 }));
    expectClientError(clash, 409, /overlaps the template 09:00–12:00 of the same advisor/);
    expect(clash.json()).toMatchObject({ code: 'change_conflicts', details: { field: 'body.startTime' } });
    expect(await stored(f)).toEqual(before);
    expect((await addTemplate(f, template(f, { advisorId: f.advisor.id, startTime: '12:00', endTime: '13:00', seats: 1 }))).statusCode).toBe(201);
  });

  const future = () => fromEpochDay(toEpochDay(today()) + 10);

  it.each([
    ['a weekday of 0', { weekday: 0 }, 'body.weekday'],
    ['a weekday of 8', { weekday: 8 }, 'body.weekday'],
    ['a time past 24:00', { endTime: '24:30' }, 'body.endTime'],
    ['an hour of 25', { startTime: '25:00' }, 'body.startTime'],
    ['a time without its leading zero', { startTime: '9:00' }, 'body.startTime'],
    ['a NUL in a time', { startTime: '09:0\u0000' }, 'body.startTime'],
    ['an end before the start', { startTime: '12:00', endTime: '09:00' }, 'body.endTime'],
    ['an end at the start', { endTime: '09:00' }, 'body.endTime'],
    ['a range too short for one slot', { endTime: '09:20' }, 'body.endTime'],
    ['slots of 4 minutes', { lengthMinutes: 4 }, 'body.lengthMinutes'],
    ['slots of 481 minutes', { lengthMinutes: 481 }, 'body.lengthMinutes'],
    ['a fractional length', { lengthMinutes: 30.5 }, 'body.lengthMinutes'],
    ['no seat', { seats: 0 }, 'body.seats'],
    ['501 seats', { seats: 501 }, 'body.seats'],
    ['a huge number of seats', { seats: 1e300 }, 'body.seats'],
    ['a negative buffer', { bufferMinutes: -1 }, 'body.bufferMinutes'],
    ['a buffer of 241 minutes', { bufferMinutes: 241 }, 'body.bufferMinutes'],
    ['a service id that is not one', { serviceId: 'RDV' }, 'body.serviceId'],
    ['an unknown service', { serviceId: randomUUID() }, 'body.serviceId'],
    ['an unexpected field', { price: 10 }, 'body'],
    ['no weekday', { weekday: undefined }, 'body.weekday'],
  ])('refuses a template with %s: 400 naming the field, nothing stored', async (_label, overrides, field) => {
    const f = await createAppointmentOffice(platform.prisma);
    const res = await addTemplate(f, template(f, overrides));
    expectClientError(res, 400);
    expect(res.json()).toMatchObject({ code: 'invalid_input', details: { field } });
    expect(await stored(f)).toEqual({ templates: [], exceptions: [], slots: [] });
  });

  it('refuses a service of another entity or one taking no appointments, and an advisor who cannot hold slots, naming the field', async () => {
    const f = await createAppointmentOffice(platform.prisma);
    const other = await createAppointmentOffice(platform.prisma);
    const consultation = await createAppointmentOffice(platform.prisma, { caseType: 'legal_consultation', byAdvisor: true });
    const documents = await platform.prisma.service.create({
      data: { entityId: f.entity.id, code: `DOC-${randomUUID().slice(0, 8)}`, caseType: 'document_request', name: 'Attestation', clocks: defaultClocks('document_request') as object },
    });
    const manager = await platform.prisma.staffUser.create({
      data: { username: `manager-${randomUUID().slice(0, 8)}`, displayName: 'Responsable', role: 'manager', entityId: consultation.entity.id, passwordHash: 'x' },
    });
    const cases: Array<[Fixture, object, string, RegExp]> = [
      [f, template(f, { serviceId: other.service.id }), 'body.serviceId', /entity this office belongs to/],
      [f, template(f, { serviceId: documents.id }), 'body.serviceId', /taking appointments/],
      [f, template(f, { advisorId: f.advisor.id }), 'body.advisorId', /does not book advisors/],
      [consultation, template(consultation), 'body.advisorId', /books advisors/],
      [consultation, template(consultation, { advisorId: other.advisor.id }), 'body.advisorId', /handler or supervisor of the entity/],
      [consultation, template(consultation, { advisorId: manager.id }), 'body.advisorId', /handler or supervisor of the entity/],
      [consultation, template(consultation, { advisorId: randomUUID() }), 'body.advisorId', /handler or supervisor of the entity/],
    ];
    for (const [fixture, body, field, message] of cases) {
      const res = await addTemplate(fixture, body);
      expectClientError(res, 400, message);
      expect(res.json()).toMatchObject({ details: { field } });
    }
    for (const fixture of [f, consultation]) expect(await stored(fixture)).toEqual({ templates: [], exceptions: [], slots: [] });
  });

  it.each([
    ['a day in the past', { date: '2025-01-06' }, 'body.date'],
    ['a day more than a year ahead', { date: 'far' }, 'body.date'],
    ['a day that does not exist', { date: '2027-02-30' }, 'body.date'],
    ['a date in another form', { date: '06/01/2027' }, 'body.date'],
    ['a closure without a reason', { reason: undefined }, 'body.reason'],
    ['a blank reason', { reason: '   ' }, 'body.reason'],
    ['a reason with a NUL', { reason: 'Grève\u0000' }, 'body.reason'],
    ['a reason with a bidirectional override', { reason: 'Gr\u202Eève' }, 'body.reason'],
    ['a closure from a time without an end', { startTime: '10:00' }, 'body.endTime'],
    ['a closure ending before it starts', { startTime: '10:00', endTime: '09:00' }, 'body.endTime'],
    ['a closure with seats', { seats: 2 }, 'body.seats'],
    ['an unknown kind', { kind: 'holiday' }, 'body.kind'],
    ['an opening without a service', { kind: 'opening', startTime: '09:00', endTime: '10:00', lengthMinutes: 30, seats: 1 }, 'body.serviceId'],
    ['an opening without its slot length', { kind: 'opening', serviceId: 'SERVICE', startTime: '09:00', endTime: '10:00', seats: 1 }, 'body.lengthMinutes'],
    ['an opening without its hours', { kind: 'opening', serviceId: 'SERVICE', lengthMinutes: 30, seats: 1 }, 'body.startTime'],
    ['an opening too short for one slot', { kind: 'opening', serviceId: 'SERVICE', startTime: '09:00', endTime: '09:10', lengthMinutes: 30, seats: 1 }, 'body.endTime'],
  ])('refuses an exception with %s: 400 naming the field, nothing stored', async (_label, overrides, field) => {
    const f = await createAppointmentOffice(platform.prisma);
    await addTemplate(f, template(f));
    const before = await stored(f);
    const body: Record<string, unknown> = { date: future(), kind: 'closure', reason: 'Grève', ...overrides };
    if (body.date === 'far') body.date = fromEpochDay(toEpochDay(today()) + 400);
    if (body.serviceId === 'SERVICE') body.serviceId = f.service.id;
    const res = await addException(f, body);
    expectClientError(res, 400);
    expect(res.json()).toMatchObject({ code: 'invalid_input', details: { field } });
    expect(await stored(f)).toEqual(before);
  });

  it('answers 404 for an unknown office, template or exception', async () => {
    const f = await createAppointmentOffice(platform.prisma);
    expectClientError(await call('GET', `/api/v1/admin/offices/${randomUUID()}/slot-templates`), 404);
    expectClientError(await call('POST', `/api/v1/admin/offices/${randomUUID()}/slot-templates`, template(f)), 404);
    expectClientError(await call('GET', `/api/v1/admin/offices/${randomUUID()}/slot-exceptions`), 404);
    expectClientError(await call('PUT', `/api/v1/admin/slot-templates/${randomUUID()}`, template(f)), 404);
    expectClientError(await call('DELETE', `/api/v1/admin/slot-exceptions/${randomUUID()}`), 404);
    expectClientError(await call('GET', '/api/v1/admin/offices/not-a-uuid/slot-templates'), 400);
  });
});
