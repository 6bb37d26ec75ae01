import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { moroccanHolidays } from '../../domain/calendar/moroccan-holidays.js';
import { isWorkingDay } from '../../domain/calendar/working-days.js';
import { addDays } from '../support/dates.js';
import { expectClientError } from '../support/http.js';
import { APPLICANT, createTestEntity, createTestService, startPlatform, type TestPlatform, staffHeaders } from '../support/platform.js';
import {
  calendarSignalsReceived,
  computedNationalCalendar,
  EID_AL_FITR,
  isQuietDay,
  LAST_PUBLISHED_YEAR,
  nationalTestYear,
  PUBLISHED_YEARS,
  quietWorkingDay,
  type ChangeAnswer,
  type HolidayView,
} from './calendar-support.js';

/*
 * Other test files submit cases now for MJ and read the national calendar, so this file changes
 * national holidays only in the national test years (see nationalTestYear), and makes its
 * 2026–2027 changes for entities of its own.
 */

let platform: TestPlatform;
let admin: Record<string, string>;
let entityA: { id: string; code: string };
let entityB: { id: string; code: string };

beforeAll(async () => {
  platform = await startPlatform();
  admin = await staffHeaders(platform.app, 'admin');
  entityA = await createTestEntity(platform.prisma, 'CAL-A');
  entityB = await createTestEntity(platform.prisma, 'CAL-B');
});
afterAll(() => platform?.close());

const INDEPENDENCE_DAY = { fr: "Fête de l'Indépendance", ar: 'عيد الاستقلال', en: 'Independence Day' };

async function put(date: string, body: Record<string, unknown>): Promise<ChangeAnswer> {
  const res = await platform.app.inject({ method: 'PUT', url: `/api/v1/admin/calendar/holidays/${date}`, headers: admin, payload: body });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<ChangeAnswer>();
}

async function remove(date: string, entity?: string): Promise<ChangeAnswer> {
  const query = entity ? `?entity=${entity}` : '';
  const res = await platform.app.inject({ method: 'DELETE', url: `/api/v1/admin/calendar/holidays/${date}${query}`, headers: admin });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<ChangeAnswer>();
}

async function holidays(year: number, entity?: string): Promise<HolidayView[]> {
  const res = await platform.app.inject({ method: 'GET', url: `/api/v1/calendar/holidays?year=${year}${entity ? `&entity=${entity}` : ''}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ holidays: HolidayView[] }>().holidays;
}

/** The rows this file may change (other files change their own entities' rows at the same time). */
function storedRows() {
  return platform.prisma.holidayOverride.findMany({
    where: { OR: [{ entityId: null }, { entityId: { in: [entityA.id, entityB.id] } }] },
    orderBy: [{ date: 'asc' }, { id: 'asc' }],
  });
}

const onDate = (list: HolidayView[], date: string) => list.filter((h) => h.date === date);

async function dueDate(from: string, workingDays: number, entity?: string) {
  const res = await platform.app.inject({
    method: 'GET',
    url: `/api/v1/calendar/due-date?from=${from}&workingDays=${workingDays}${entity ? `&entity=${entity}` : ''}`,
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ dueDate: string; explanation: { text: { en: string } } }>();
}

/** A national one-off day off that moves a one-day budget by exactly one day, away from what other files read. */
const NATIONAL_DAY_OFF = quietWorkingDay(`${nationalTestYear(8)}-03-01`);

/** A case of an entity of its own, running now: its due date is weeks away, years before the national test years. */
async function runningCase() {
  const entity = await createTestEntity(platform.prisma, 'CAL-W');
  const service = await createTestService(platform.prisma, { budget: { unit: 'working_days', amount: 10 } }, entity.id);
  const res = await platform.app.inject({ method: 'POST', url: '/api/v1/cases', payload: { serviceId: service.id, applicant: APPLICANT } });
  expect(res.statusCode, res.body).toBe(201);
  const { caseId } = res.json<{ caseId: string }>();
  return platform.prisma.case.findUniqueOrThrow({ where: { id: caseId } });
}

describe('an entity confirms and moves lunar holidays for itself', () => {
  it('confirms Eid al-Fitr 2027 on its computed dates: both days, for that entity only', async () => {
    const answer = await put('2027-03-10', { name: EID_AL_FITR, kind: 'lunar', status: 'confirmed', entity: entityA.code });
    expect(answer).toMatchObject({
      entity: entityA.code,
      key: 'eid_al_fitr-1448',
      change: 'confirmed',
      changedDates: ['2027-03-10', '2027-03-11'],
      reason: {
        fr: 'Jour férié confirmé : Aïd al-Fitr (2027-03-10, 2027-03-11)',
        ar: 'تأكيد يوم العطلة الرسمية: عيد الفطر (2027-03-10، 2027-03-11)',
        en: 'Public holiday confirmed: Eid al-Fitr (2027-03-10, 2027-03-11)',
      },
      casesNotified: 0,
      years: [2027],
    });
    const confirmed = { key: 'eid_al_fitr-1448', kind: 'lunar', status: 'confirmed', names: EID_AL_FITR };
    expect(onDate(answer.holidays, '2027-03-10')).toEqual([{ date: '2027-03-10', ...confirmed }]);
    expect(onDate(await holidays(2027, entityA.code), '2027-03-11')).toEqual([{ date: '2027-03-11', ...confirmed }]);

    for (const other of [undefined, entityB.code, 'MJ']) {
      expect(onDate(await holidays(2027, other), '2027-03-10')).toMatchObject([{ key: 'eid_al_fitr-1448', status: 'provisional' }]);
    }
    // Same due date, but only the entity's explanation still calls the days provisional.
    const [own, national] = await Promise.all([dueDate('2027-03-09', 1, entityA.code), dueDate('2027-03-09', 1)]);
    expect([own.dueDate, national.dueDate]).toEqual(['2027-03-12', '2027-03-12']);
    expect(own.explanation.text.en).not.toMatch(/provisional/);
    expect(national.explanation.text.en).toMatch(/provisional/);

    const stored = await platform.prisma.holidayOverride.findMany({ where: { entityId: entityA.id, key: 'eid_al_fitr-1448' } });
    expect(stored.map((r) => [r.updatedBy, r.removed])).toEqual([
      ['staff:admin', false],
      ['staff:admin', false],
    ]);
  });

  it('moves Eid al-Adha 2026 one day later: the computed day is no holiday any more, and due dates follow', async () => {
    expect((await dueDate('2026-05-26', 1, entityA.code)).dueDate).toBe('2026-05-29');

    const answer = await put('2026-05-28', { name: 'Aïd al-Adha', kind: 'lunar', status: 'confirmed', entity: entityA.code });
    expect(answer).toMatchObject({
      key: 'eid_al_adha-1447',
      change: 'moved',
      changedDates: ['2026-05-27', '2026-05-28', '2026-05-29'],
      reason: { fr: 'Jour férié déplacé : Aïd al-Adha (2026-05-28, 2026-05-29 au lieu de 2026-05-27, 2026-05-28)' },
    });
    const own = await holidays(2026, entityA.code);
    expect(own.filter((h) => h.key === 'eid_al_adha-1447').map((h) => [h.date, h.status, h.names.ar])).toEqual([
      ['2026-05-28', 'confirmed', 'Aïd al-Adha'],
      ['2026-05-29', 'confirmed', 'Aïd al-Adha'],
    ]);
    expect(onDate(own, '2026-05-27')).toEqual([]);

    // Tuesday 26 May: Wednesday 27 is now a working day for the entity; nationally Wed 27 and Thu 28 are off.
    expect((await dueDate('2026-05-26', 1, entityA.code)).dueDate).toBe('2026-05-27');
    expect((await dueDate('2026-05-26', 1)).dueDate).toBe('2026-05-29');
    expect((await dueDate('2026-05-27', 1, entityA.code)).dueDate).toBe('2026-06-01');
    expect((await holidays(2026)).filter((h) => h.key === 'eid_al_adha-1447').map((h) => h.date)).toEqual(['2026-05-27', '2026-05-28']);
  });

  it('moving it again replaces the previous move instead of adding to it', async () => {
    const answer = await put('2026-05-26', { name: 'Aïd al-Adha', kind: 'lunar', status: 'confirmed', days: 2, key: 'eid_al_adha-1447', entity: entityA.code });
    expect(answer.change).toBe('moved');
    expect((await holidays(2026, entityA.code)).filter((h) => h.key === 'eid_al_adha-1447').map((h) => h.date)).toEqual([
      '2026-05-26',
      '2026-05-27',
    ]);
  });

  it('finds the right Eid al-Fitr in a year that has two', async () => {
    // 2033 sees Eid al-Fitr 1454 in January and 1455 in December: a fixed fact, so the change stays with the entity.
    const answer = await put('2033-12-24', { name: 'Aïd al-Fitr', kind: 'lunar', status: 'confirmed', entity: entityA.code });
    expect(answer).toMatchObject({ key: 'eid_al_fitr-1455', change: 'moved', changedDates: ['2033-12-23', '2033-12-24', '2033-12-25'] });
    expect((await holidays(2033, entityA.code)).filter((h) => h.key.startsWith('eid_al_fitr')).map((h) => [h.date, h.key])).toEqual([
      ['2033-01-03', 'eid_al_fitr-1454'],
      ['2033-01-04', 'eid_al_fitr-1454'],
      ['2033-12-24', 'eid_al_fitr-1455'],
      ['2033-12-25', 'eid_al_fitr-1455'],
    ]);
  });
});

describe('one-off days and cancellations stay with the entity that made them', () => {
  it('adds a one-off day off for one entity, then withdraws it', async () => {
    const name = { fr: 'Journée de test', ar: 'يوم اختبار', en: 'Test day' };
    const added = await put('2026-12-15', { name, kind: 'one_off', status: 'confirmed', entity: entityB.code });
    expect(added).toMatchObject({ key: 'one_off-2026-12-15', change: 'added', changedDates: ['2026-12-15'], reason: { en: 'Public holiday added: Test day (2026-12-15)' } });
    expect(onDate(await holidays(2026, entityB.code), '2026-12-15')).toEqual([
      { date: '2026-12-15', key: 'one_off-2026-12-15', kind: 'one_off', status: 'confirmed', names: name },
    ]);
    for (const other of [undefined, entityA.code, 'MJ']) expect(onDate(await holidays(2026, other), '2026-12-15')).toEqual([]);
    expect((await dueDate('2026-12-14', 1, entityB.code)).dueDate).toBe('2026-12-16');
    expect((await dueDate('2026-12-14', 1)).dueDate).toBe('2026-12-15');

    const withdrawn = await remove('2026-12-15', entityB.code);
    expect(withdrawn).toMatchObject({ change: 'removed', changedDates: ['2026-12-15'], reason: { fr: 'Jour férié supprimé : Journée de test (2026-12-15)' } });
    expect(onDate(withdrawn.holidays, '2026-12-15')).toEqual([]);
    expect((await dueDate('2026-12-14', 1, entityB.code)).dueDate).toBe('2026-12-15');
    expect(await platform.prisma.holidayOverride.count({ where: { entityId: entityB.id, date: new Date('2026-12-15T00:00:00Z') } })).toBe(0);
  });

  it('cancels a computed holiday for one entity and gives it back', async () => {
    const cancelled = await remove('2026-11-18', entityB.code);
    expect(cancelled).toMatchObject({ key: 'independence_day-2026', change: 'removed', changedDates: ['2026-11-18'] });
    expect(onDate(await holidays(2026, entityB.code), '2026-11-18')).toEqual([]);
    expect(onDate(await holidays(2026), '2026-11-18')).toHaveLength(1);
    expect((await dueDate('2026-11-17', 1, entityB.code)).dueDate).toBe('2026-11-18');

    const back = await put('2026-11-18', { name: INDEPENDENCE_DAY, kind: 'fixed', status: 'confirmed', entity: entityB.code });
    expect(back).toMatchObject({ key: 'independence_day-2026', change: 'added', changedDates: ['2026-11-18'] });
    expect((await dueDate('2026-11-17', 1, entityB.code)).dueDate).toBe('2026-11-19');
  });

  it('answers 404 for a day that is not a holiday, and changes nothing', async () => {
    const before = await storedRows();
    // 29 May 2026 was off for entity A after its first move of Eid al-Adha, not after the second
    for (const url of ['2026-12-16', `2026-12-16?entity=${entityB.code}`, `2026-05-29?entity=${entityA.code}`, addDays(NATIONAL_DAY_OFF, -1)]) {
      const res = await platform.app.inject({ method: 'DELETE', url: `/api/v1/admin/calendar/holidays/${url}`, headers: admin });
      expectClientError(res, 404, /is not a holiday/);
    }
    expect(await storedRows()).toEqual(before);
  });
});

describe('national changes (in the national test years)', () => {
  it('a national one-off day off applies to every entity, unless an entity cancels it for itself', async () => {
    const dayOff = NATIONAL_DAY_OFF;
    const [dayBefore, dayAfter] = [addDays(dayOff, -1), addDays(dayOff, 1)];
    const year = Number(dayOff.slice(0, 4));
    const witness = await runningCase();

    const added = await put(dayOff, { name: 'Journée nationale', kind: 'one_off', status: 'confirmed' });
    expect(added).toMatchObject({ entity: null, key: `one_off-${dayOff}`, change: 'added', changedDates: [dayOff], years: [year] });
    // The propagation completes within the request. Other files' paused cases (no due date yet)
    // may be told, so only this file's case is checked: due years earlier, it is told nothing.
    expect(added).toMatchObject({ casesNotified: expect.any(Number), propagation: { status: 'completed' } });
    expect(await calendarSignalsReceived(platform.temporal, witness.workflowId)).toBe(0);
    expect(await platform.prisma.caseEvent.findMany({ where: { caseId: witness.id }, select: { type: true } })).toEqual([{ type: 'submitted' }]);

    for (const entity of [undefined, entityA.code, 'MJ']) {
      expect(onDate(await holidays(year, entity), dayOff)).toEqual([
        {
          date: dayOff,
          key: `one_off-${dayOff}`,
          kind: 'one_off',
          status: 'confirmed',
          names: { fr: 'Journée nationale', ar: 'Journée nationale', en: 'Journée nationale' },
        },
      ]);
    }
    expect((await dueDate(dayBefore, 1, entityA.code)).dueDate).toBe(dayAfter);

    await remove(dayOff, entityA.code);
    expect(onDate(await holidays(year, entityA.code), dayOff)).toEqual([]);
    expect((await dueDate(dayBefore, 1, entityA.code)).dueDate).toBe(dayOff);
    expect((await dueDate(dayBefore, 1)).dueDate).toBe(dayAfter);

    await remove(dayOff);
    expect(onDate(await holidays(year), dayOff)).toEqual([]);
    expectClientError(await platform.app.inject({ method: 'DELETE', url: `/api/v1/admin/calendar/holidays/${dayOff}`, headers: admin }), 404);
  });

  it('moves a one-day lunar holiday found from its date and kind, and withdrawing the move restores the computed day', async () => {
    const year = nationalTestYear(7);
    const computed = moroccanHolidays(year).find((h) => h.key.startsWith('islamic_new_year-'))!;
    const key = computed.key;
    // Announced a day early (a day late if the day before is a holiday already or in another year)
    const announced = [addDays(computed.date, -1), addDays(computed.date, 1)].find(
      (d) => d.startsWith(`${year}-`) && !moroccanHolidays(year).some((h) => h.date === d),
    )!;
    const moved = await put(announced, { name: { fr: "Nouvel An de l'Hégire", ar: 'فاتح محرم', en: 'Islamic New Year' }, kind: 'lunar', status: 'confirmed' });
    const changedDates = [announced, computed.date].sort();
    expect(moved).toMatchObject({ key, change: 'moved', changedDates });
    expect(moved.reason.en).toBe(`Public holiday moved: Islamic New Year (${announced} instead of ${computed.date})`);
    expect((await holidays(year)).filter((h) => h.key === key).map((h) => [h.date, h.status])).toEqual([[announced, 'confirmed']]);

    const withdrawn = await remove(announced);
    expect(withdrawn).toMatchObject({ change: 'moved', changedDates });
    expect((await holidays(year)).filter((h) => h.key === key).map((h) => [h.date, h.status])).toEqual([[computed.date, 'provisional']]);
  });

  it('keeps one decision per day when administrators change the same day at once', async () => {
    const year = nationalTestYear(9);
    const date = quietWorkingDay(`${year}-09-01`);
    const names = ['Un', 'Deux', 'Trois', 'Quatre', 'Cinq'];
    const answers = await Promise.all(
      names.map((name) =>
        platform.app.inject({
          method: 'PUT',
          url: `/api/v1/admin/calendar/holidays/${date}`,
          headers: admin,
          payload: { name, kind: 'one_off', status: 'confirmed' },
        }),
      ),
    );
    expect(answers.map((res) => res.statusCode)).toEqual([200, 200, 200, 200, 200]);
    const rows = await platform.prisma.holidayOverride.findMany({ where: { entityId: null, date: new Date(`${date}T00:00:00Z`) } });
    expect(rows).toHaveLength(1);
    expect(names).toContain(rows[0]!.nameFr);
    expect(onDate(await holidays(year), date)).toHaveLength(1);
    await remove(date);
  });

  it('cancels a fixed holiday nationally and restores it', async () => {
    const year = nationalTestYear(9);
    const calendar = computedNationalCalendar(year);
    // A fixed holiday on a weekday of its own, between two working days
    const holiday = moroccanHolidays(year).find(
      (h) => h.kind === 'fixed' && isWorkingDay({ ...calendar, holidays: calendar.holidays.filter((other) => other.key !== h.key) }, h.date) && isQuietDay(h.date),
    )!;
    const [dayBefore, dayAfter] = [addDays(holiday.date, -1), addDays(holiday.date, 1)];
    expect((await dueDate(dayBefore, 1)).dueDate).toBe(dayAfter);
    await remove(holiday.date);
    expect(onDate(await holidays(year, 'MJ'), holiday.date)).toEqual([]);
    expect((await dueDate(dayBefore, 1)).dueDate).toBe(holiday.date);
    const restored = await put(holiday.date, { name: holiday.names.fr, kind: 'fixed', status: 'confirmed' });
    expect(restored.key).toBe(holiday.key);
    expect((await dueDate(dayBefore, 1)).dueDate).toBe(dayAfter);
  });
});

describe('bad requests are refused with a 4xx and change nothing', () => {
  const valid = { name: EID_AL_FITR, kind: 'lunar', status: 'confirmed', entity: 'CAL-NONE' };
  const withEntity = () => ({ ...valid, entity: entityB.code });

  async function refused(request: () => Promise<{ statusCode: number; json(): unknown }>, status: number, message?: RegExp) {
    const before = await storedRows();
    expectClientError(await request(), status, message);
    expect(await storedRows()).toEqual(before);
  }

  const putRaw = (date: string, payload: unknown, headers: Record<string, string> = admin) =>
    platform.app.inject({ method: 'PUT', url: `/api/v1/admin/calendar/holidays/${date}`, headers, payload: payload as object });

  it('without a token: 401; with a token that is not an administrator\'s: 403', async () => {
    const handler = await staffHeaders(platform.app, 'handler');
    const manager = await staffHeaders(platform.app, 'manager');
    await refused(() => putRaw('2027-03-10', withEntity(), {}), 401, /token/);
    await refused(() => putRaw('2027-03-10', withEntity(), { authorization: 'Bearer not-a-token' }), 401, /token/);
    await refused(() => putRaw('2027-03-10', withEntity(), handler), 403, /admin/);
    await refused(() => putRaw('2027-03-10', withEntity(), manager), 403, /admin/);
    await refused(() => platform.app.inject({ method: 'DELETE', url: `/api/v1/admin/calendar/holidays/2026-11-06?entity=${entityB.code}` }), 401);
    await refused(
      () => platform.app.inject({ method: 'DELETE', url: `/api/v1/admin/calendar/holidays/2026-11-06?entity=${entityB.code}`, headers: handler }),
      403,
    );
  });

  it.each([
    ['a date that does not exist', '2027-02-29', () => withEntity(), 400, /YYYY-MM-DD/],
    ['a date that is not a date', 'tomorrow', () => withEntity(), 400, /date/],
    ['a date out of the published years', `${LAST_PUBLISHED_YEAR + 1}-01-10`, () => withEntity(), 400, PUBLISHED_YEARS],
    ['days running into an unpublished year', `${LAST_PUBLISHED_YEAR}-12-31`, () => ({ ...withEntity(), kind: 'one_off', days: 2 }), 400, PUBLISHED_YEARS],
    ['no name', '2027-03-10', () => ({ ...withEntity(), name: undefined }), 400, /name/],
    ['a blank name', '2027-03-10', () => ({ ...withEntity(), name: '   ' }), 400, /blank/],
    ['a name missing its Arabic', '2027-03-10', () => ({ ...withEntity(), name: { fr: 'a', en: 'b' } }), 400, /name\.ar must be a string/],
    ['a name with markup', '2027-03-10', () => ({ ...withEntity(), name: '<script>alert(1)</script>' }), 400, /plain text/],
    ['a name with a bidirectional override', '2027-03-10', () => ({ ...withEntity(), name: { ...EID_AL_FITR, ar: 'عيد\u202eالفطر' } }), 400, /plain text/],
    ['a name with a control character', '2027-03-10', () => ({ ...withEntity(), name: 'Aïd\u0000' }), 400, /plain text/],
    ['a name too long', '2027-03-10', () => ({ ...withEntity(), name: 'x'.repeat(101) }), 400, /at most 100/],
    ['a name of the wrong shape', '2027-03-10', () => ({ ...withEntity(), name: ['Aïd'] }), 400, /one name, or an object/],
    ['an unknown kind', '2027-03-10', () => ({ ...withEntity(), kind: 'religious' }), 400, /kind/],
    ['an unknown status', '2027-03-10', () => ({ ...withEntity(), status: 'maybe' }), 400, /status/],
    ['zero days', '2027-03-10', () => ({ ...withEntity(), days: 0 }), 400, /days/],
    ['four days', '2027-03-10', () => ({ ...withEntity(), days: 4 }), 400, /days/],
    ['a malformed key', '2027-03-10', () => ({ ...withEntity(), key: "x'; DROP TABLE holiday_override; --" }), 400, /key/],
    ['a key of a holiday computed years away', '2029-03-10', () => ({ ...withEntity(), key: 'eid_al_fitr-1448' }), 400, /within a year/],
    ['a key of another kind', '2027-11-08', () => ({ ...withEntity(), key: 'green_march-2027' }), 400, /fixed/],
    ['a lunar holiday far from any computed one', '2027-10-01', () => withEntity(), 400, /no computed lunar holiday/],
    ['a fixed holiday on a day that has none', '2027-10-01', () => ({ ...withEntity(), kind: 'fixed' }), 400, /one_off/],
    ['an unexpected field', '2027-03-10', () => ({ ...withEntity(), national: true }), 400, /national/],
    ['an entity code with SQL in it', '2027-03-10', () => ({ ...withEntity(), entity: "MJ' OR '1'='1" }), 400, /entity/],
    ['an unknown entity', '2027-03-10', () => valid, 404, /CAL-NONE/],
  ])('%s', async (_label, date, body, status, message) => {
    await refused(() => putRaw(date, body()), status, message);
  });

  it('malformed JSON, a prototype-polluting body, a body that is not JSON and an oversized body', async () => {
    const raw = (payload: string, contentType = 'application/json') =>
      platform.app.inject({
        method: 'PUT',
        url: '/api/v1/admin/calendar/holidays/2027-03-10',
        headers: { ...admin, 'content-type': contentType },
        payload,
      });
    await refused(() => raw('{"name": '), 400, /JSON/);
    await refused(() => raw(`{"name":"x","kind":"one_off","status":"confirmed","entity":"${entityB.code}","__proto__":{"admin":true}}`), 400, /__proto__/);
    await refused(() => raw('name=x&kind=one_off', 'text/plain'), 415);
    await refused(() => raw(JSON.stringify({ ...withEntity(), name: 'x'.repeat(100_000) })), 413);
  });

  it('DELETE with a bad date or an unknown entity', async () => {
    const del = (url: string) => platform.app.inject({ method: 'DELETE', url: `/api/v1/admin/calendar/holidays/${url}`, headers: admin });
    await refused(() => del('2026-13-01'), 400, /YYYY-MM-DD/);
    await refused(() => del('2026-11-06?entity=CAL-NONE'), 404, /CAL-NONE/);
    await refused(() => del('2026-11-06?entity=MJ&extra=1'), 400, /extra/);
  });
});
