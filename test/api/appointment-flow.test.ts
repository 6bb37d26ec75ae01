import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServiceThroughApi, secondsPolicy } from '../support/catalogue.js';
import { APPLICANT, startPlatform, staffHeaders, type TestPlatform } from '../support/platform.js';
import { until } from '../support/until.js';
import { createSlot, ministryOffice } from '../support/slots.js';
import ICAL from 'ical.js';
import { DEFAULT_VIDEO_BASE_URL } from '../../platform/config.js';

/*
 * Appointments through the API on slots written as publication writes them: capacity held by
 * PostgreSQL under concurrent bookings, confirmation with a video room, reminders and the no-show
 * as durable timers that move with a reschedule, the citizen's notice period, seat holds that
 * expire. Durations are seconds, set through the catalogue API.
 */
let platform: TestPlatform;
let admin: Record<string, string>;
let handler: Record<string, string>;
let office: { id: string };

beforeAll(async () => {
  platform = await startPlatform();
  admin = await staffHeaders(platform.app, 'admin');
  handler = await staffHeaders(platform.app, 'handler');
  office = await ministryOffice(platform.prisma);
});
afterAll(() => platform?.close());

const SECONDS_SETTINGS = { modalities: ['in_person', 'video'], reminders: ['PT4S', 'PT2S'], noShowGrace: 'PT1S', noticePeriod: 'PT5S', holdDuration: 'PT2S', waitlistClaimWindow: 'PT10S' };

async function createService(settings: object = SECONDS_SETTINGS): Promise<string> {
  const id = await createServiceThroughApi(platform.app, admin, 'appointment', { confirmation: secondsPolicy(120) });
  await platform.prisma.service.update({ where: { id }, data: { settings } });
  return id;
}

interface Receipt {
  caseId: string;
  trackingCode: string;
  accessToken: string;
  status: string;
  facts: Record<string, unknown>;
}

const book = (serviceId: string, slotId: string, modality = 'in_person', more: object = {}) =>
  platform.app.inject({ method: 'POST', url: '/api/v1/cases', payload: { serviceId, applicant: APPLICANT, details: { slotId, modality }, ...more } });

async function booked(serviceId: string, slotId: string, modality = 'in_person'): Promise<Receipt> {
  const res = await book(serviceId, slotId, modality);
  expect(res.statusCode, res.body).toBe(201);
  return res.json<Receipt>();
}

const staffStep = (caseId: string, action: string, payload: object = {}) =>
  platform.app.inject({ method: 'POST', url: `/api/v1/cases/${caseId}/actions/${action}`, headers: handler, payload });
const citizenStep = (c: Receipt, action: string, payload: object = {}) =>
  platform.app.inject({ method: 'POST', url: `/api/v1/cases/${c.trackingCode}/citizen-actions/${action}`, headers: { authorization: `Bearer ${c.accessToken}` }, payload });
const citizenView = async (c: Receipt) =>
  (await platform.app.inject({ method: 'GET', url: `/api/v1/cases/${c.trackingCode}`, headers: { authorization: `Bearer ${c.accessToken}` } })).json<{
    status: string;
    outcome: string | null;
    facts: Record<string, unknown>;
    availableActions: string[];
    timeline: { type: string; payload: Record<string, unknown>; occurredAt: string }[];
  }>();


const seatsOf = async (slotId: string) => {
  const slot = await platform.prisma.slot.findUniqueOrThrow({ where: { id: slotId } });
  const rows = await platform.prisma.slotSeat.count({ where: { slotId } });
  return { taken: slot.taken, rows };
};

describe('booking an appointment', () => {
  it('gives fifty concurrent bookings of a ten-seat slot exactly ten seats and forty 409s, with nothing else written', async () => {
    const serviceId = await createService();
    const slotId = await createSlot(platform.prisma, { serviceId, officeId: office.id, inMs: 3_600_000, seats: 10 });
    const spare = await createSlot(platform.prisma, { serviceId, officeId: office.id, inMs: 7_200_000, seats: 3 });
    const answers = await Promise.all(Array.from({ length: 50 }, () => book(serviceId, slotId)));
    const codes = answers.map((a) => a.statusCode);
    expect(codes.filter((c) => c === 201)).toHaveLength(10);
    expect(codes.filter((c) => c === 409)).toHaveLength(40);
    const refused = answers.find((a) => a.statusCode === 409)!.json<{ code: string; details: { nextSlots: { id: string; seatsLeft: number }[] } }>();
    expect(refused.code).toBe('slot_full');
    expect(refused.details.nextSlots.map((s) => s.id)).toContain(spare);
    expect(refused.details.nextSlots.map((s) => s.id)).not.toContain(slotId);
    expect(await seatsOf(slotId)).toEqual({ taken: 10, rows: 10 });
    // A booking answered 201 is recorded by the API, or a moment later by its workflow when the API's own write lost a race for a connection under load.
    await until(
      () => platform.prisma.case.count({ where: { serviceId } }),
      (n) => n === 10,
    );
    await until(
      () => platform.prisma.slotSeat.count({ where: { slotId, kind: 'booking' } }),
      (n) => n === 10,
    );
    expect(await platform.prisma.case.count({ where: { serviceId } })).toBe(10);
  });

  it('answers the appointment’s place and time, and refuses a modality the service does not offer and an unknown slot', async () => {
    const serviceId = await createService({ ...SECONDS_SETTINGS, modalities: ['in_person'] });
    const slotId = await createSlot(platform.prisma, { serviceId, officeId: office.id, inMs: 3_600_000, seats: 2 });
    const video = await book(serviceId, slotId, 'video');
    expect(video.statusCode).toBe(400);
    expect(video.json().details.field).toBe('details.modality');
    const unknown = await book(serviceId, '00000000-0000-4000-8000-000000000000');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().details.field).toBe('details.slotId');
    const c = await booked(serviceId, slotId);
    expect(c.status).toBe('requested');
    expect(c.facts).toMatchObject({ slotId, officeId: office.id, modality: 'in_person', place: expect.stringContaining('Rabat') });
    expect(await seatsOf(slotId)).toEqual({ taken: 1, rows: 1 });
  });

  it('holds a seat while the form is filled in, books it with the hold, and frees it when the hold expires', async () => {
    const serviceId = await createService();
    const slotId = await createSlot(platform.prisma, { serviceId, officeId: office.id, inMs: 3_600_000, seats: 1 });
    const hold = await platform.app.inject({ method: 'POST', url: `/api/v1/slots/${slotId}/holds` });
    expect(hold.statusCode, hold.body).toBe(201);
    expect((await book(serviceId, slotId)).statusCode).toBe(409);
    // Not booked: the seat comes back once the two-second hold has passed.
    await new Promise((resolve) => setTimeout(resolve, 2_300));
    const second = await platform.app.inject({ method: 'POST', url: `/api/v1/slots/${slotId}/holds` });
    expect(second.statusCode, second.body).toBe(201);
    const c = await book(serviceId, slotId, 'in_person', { holdToken: second.json().holdToken });
    expect(c.statusCode, c.body).toBe(201);
    expect(await seatsOf(slotId)).toEqual({ taken: 1, rows: 1 });
  });
});

describe('an appointment’s life', () => {
  it('is confirmed with a video room of its own, reminded in order, and marked a no-show after the grace', async () => {
    const serviceId = await createService();
    const slotId = await createSlot(platform.prisma, { serviceId, officeId: office.id, inMs: 8_000, seats: 2 });
    const c = await booked(serviceId, slotId, 'video');
    const confirmed = await staffStep(c.caseId, 'confirm');
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    const view = await until(
      () => citizenView(c),
      (v) => v.status === 'confirmed',
    );
    const link = String(view.facts.meetingUrl);
    expect(link.startsWith(`${DEFAULT_VIDEO_BASE_URL}/khidma-`)).toBe(true);
    expect(link.length).toBeGreaterThan(`${DEFAULT_VIDEO_BASE_URL}/khidma-`.length + 20);
    const ended = await until(
      () => citizenView(c),
      (v) => v.status === 'no_show',
    );
    expect(ended.outcome).toBe('no_show');
    const reminders = ended.timeline.filter((e) => e.type === 'reminder');
    expect(reminders).toHaveLength(2);
    expect(Date.parse(reminders[0]!.occurredAt)).toBeLessThan(Date.parse(reminders[1]!.occurredAt));
    const noShow = ended.timeline.find((e) => e.payload.action === 'mark_no_show')!;
    expect(Date.parse(noShow.occurredAt)).toBeGreaterThanOrEqual(Date.parse(String(view.facts.startsAt)) + 1_000);
    const notices = await platform.prisma.notification.findMany({ where: { caseId: c.caseId, audience: 'citizen', kind: 'reminder' } });
    expect(notices).toHaveLength(2);
    expect((notices[0]!.message as { fr: string }).fr).toContain(link);
  });

  it('moves its reminders with a reschedule: the new seat is taken before the old one is freed', async () => {
    const serviceId = await createService();
    const first = await createSlot(platform.prisma, { serviceId, officeId: office.id, inMs: 60_000, seats: 1 });
    const later = await createSlot(platform.prisma, { serviceId, officeId: office.id, inMs: 9_000, seats: 1 });
    const c = await booked(serviceId, first);
    const moved = await citizenStep(c, 'reschedule', { slotId: later });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(await seatsOf(first)).toEqual({ taken: 0, rows: 0 });
    expect(await seatsOf(later)).toEqual({ taken: 1, rows: 1 });
    const view = await until(
      () => citizenView(c),
      (v) => v.timeline.filter((e) => e.type === 'reminder').length === 2,
    );
    expect(view.facts.slotId).toBe(later);
    for (const r of view.timeline.filter((e) => e.type === 'reminder')) expect(r.payload.startsAt).toBe(view.facts.startsAt);
  });

  it('gives the last seat to one of two concurrent reschedules', async () => {
    const serviceId = await createService();
    const last = await createSlot(platform.prisma, { serviceId, officeId: office.id, inMs: 3_600_000, seats: 1 });
    const a = await booked(serviceId, await createSlot(platform.prisma, { serviceId, officeId: office.id, inMs: 3_500_000, seats: 1 }));
    const b = await booked(serviceId, await createSlot(platform.prisma, { serviceId, officeId: office.id, inMs: 3_400_000, seats: 1 }));
    const [ra, rb] = await Promise.all([citizenStep(a, 'reschedule', { slotId: last }), citizenStep(b, 'reschedule', { slotId: last })]);
    expect([ra.statusCode, rb.statusCode].sort()).toEqual([200, 409]);
    const loser = ra.statusCode === 409 ? ra : rb;
    expect(loser.json().code).toBe('slot_full');
    expect(await seatsOf(last)).toEqual({ taken: 1, rows: 1 });
  });

  it('refuses the citizen a cancellation inside the notice period and lets staff cancel, freeing the seat', async () => {
    const serviceId = await createService();
    const slotId = await createSlot(platform.prisma, { serviceId, officeId: office.id, inMs: 4_000, seats: 1 });
    const c = await booked(serviceId, slotId);
    const late = await citizenStep(c, 'cancel', { reason: 'Empêchement' });
    expect(late.statusCode).toBe(409);
    expect(late.json().details.reason).toBe('notice_period');
    expect((await citizenView(c)).availableActions).not.toContain('cancel');
    const byStaff = await staffStep(c.caseId, 'cancel', { reason: 'Le citoyen a appelé le guichet' });
    expect(byStaff.statusCode, byStaff.body).toBe(200);
    expect(byStaff.json().status).toBe('cancelled');
    expect(await seatsOf(slotId)).toEqual({ taken: 0, rows: 0 });
  });

  it('is checked in and completed by staff, or confirmed at once where the service says so', async () => {
    const serviceId = await createService({ ...SECONDS_SETTINGS, confirmAtOnce: true });
    const c = await booked(serviceId, await createSlot(platform.prisma, { serviceId, officeId: office.id, inMs: 3_600_000, seats: 1 }));
    await until(
      () => citizenView(c),
      (v) => v.status === 'confirmed',
    );
    expect((await staffStep(c.caseId, 'check_in')).json().status).toBe('checked_in');
    const done = await staffStep(c.caseId, 'complete', { message: 'Dossier remis.' });
    expect(done.json().status).toBe('completed');
    expect((await citizenView(c)).outcome).toBe('attended');
  });
});

describe('the appointment in a calendar (.ics)', () => {
  const ics = async (c: Receipt) => {
    const res = await platform.app.inject({ method: 'GET', url: `/api/v1/cases/${c.trackingCode}/appointment.ics`, headers: { authorization: `Bearer ${c.accessToken}` } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('text/calendar');
    const calendar = new ICAL.Component(ICAL.parse(res.body));
    const zone = calendar.getFirstSubcomponent('vtimezone');
    if (zone) ICAL.TimezoneService.register(zone);
    const event = new ICAL.Event(calendar.getFirstSubcomponent('vevent')!);
    return { method: calendar.getFirstPropertyValue('method'), event, status: event.component.getFirstPropertyValue('status') };
  };

  it('keeps one UID, grows its SEQUENCE with each change, and cancels with METHOD:CANCEL', async () => {
    const serviceId = await createService();
    const first = await createSlot(platform.prisma, { serviceId, officeId: office.id, inMs: 3_600_000, seats: 1 });
    const second = await createSlot(platform.prisma, { serviceId, officeId: office.id, inMs: 7_200_000, seats: 1 });
    const c = await booked(serviceId, first);
    const booking = await ics(c);
    expect(booking.method).toBe('REQUEST');
    expect(booking.event.uid).toBe(`${c.caseId}@khidma`);
    expect(booking.status).toBe('TENTATIVE');
    expect(booking.event.startDate.toJSDate().toISOString()).toBe(c.facts.startsAt);
    expect(booking.event.startDate.zone?.tzid).toBe('Africa/Casablanca');
    expect(booking.event.location).toContain('Rabat');

    expect((await staffStep(c.caseId, 'confirm')).statusCode).toBe(200);
    expect((await citizenStep(c, 'reschedule', { slotId: second })).statusCode).toBe(200);
    const moved = await until(
      () => ics(c),
      (v) => v.event.sequence === 2,
    );
    expect(moved.event.uid).toBe(booking.event.uid);
    expect(moved.status).toBe('CONFIRMED');
    const slot = await platform.prisma.slot.findUniqueOrThrow({ where: { id: second } });
    expect(moved.event.startDate.toJSDate().toISOString()).toBe(slot.startsAt.toISOString());

    expect((await citizenStep(c, 'cancel', { reason: 'Empêchement' })).statusCode).toBe(200);
    const cancelled = await until(
      () => ics(c),
      (v) => v.method === 'CANCEL',
    );
    expect(cancelled.status).toBe('CANCELLED');
    expect(cancelled.event.uid).toBe(booking.event.uid);
    expect(cancelled.event.sequence).toBeGreaterThan(moved.event.sequence);
  });

  it('is the citizen’s only: a wrong token reads as an unknown case', async () => {
    const serviceId = await createService();
    const c = await booked(serviceId, await createSlot(platform.prisma, { serviceId, officeId: office.id, inMs: 3_600_000, seats: 1 }));
    const res = await platform.app.inject({ method: 'GET', url: `/api/v1/cases/${c.trackingCode}/appointment.ics`, headers: { authorization: 'Bearer nope' } });
    expect(res.statusCode).toBe(404);
  });
});

describe('the waiting list of a full slot', () => {
  it('offers a freed seat to the first in line, who claims it; their old seat is freed', async () => {
    const serviceId = await createService();
    const full = await createSlot(platform.prisma, { serviceId, officeId: office.id, inMs: 3_600_000, seats: 1 });
    const other = await createSlot(platform.prisma, { serviceId, officeId: office.id, inMs: 7_200_000, seats: 1 });
    const holder = await booked(serviceId, full);
    const waiting = await booked(serviceId, other);
    const early = await citizenStep(waiting, 'join_waitlist', { slotId: other });
    expect(early.statusCode).toBe(409);
    expect((await citizenStep(waiting, 'join_waitlist', { slotId: full })).statusCode).toBe(200);
    // On the list with no seat offered yet: nothing to claim, though the appointment may still move.
    const listed = await citizenView(waiting);
    expect(listed.availableActions).toEqual(expect.arrayContaining(['reschedule', 'cancel']));
    expect(listed.availableActions).not.toContain('claim_seat');

    expect((await citizenStep(holder, 'cancel', { reason: 'Empêchement' })).statusCode).toBe(200);
    // The freed seat is held for the first in line, not given back to anyone who books.
    expect((await book(serviceId, full)).statusCode).toBe(409);
    const offered = await until(
      () => citizenView(waiting),
      (v) => v.facts.offerSlotId === full,
    );
    expect(offered.availableActions).toContain('claim_seat');
    const notice = await platform.prisma.notification.findFirstOrThrow({ where: { caseId: waiting.caseId, audience: 'citizen', kind: 'transition' }, orderBy: { id: 'desc' } });
    expect((notice.message as { fr: string }).fr).toContain('Une place s’est libérée');

    const claimed = await citizenStep(waiting, 'claim_seat', { slotId: full });
    expect(claimed.statusCode, claimed.body).toBe(200);
    expect(await seatsOf(full)).toEqual({ taken: 1, rows: 1 });
    expect(await seatsOf(other)).toEqual({ taken: 0, rows: 0 });
    expect((await citizenView(waiting)).facts).toMatchObject({ slotId: full, offerSlotId: null });
  });

  it('passes an unclaimed offer to the next in line when its claim window closes', async () => {
    const serviceId = await createService({ ...SECONDS_SETTINGS, waitlistClaimWindow: 'PT5S' });
    const full = await createSlot(platform.prisma, { serviceId, officeId: office.id, inMs: 3_600_000, seats: 1 });
    const holder = await booked(serviceId, full);
    const first = await booked(serviceId, await createSlot(platform.prisma, { serviceId, officeId: office.id, inMs: 7_200_000, seats: 1 }));
    const second = await booked(serviceId, await createSlot(platform.prisma, { serviceId, officeId: office.id, inMs: 7_300_000, seats: 1 }));
    expect((await citizenStep(first, 'join_waitlist', { slotId: full })).statusCode).toBe(200);
    expect((await citizenStep(second, 'join_waitlist', { slotId: full })).statusCode).toBe(200);
    expect((await staffStep(holder.caseId, 'cancel', { reason: 'Annulé au guichet' })).statusCode).toBe(200);
    const offered = (v: Awaited<ReturnType<typeof citizenView>>) => v.timeline.some((e) => e.payload.action === 'receive_offer');
    await until(() => citizenView(first), offered);
    await until(() => citizenView(second), offered);
    const late = await citizenStep(first, 'claim_seat', { slotId: full });
    expect(late.statusCode).toBe(409);
    expect(late.json().details.reason).toBe('no_offer');
    const passed = await until(
      () => citizenView(first),
      (v) => v.facts.offerSlotId === null,
    );
    expect(passed.availableActions).not.toContain('claim_seat');
    expect(await seatsOf(full)).toEqual({ taken: 1, rows: 1 });
    expect((await citizenStep(second, 'claim_seat', { slotId: full })).statusCode).toBe(200);
  });
});

describe('at the office', () => {
  it('shows the day’s agenda to its staff and checks a citizen in by the code of the confirmation’s QR code', async () => {
    const serviceId = await createService();
    const slotId = await createSlot(platform.prisma, { serviceId, officeId: office.id, inMs: 3_600_000, seats: 2 });
    const c = await booked(serviceId, slotId);
    expect((await staffStep(c.caseId, 'confirm')).statusCode).toBe(200);
    const qr = await platform.app.inject({ method: 'GET', url: `/api/v1/cases/${c.trackingCode}/checkin-qr.svg`, headers: { authorization: `Bearer ${c.accessToken}` } });
    expect(qr.statusCode).toBe(200);
    expect(qr.body).toContain('<svg');
    const day = String(c.facts.localDate);
    const agenda = await platform.app.inject({ method: 'GET', url: `/api/v1/staff/agenda?officeId=${office.id}&date=${day}`, headers: handler });
    expect(agenda.statusCode, agenda.body).toBe(200);
    const item = agenda.json<{ items: { caseId: string; status: string; localStart: string; applicantName: string }[] }>().items.find((i) => i.caseId === c.caseId);
    expect(item).toMatchObject({ status: 'confirmed', localStart: c.facts.localStart, applicantName: APPLICANT.fullName });
    const checkIn = await platform.app.inject({ method: 'POST', url: '/api/v1/staff/check-in', headers: handler, payload: { code: c.trackingCode } });
    expect(checkIn.statusCode, checkIn.body).toBe(200);
    expect(checkIn.json().status).toBe('checked_in');
    const unknown = await platform.app.inject({ method: 'POST', url: '/api/v1/staff/check-in', headers: handler, payload: { code: 'KH-0000-0000-00' } });
    expect(unknown.statusCode).toBe(404);
    const otherEntity = await platform.app.inject({ method: 'GET', url: `/api/v1/staff/agenda?officeId=${office.id}&date=${day}`, headers: await staffHeaders(platform.app, 'admin') });
    expect(otherEntity.statusCode).toBe(403);
  });
});

describe('what a citizen cannot do with seats', () => {
  it('holds at most five seats at a time from one address, and a form hold books only its own service', async () => {
    const serviceId = await createService();
    const otherService = await createService();
    const slotId = await createSlot(platform.prisma, { serviceId, officeId: office.id, inMs: 3_600_000, seats: 10 });
    // An address of its own: other files' forms from 127.0.0.1 do not count here.
    const hold = () => platform.app.inject({ method: 'POST', url: `/api/v1/slots/${slotId}/holds`, remoteAddress: '198.51.100.7' });
    const held = [];
    for (let i = 0; i < 5; i += 1) held.push(await hold());
    expect(held.map((h) => h.statusCode)).toEqual([201, 201, 201, 201, 201]);
    const sixth = await hold();
    expect(sixth.statusCode).toBe(429);
    expect(sixth.json().message).toContain('at most 5 seats');
    // Another citizen still gets a seat, and giving one back lets this address hold again.
    expect((await platform.app.inject({ method: 'POST', url: `/api/v1/slots/${slotId}/holds`, remoteAddress: '198.51.100.8' })).statusCode).toBe(201);
    expect((await platform.app.inject({ method: 'DELETE', url: `/api/v1/slot-holds/${held[4]!.json().holdToken}` })).statusCode).toBe(204);
    expect((await hold()).statusCode).toBe(201);
    const elsewhere = await book(otherService, slotId, 'in_person', { holdToken: held[0]!.json().holdToken });
    expect(elsewhere.statusCode).toBe(400);
    expect(elsewhere.json().details.field).toBe('details.slotId');
    expect(await seatsOf(slotId)).toEqual({ taken: 6, rows: 6 });
  });

  it('cannot claim an offer for its own slot, and an offer nobody passed on is freed a minute after its window', async () => {
    const serviceId = await createService();
    const full = await createSlot(platform.prisma, { serviceId, officeId: office.id, inMs: 3_600_000, seats: 1 });
    const own = await createSlot(platform.prisma, { serviceId, officeId: office.id, inMs: 7_200_000, seats: 1 });
    const holder = await booked(serviceId, full);
    const waiting = await booked(serviceId, own);
    expect((await citizenStep(waiting, 'join_waitlist', { slotId: full })).statusCode).toBe(200);
    expect((await citizenStep(holder, 'cancel', { reason: 'Empêchement' })).statusCode).toBe(200);
    await until(
      () => citizenView(waiting),
      (v) => v.facts.offerSlotId === full,
    );
    const ownClaim = await citizenStep(waiting, 'claim_seat', { slotId: own });
    expect(ownClaim.statusCode).toBe(409);
    expect((await citizenView(waiting)).facts.offerSlotId).toBe(full);
    expect(await seatsOf(full)).toEqual({ taken: 1, rows: 1 });

    // As if the offered case had never passed it on: its window closed over a minute ago.
    await platform.prisma.$executeRaw`UPDATE slot_waitlist SET offered_until = now() - interval '2 minutes' WHERE slot_id = ${full}::uuid`;
    await platform.prisma.$executeRaw`UPDATE slot_seat SET expires_at = now() - interval '2 minutes' WHERE slot_id = ${full}::uuid`;
    const newcomer = await book(serviceId, full);
    expect(newcomer.statusCode, newcomer.body).toBe(201);
    expect(await seatsOf(full)).toEqual({ taken: 1, rows: 1 });
  });
});

describe('the office’s limits on a citizen', () => {
  it('opens check-in only a few hours before the appointment, and the waiting list only outside the notice period', async () => {
    const serviceId = await createService({ ...SECONDS_SETTINGS, checkInOpens: 'PT1H' });
    const tomorrow = await booked(serviceId, await createSlot(platform.prisma, { serviceId, officeId: office.id, inMs: 26 * 3_600_000, seats: 1 }));
    expect((await staffStep(tomorrow.caseId, 'confirm')).statusCode).toBe(200);
    const early = await platform.app.inject({ method: 'POST', url: '/api/v1/staff/check-in', headers: handler, payload: { code: tomorrow.trackingCode } });
    expect(early.statusCode).toBe(409);
    expect(early.json().message).toContain('opens 1 hour before');

    const soon = await booked(serviceId, await createSlot(platform.prisma, { serviceId, officeId: office.id, inMs: 3_000, seats: 1 }));
    const full = await createSlot(platform.prisma, { serviceId, officeId: office.id, inMs: 7_200_000, seats: 1 });
    await booked(serviceId, full);
    const late = await citizenStep(soon, 'join_waitlist', { slotId: full });
    expect(late.statusCode).toBe(409);
    expect(late.json().details.reason).toBe('notice_period');
  });
});
