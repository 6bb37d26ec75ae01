import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildApp, type KhidmaApp } from '../../api/app.js';
import { CaseEventFeed } from '../../api/live/case-event-feed.js';
import { isWorkingDay } from '../../domain/calendar/working-days.js';
import { addDays, isWeekend } from '../support/dates.js';
import { expectClientError } from '../support/http.js';
import { createTestEntity, startPlatform, TEST_CONFIG, type TestPlatform, staffHeaders } from '../support/platform.js';
import {
  computedNationalCalendar,
  daysFrom,
  LAST_PUBLISHED_YEAR,
  nationalTestYear,
  PUBLISHED_YEARS,
  ramadanBeginningIn,
  workingDayOnOrAfter,
  workingDayOnOrBefore,
  type OfficeDay,
} from './calendar-support.js';

/*
 * Other test files read the national office hours of 2026–2027, so national changes here are to
 * the Ramadans of the national test years only (see nationalTestYear); regular hours are changed
 * for entities of this file's own (the national regular hours are set only to their default
 * values, then withdrawn).
 */

let platform: TestPlatform;
let admin: Record<string, string>;
let entity: { id: string; code: string };
let other: { id: string; code: string };

beforeAll(async () => {
  platform = await startPlatform();
  admin = await staffHeaders(platform.app, 'admin');
  entity = await createTestEntity(platform.prisma, 'OH-A');
  other = await createTestEntity(platform.prisma, 'OH-B');
});
afterAll(() => platform?.close());

async function days(query: string): Promise<OfficeDay[]> {
  const res = await platform.app.inject({ method: 'GET', url: `/api/v1/calendar/office-hours?${query}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ days: OfficeDay[] }>().days;
}

const day = async (date: string, entityCode?: string) => (await days(`date=${date}${entityCode ? `&entity=${entityCode}` : ''}`))[0]!;

const hoursOf = (d: OfficeDay) => d.intervals.map((i) => `${i.from}-${i.to}`).join();

const putRamadan = (year: number | string, payload: unknown, headers: Record<string, string> = admin) =>
  platform.app.inject({ method: 'PUT', url: `/api/v1/admin/calendar/ramadan/${year}`, headers, payload: payload as object });

const putHours = (payload: unknown, headers: Record<string, string> = admin) =>
  platform.app.inject({ method: 'PUT', url: '/api/v1/admin/calendar/office-hours', headers, payload: payload as object });

const deleteHours = (query = '', headers: Record<string, string> = admin) =>
  platform.app.inject({ method: 'DELETE', url: `/api/v1/admin/calendar/office-hours${query}`, headers });

/** The rows this file may change (other files may change their own entities' rows). */
function storedRows() {
  return platform.prisma.officeSchedule.findMany({
    where: { OR: [{ entityId: null }, { entityId: { in: [entity.id, other.id] } }] },
    orderBy: { id: 'asc' },
  });
}

describe('Ramadan hours and dates (national, in the national test years)', () => {
  // Announced two days after the computed first day and one day after the computed last day: 29 days.
  const year = nationalTestYear(8);
  const computed = ramadanBeginningIn(year);
  const start = addDays(computed.from, 2);
  const end = addDays(computed.to, 1);

  it('sets the hours of a Ramadan and its announced dates, and the answers change', async () => {
    const inRamadan = workingDayOnOrAfter(computed.from);
    expect(await day(inRamadan)).toMatchObject({
      reason: 'ramadan',
      intervals: [{ from: '09:00', to: '15:00' }],
      ramadan: { hijriYear: computed.hijriYear, from: computed.from, to: computed.to, fromConfirmed: false, toConfirmed: false },
    });

    const res = await putRamadan(year, { opensAt: '09:30', closesAt: '15:30', start, end });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      year,
      hijriYear: computed.hijriYear,
      from: start,
      to: end,
      fromConfirmed: true,
      toConfirmed: true,
      hours: [{ from: '09:30', to: '15:30' }],
    });

    // The regular hours up to the day before the announced start, the announced hours from it; closed on weekends and holidays.
    const span = daysFrom(addDays(computed.from, -4), addDays(start, 4));
    const calendar = computedNationalCalendar(year);
    const expected = span.map((date) => [date, !isWorkingDay(calendar, date) ? 'closed' : date < start ? 'regular 08:30-16:30' : 'ramadan 09:30-15:30']);
    expect(expected.map(([, hours]) => hours)).toEqual(expect.arrayContaining(['regular 08:30-16:30', 'ramadan 09:30-15:30']));
    const after = await days(`from=${span[0]}&to=${span.at(-1)}`);
    expect(after.map((d) => [d.date, d.open ? `${d.reason} ${hoursOf(d)}` : 'closed'])).toEqual(expected);
    expect(after.find((d) => d.reason === 'ramadan')!.ramadan).toEqual({ hijriYear: computed.hijriYear, from: start, to: end, fromConfirmed: true, toConfirmed: true });
    // Every entity keeps the national Ramadan hours, its own regular hours notwithstanding.
    expect(hoursOf(await day(workingDayOnOrBefore(computed.to), 'MJ'))).toBe('09:30-15:30');
    // The announced last day is the computed Eid al-Fitr, still closed: a holiday outranks Ramadan hours.
    expect(await day(end)).toMatchObject({ open: false, reason: isWeekend(end) ? 'weekend' : 'holiday' });

    const rows = await platform.prisma.officeSchedule.findMany({ where: { kind: 'ramadan', hijriYear: computed.hijriYear } });
    expect(rows.map((r) => [r.entityId, r.opensAt, r.closesAt, r.ramadanStart?.toISOString().slice(0, 10), r.ramadanEnd?.toISOString().slice(0, 10), r.updatedBy])).toEqual([
      [null, '09:30', '15:30', start, end, 'staff:admin'],
    ]);
  });

  it('changing only the hours keeps the announced dates; the same year again updates its one row', async () => {
    const res = await putRamadan(year, { opensAt: '10:00', closesAt: '15:00' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ from: start, to: end, fromConfirmed: true, toConfirmed: true, hours: [{ from: '10:00', to: '15:00' }] });
    expect(hoursOf(await day(workingDayOnOrAfter(start)))).toBe('10:00-15:00');
    expect(await platform.prisma.officeSchedule.count({ where: { kind: 'ramadan', hijriYear: computed.hijriYear } })).toBe(1);
  });

  it('announcing only the first day keeps the computed last day, as long as Ramadan lasts 29 or 30 days', async () => {
    const other = nationalTestYear(9);
    const { hijriYear, from, to } = ramadanBeginningIn(other);
    const announced = addDays(from, 1);
    const res = await putRamadan(other, { opensAt: '09:00', closesAt: '15:00', start: announced });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ hijriYear, from: announced, to, fromConfirmed: true, toConfirmed: false });
    // The computed first day is no longer in Ramadan
    const open = isWorkingDay(computedNationalCalendar(other), from);
    expect(await day(from)).toMatchObject(open ? { reason: 'regular', intervals: [{ from: '08:30', to: '16:30' }] } : { open: false });
    expect(await day(workingDayOnOrAfter(announced))).toMatchObject({ reason: 'ramadan', ramadan: { fromConfirmed: true, toConfirmed: false } });
  });

  it('names the Ramadan by its Hijri year where asked', async () => {
    const other = nationalTestYear(7);
    const { hijriYear, from, to } = ramadanBeginningIn(other);
    const res = await putRamadan(other, { opensAt: '09:00', closesAt: '14:30', hijriYear });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ year: other, hijriYear, from, to, fromConfirmed: false });
    expect(hoursOf(await day(workingDayOnOrBefore(to)))).toBe('09:00-14:30');
  });

  it('keeps one row when administrators set the same Ramadan at once', async () => {
    const other = nationalTestYear(6);
    const { hijriYear, from } = ramadanBeginningIn(other);
    const inRamadan = workingDayOnOrAfter(addDays(from, 3));
    const times = Array.from({ length: 10 }, (_, i) => `09:${String(i).padStart(2, '0')}`);
    // Reads in parallel first open a pooled connection per request, so that the writes really overlap.
    await Promise.all(times.map(() => days(`date=${inRamadan}`)));
    const answers = await Promise.all(times.map((opensAt) => putRamadan(other, { opensAt, closesAt: '15:00' })));
    expect(answers.map((res) => res.statusCode)).toEqual(times.map(() => 200));
    const rows = await platform.prisma.officeSchedule.findMany({ where: { kind: 'ramadan', hijriYear } });
    expect(rows).toHaveLength(1);
    expect(times).toContain(rows[0]!.opensAt);
    expect(hoursOf(await day(inRamadan))).toBe(`${rows[0]!.opensAt}-15:00`);
  });
});

describe("an entity's own regular hours", () => {
  it('replaces the national hours on its working days only, for that entity only', async () => {
    const res = await putHours({ opensAt: '08:00', closesAt: '16:00', entity: entity.code });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ entity: entity.code, hours: [{ from: '08:00', to: '16:00' }] });

    expect(await day('2026-11-24', entity.code)).toMatchObject({ reason: 'regular', intervals: [{ from: '08:00', to: '16:00' }] });
    expect(hoursOf(await day('2026-11-24', other.code))).toBe('08:30-16:30');
    expect(hoursOf(await day('2026-11-24'))).toBe('08:30-16:30');
    expect(await day('2026-11-28', entity.code)).toMatchObject({ reason: 'weekend', open: false });
    expect(await day('2026-11-18', entity.code)).toMatchObject({ reason: 'holiday', open: false });
    expect(await day('2027-02-16', entity.code)).toMatchObject({ reason: 'ramadan', intervals: [{ from: '09:00', to: '15:00' }] });

    const again = await putHours({ opensAt: '07:45', closesAt: '15:45', entity: entity.code });
    expect(again.json()).toEqual({ entity: entity.code, hours: [{ from: '07:45', to: '15:45' }] });
    const rows = await platform.prisma.officeSchedule.findMany({ where: { entityId: entity.id } });
    expect(rows.map((r) => [r.kind, r.hijriYear, r.opensAt, r.closesAt, r.updatedBy])).toEqual([['regular', null, '07:45', '15:45', 'staff:admin']]);
  });

  it("follows the entity's own holiday calendar: a holiday it cancels is a working day with its hours", async () => {
    const cancel = await platform.app.inject({ method: 'DELETE', url: `/api/v1/admin/calendar/holidays/2026-11-06?entity=${entity.code}`, headers: admin });
    expect(cancel.statusCode, cancel.body).toBe(200);
    expect(await day('2026-11-06', entity.code)).toMatchObject({ open: true, reason: 'regular', intervals: [{ from: '07:45', to: '15:45' }] });
    expect(await day('2026-11-06')).toMatchObject({ open: false, reason: 'holiday' });
  });

  it('withdrawing them gives the entity the national hours again; withdrawing twice is a 404', async () => {
    const res = await deleteHours(`?entity=${entity.code}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ entity: entity.code, hours: [{ from: '08:30', to: '16:30' }] });
    expect(hoursOf(await day('2026-11-24', entity.code))).toBe('08:30-16:30');
    expectClientError(await deleteHours(`?entity=${entity.code}`), 404, /national hours/);
  });

  it('the national regular hours can be set and withdrawn (here to their default values, which other files read)', async () => {
    const set = await putHours({ opensAt: '08:30', closesAt: '16:30' });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toEqual({ entity: null, hours: [{ from: '08:30', to: '16:30' }] });
    expect(await platform.prisma.officeSchedule.count({ where: { entityId: null, kind: 'regular' } })).toBe(1);
    const withdrawn = await deleteHours();
    expect(withdrawn.json()).toEqual({ entity: null, hours: [{ from: '08:30', to: '16:30' }] });
    expect(await platform.prisma.officeSchedule.count({ where: { entityId: null, kind: 'regular' } })).toBe(0);
    expectClientError(await deleteHours(), 404, /national default/);
  });
});

describe('every change is logged with its actor, and no credentials', () => {
  it('logs the scope, the hours before and after, and who changed them', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const feed = new CaseEventFeed({ prisma: platform.prisma, log: pino({ level: 'silent' }), listenUrl: inject('databaseUrl'), pollIntervalMs: 1000 });
    const logged: KhidmaApp = await buildApp({ prisma: platform.prisma, temporal: platform.temporal, feed, config: TEST_CONFIG }, { logger: pino({ level: 'info' }, sink) });
    try {
      const res = await logged.inject({ method: 'PUT', url: '/api/v1/admin/calendar/office-hours', headers: admin, payload: { opensAt: '08:15', closesAt: '16:15', entity: other.code } });
      expect(res.statusCode, res.body).toBe(200);
    } finally {
      await logged.close();
    }
    const changes = lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((entry) => entry.msg === 'office hours changed');
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({
      actor: 'staff:admin',
      kind: 'regular',
      entity: other.code,
      before: [{ from: '08:30', to: '16:30' }],
      after: [{ from: '08:15', to: '16:15' }],
    });
    expect(lines.join('\n')).not.toContain(admin.authorization!.slice('Bearer '.length));
  });
});

describe('bad requests are refused with a 4xx and change nothing', () => {
  async function refused(request: () => Promise<{ statusCode: number; json(): unknown }>, status: number, message?: RegExp) {
    const before = await storedRows();
    expectClientError(await request(), status, message);
    expect(await storedRows()).toEqual(before);
  }

  const valid = { opensAt: '09:00', closesAt: '15:00' };

  it("without a token: 401; with a token that is not an administrator's: 403", async () => {
    const handler = await staffHeaders(platform.app, 'handler');
    const manager = await staffHeaders(platform.app, 'manager');
    for (const [headers, status] of [
      [{}, 401],
      [{ authorization: 'Bearer not-a-token' }, 401],
      [handler, 403],
      [manager, 403],
    ] as const) {
      await refused(() => putRamadan(2031, valid, headers), status, status === 401 ? /token/ : /admin/);
      await refused(() => putHours({ ...valid, entity: entity.code }, headers), status);
      await refused(() => deleteHours(`?entity=${other.code}`, headers), status);
    }
  });

  it.each([
    ['a year before the published ones', 2023, valid, PUBLISHED_YEARS],
    ['a year after the published ones', LAST_PUBLISHED_YEAR + 1, valid, PUBLISHED_YEARS],
    ['a year that is not a number', 'next', valid, /params\.year/],
    ['an opening time without its leading zero', 2031, { ...valid, opensAt: '9:00' }, /body\.opensAt must be a time of day written HH:MM/],
    ['an hour 24', 2031, { ...valid, closesAt: '24:00' }, /body\.closesAt/],
    ['minute 60', 2031, { ...valid, opensAt: '08:60' }, /HH:MM/],
    ['a time too long', 2031, { ...valid, opensAt: '09:00:00' }, /opensAt/],
    ['a time that is not a string', 2031, { ...valid, opensAt: 900 }, /opensAt/],
    ['closing before opening', 2031, { opensAt: '15:00', closesAt: '09:00' }, /later than body\.opensAt/],
    ['closing when opening', 2031, { opensAt: '09:00', closesAt: '09:00' }, /later than/],
    ['no closing time', 2031, { opensAt: '09:00' }, /closesAt/],
    ['a start that is not a date', 2031, { ...valid, start: '2031-02-30' }, /body\.start must be a calendar date/],
    ['a start far from the computed one', 2031, { ...valid, start: '2031-11-10' }, /within 20 days of the computed 2031-12-15/],
    ['an end far from the computed one', 2031, { ...valid, end: '2032-02-13' }, /body\.end .* within 20 days of the computed 2032-01-13/],
    ['a Ramadan of 28 days', 2031, { ...valid, start: '2031-12-16', end: '2032-01-12' }, /29 or 30 days.*28 days/],
    ['a Ramadan of 31 days', 2031, { ...valid, start: '2031-12-14', end: '2032-01-13' }, /29 or 30 days.*31 days/],
    ['a start a day early against the computed end', 2031, { ...valid, start: '2031-12-14' }, /2032-01-13 \(computed\) is 31 days; give body\.start and body\.end together/],
    ['a year in which two Ramadans begin, without saying which', 2030, valid, /two Ramadans begin in 2030, 1451 \(from 2030-01-06\) and 1452 \(from 2030-12-26\)/],
    ['a Hijri year that does not begin in the year', 2033, { ...valid, hijriYear: 1454 }, /Ramadan 1454 does not begin in 2033/],
    ['an unexpected field', 2031, { ...valid, entity: 'MJ' }, /unexpected field "entity"/],
  ])('PUT ramadan: %s', async (_label, year, body, message) => {
    await refused(() => putRamadan(year, body), 400, message);
  });

  it.each([
    ['a malformed time', { opensAt: '8h30', closesAt: '16:30' }, 400, /HH:MM/],
    ['closing before opening', { opensAt: '16:30', closesAt: '08:30' }, 400, /later than/],
    ['an unknown entity', { ...valid, entity: 'OH-NONE' }, 404, /OH-NONE/],
    ['an entity code with SQL in it', { ...valid, entity: "MJ'; DROP TABLE office_schedule; --" }, 400, /entity/],
    ['an unexpected field', { ...valid, entity: 'MJ', year: 2031 }, 400, /year/],
  ])('PUT office-hours: %s', async (_label, body, status, message) => {
    await refused(() => putHours(body), status, message);
  });

  it('DELETE office-hours: an unknown entity, an unexpected parameter', async () => {
    await refused(() => deleteHours('?entity=OH-NONE'), 404, /OH-NONE/);
    await refused(() => deleteHours(`?entity=${other.code}&all=1`), 400, /all/);
  });

  it('malformed JSON, a prototype-polluting body, a body that is not JSON and an oversized body', async () => {
    const raw = (payload: string, contentType = 'application/json') =>
      platform.app.inject({ method: 'PUT', url: '/api/v1/admin/calendar/ramadan/2031', headers: { ...admin, 'content-type': contentType }, payload });
    await refused(() => raw('{"opensAt": '), 400, /JSON/);
    await refused(() => raw('{"opensAt":"09:00","closesAt":"15:00","__proto__":{"admin":true}}'), 400, /__proto__/);
    await refused(() => raw('opensAt=09:00&closesAt=15:00', 'text/plain'), 415);
    await refused(() => raw(JSON.stringify({ ...valid, start: 'x'.repeat(100_000) })), 413);
  });
});
