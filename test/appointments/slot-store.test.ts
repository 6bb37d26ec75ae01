import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createPrisma, type PrismaClient } from '../../platform/prisma.js';
import { dbDateOf } from '../../store/calendar-source.js';
import { publishSlots } from '../../store/slot-publication.js';
import { freeSlots } from '../../store/slot-query.js';
import { publishAllOffices, startSlotPublisher } from '../../store/slot-publisher.js';
import { createAppointmentOffice } from '../support/appointments.js';

/*
 * Publication into `slot` and the free-seat query, on the run's PostgreSQL, each test with an
 * office of its own. Times are pinned (`now`) to a week of December 2026 with no holiday: UTC+0.
 */
let prisma: PrismaClient;
beforeAll(() => {
  prisma = createPrisma(inject('databaseUrl'));
});
afterAll(() => prisma?.$disconnect());

const NOW = new Date('2026-12-10T08:00:00Z');
const WEEK = { from: '2026-12-14', to: '2026-12-18', now: NOW };

async function officeWithWeek(seats = 2) {
  const fixture = await createAppointmentOffice(prisma);
  const templates = [];
  for (let weekday = 1; weekday <= 5; weekday++) {
    templates.push(
      await prisma.slotTemplate.create({
        data: {
          officeId: fixture.office.id, serviceId: fixture.service.id, weekday,
          startTime: '09:00', endTime: '12:00', lengthMinutes: 30, seats, bufferMinutes: 0, updatedBy: 'test',
        },
      }),
    );
  }
  return { ...fixture, templates };
}

const slotsOf = (officeId: string) => prisma.slot.findMany({ where: { officeId }, orderBy: [{ startsAt: 'asc' }] });

async function take(slotId: string, kind: 'booking' | 'hold', expiresAt: Date | null = null) {
  await prisma.$executeRaw`UPDATE slot SET taken = taken + 1 WHERE id = ${slotId}::uuid`;
  await prisma.slotSeat.create({ data: { slotId, kind, caseId: kind === 'booking' ? randomUUID() : null, holdTokenHash: kind === 'hold' ? randomUUID() : null, expiresAt, createdAt: new Date() } });
}

describe('publishSlots', () => {
  it('materialises a week of slots, then changes nothing when run again', async () => {
    const { office, service } = await officeWithWeek();
    const first = await publishSlots(prisma, { officeId: office.id, ...WEEK });
    expect(first).toMatchObject({ from: '2026-12-14', to: '2026-12-18', created: 30, updated: 0, closed: [], removed: 0 });
    const slots = await slotsOf(office.id);
    expect(slots).toHaveLength(30);
    expect(slots[0]).toMatchObject({ serviceId: service.id, advisorId: null, localStart: '09:00', localEnd: '09:30', seats: 2, taken: 0, open: true });
    expect(slots[0]!.startsAt.toISOString()).toBe('2026-12-14T09:00:00.000Z');

    expect(await publishSlots(prisma, { officeId: office.id, ...WEEK })).toMatchObject({ created: 0, updated: 0, closed: [], removed: 0 });
    expect(await slotsOf(office.id)).toEqual(slots);
  });

  it('is safe when several instances publish one office at once', async () => {
    const { office } = await officeWithWeek();
    const results = await Promise.all([1, 2, 3].map(() => publishSlots(prisma, { officeId: office.id, ...WEEK })));
    expect(results.map((r) => r.created).sort()).toEqual([0, 0, 30]);
    expect(await prisma.slot.count({ where: { officeId: office.id } })).toBe(30);
  });

  it('changes the seats of published slots, never below the seats taken', async () => {
    const { office, templates } = await officeWithWeek(3);
    await publishSlots(prisma, { officeId: office.id, ...WEEK });
    const [busy] = await slotsOf(office.id);
    await take(busy!.id, 'booking');
    await take(busy!.id, 'booking');
    await prisma.slotTemplate.update({ where: { id: templates[0]!.id }, data: { seats: 1 } });

    const result = await publishSlots(prisma, { officeId: office.id, ...WEEK });
    expect(result).toMatchObject({ created: 0, updated: 6, closed: [] });
    const monday = (await slotsOf(office.id)).filter((s) => s.localDate.toISOString().startsWith('2026-12-14'));
    expect(monday.map((s) => [s.seats, s.taken])).toEqual([[2, 2], [1, 0], [1, 0], [1, 0], [1, 0], [1, 0]]);
  });

  it('closes the slots no longer produced that have seats taken, deletes the others, and reports the closed ones once', async () => {
    const { office, templates } = await officeWithWeek();
    await publishSlots(prisma, { officeId: office.id, ...WEEK });
    const tuesday = (await slotsOf(office.id)).filter((s) => s.localDate.toISOString().startsWith('2026-12-15'));
    await take(tuesday[1]!.id, 'booking');
    await take(tuesday[2]!.id, 'hold', new Date('2026-12-15T00:00:00Z'));
    await prisma.slotTemplate.delete({ where: { id: templates[1]!.id } });

    const result = await publishSlots(prisma, { officeId: office.id, ...WEEK });
    expect(result.created).toBe(0);
    expect(result.removed).toBe(4);
    expect(result.closed).toEqual([{ slotId: tuesday[1]!.id, taken: 1 }, { slotId: tuesday[2]!.id, taken: 1 }].sort((a, b) => a.slotId.localeCompare(b.slotId)));
    const left = (await slotsOf(office.id)).filter((s) => s.localDate.toISOString().startsWith('2026-12-15'));
    expect(left.map((s) => [s.id, s.open])).toEqual([[tuesday[1]!.id, false], [tuesday[2]!.id, false]]);

    expect(await publishSlots(prisma, { officeId: office.id, ...WEEK })).toMatchObject({ created: 0, updated: 0, closed: [], removed: 0 });
  });

  it('closes the slots a closure overlaps, and opens them again when the closure goes', async () => {
    const { office } = await officeWithWeek();
    await publishSlots(prisma, { officeId: office.id, ...WEEK });
    const wednesday = (await slotsOf(office.id)).filter((s) => s.localDate.toISOString().startsWith('2026-12-16'));
    await take(wednesday[0]!.id, 'booking');
    const closure = await prisma.slotException.create({
      data: { officeId: office.id, date: dbDateOf('2026-12-16'), kind: 'closure', startTime: '09:00', endTime: '10:00', reason: 'Inventaire', updatedBy: 'test' },
    });
    expect(await publishSlots(prisma, { officeId: office.id, ...WEEK })).toMatchObject({ created: 0, closed: [{ slotId: wednesday[0]!.id, taken: 1 }], removed: 1 });

    await prisma.slotException.delete({ where: { id: closure.id } });
    expect(await publishSlots(prisma, { officeId: office.id, ...WEEK })).toMatchObject({ created: 1, updated: 1, closed: [], removed: 0 });
    const again = (await slotsOf(office.id)).filter((s) => s.localDate.toISOString().startsWith('2026-12-16'));
    expect(again.map((s) => [s.localStart, s.open])).toEqual(['09:00', '09:30', '10:00', '10:30', '11:00', '11:30'].map((t) => [t, true]));
    expect(again[0]!.id).toBe(wednesday[0]!.id);
  });

  it('leaves the slots that already started as they were', async () => {
    const { office, templates } = await officeWithWeek();
    await publishSlots(prisma, { officeId: office.id, ...WEEK });
    await prisma.slotTemplate.deleteMany({ where: { id: { in: templates.map((t) => t.id) } } });
    const later = new Date('2026-12-14T10:10:00Z');
    const result = await publishSlots(prisma, { officeId: office.id, from: WEEK.from, to: WEEK.to, now: later });
    expect(result.removed).toBe(30 - 3);
    expect((await slotsOf(office.id)).map((s) => s.localStart)).toEqual(['09:00', '09:30', '10:00']);
  });

  it('publishes eight weeks from today by default', async () => {
    const { office } = await officeWithWeek();
    const result = await publishSlots(prisma, { officeId: office.id, now: NOW });
    expect(result).toMatchObject({ from: '2026-12-10', to: '2027-02-04' });
    const last = await prisma.slot.findFirst({ where: { officeId: office.id }, orderBy: { startsAt: 'desc' } });
    expect(last!.localDate.toISOString().slice(0, 10)).toBe('2027-02-04');
    // 1 and 11 January (Friday, Monday) and 14 January (Wednesday) are holidays; 10 December is counted from 08:00Z, its slots all later
    expect(await prisma.slot.count({ where: { officeId: office.id, localDate: { in: [dbDateOf('2027-01-01'), dbDateOf('2027-01-11'), dbDateOf('2027-01-14')] } } })).toBe(0);
  });
});

describe('freeSlots', () => {
  it('counts bookings and live holds against the seats, never expired holds, whatever `taken` says', async () => {
    const { office, service } = await officeWithWeek();
    await publishSlots(prisma, { officeId: office.id, ...WEEK });
    const [first, second, third] = await slotsOf(office.id);
    await take(first!.id, 'booking');
    await take(first!.id, 'hold', new Date(NOW.getTime() + 60_000));
    await take(second!.id, 'hold', new Date(NOW.getTime() - 1));
    await take(third!.id, 'booking');

    const all = await freeSlots(prisma, { officeId: office.id, serviceId: service.id, from: '2026-12-14', to: '2026-12-14', includeFull: true, now: NOW });
    expect(all.map((s) => [s.localStart, s.seats, s.seatsLeft])).toEqual([
      ['09:00', 2, 0], ['09:30', 2, 2], ['10:00', 2, 1], ['10:30', 2, 2], ['11:00', 2, 2], ['11:30', 2, 2],
    ]);
    expect(all[0]).toEqual({
      id: first!.id, localDate: '2026-12-14', localStart: '09:00', localEnd: '09:30',
      startsAt: '2026-12-14T09:00:00.000Z', endsAt: '2026-12-14T09:30:00.000Z', seats: 2, seatsLeft: 0, advisorId: null,
    });
    const free = await freeSlots(prisma, { officeId: office.id, serviceId: service.id, from: '2026-12-14', to: '2026-12-14', now: NOW });
    expect(free.map((s) => s.localStart)).toEqual(['09:30', '10:00', '10:30', '11:00', '11:30']);
  });

  it('gives the next free slots after an instant, for a refused booking to suggest', async () => {
    const { office, service } = await officeWithWeek(1);
    await publishSlots(prisma, { officeId: office.id, ...WEEK });
    const slots = await slotsOf(office.id);
    await take(slots[1]!.id, 'booking');
    const next = await freeSlots(prisma, { officeId: office.id, serviceId: service.id, after: slots[0]!.startsAt, limit: 5, now: NOW });
    expect(next.map((s) => s.localStart)).toEqual(['10:00', '10:30', '11:00', '11:30', '09:00']);
    expect(next.at(-1)!.localDate).toBe('2026-12-15');
  });

  it('leaves out closed slots, slots that started, other services and other advisors', async () => {
    const { office, service, advisor } = await officeWithWeek();
    await prisma.slotTemplate.create({
      data: { officeId: office.id, serviceId: service.id, advisorId: advisor.id, weekday: 1, startTime: '14:00', endTime: '15:00', lengthMinutes: 60, seats: 1, updatedBy: 'test' },
    });
    await publishSlots(prisma, { officeId: office.id, ...WEEK });
    const [first] = await slotsOf(office.id);
    await prisma.slot.update({ where: { id: first!.id }, data: { open: false } });
    const monday = { officeId: office.id, serviceId: service.id, from: '2026-12-14', to: '2026-12-14' };
    expect((await freeSlots(prisma, { ...monday, now: NOW })).map((s) => s.localStart)).toEqual(['09:30', '10:00', '10:30', '11:00', '11:30', '14:00']);
    expect((await freeSlots(prisma, { ...monday, advisorId: advisor.id, now: NOW })).map((s) => [s.localStart, s.advisorId])).toEqual([['14:00', advisor.id]]);
    expect((await freeSlots(prisma, { ...monday, now: new Date('2026-12-14T10:45:00Z') })).map((s) => s.localStart)).toEqual(['11:00', '11:30', '14:00']);
    expect(await freeSlots(prisma, { ...monday, serviceId: randomUUID(), now: NOW })).toEqual([]);
  });
});

describe('the rolling publication', () => {
  it('publishes every office that has templates when it starts, and stops after the run in progress', async () => {
    const { office } = await officeWithWeek();
    const lines: string[] = [];
    const log = { info: (_: object, msg: string) => lines.push(msg), error: (_: object, msg: string) => lines.push(`error: ${msg}`) };
    const publisher = startSlotPublisher({ prisma, log, intervalMs: 60_000 });
    await publisher.stop();
    expect(lines.filter((line) => line.startsWith('error'))).toEqual([]);
    expect(await prisma.slot.count({ where: { officeId: office.id } })).toBeGreaterThan(0);
    const again = await publishAllOffices(prisma, log);
    expect(again.find((r) => r.officeId === office.id)).toMatchObject({ created: 0, updated: 0, closed: [], removed: 0 });
  });
});
