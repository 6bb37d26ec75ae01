import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlatform, type TestPlatform } from '../support/platform.js';
import { expectClientError } from '../support/http.js';
import { LAST_PUBLISHED_YEAR, PUBLISHED_YEARS, type OfficeDay } from './calendar-support.js';

/*
 * Read-only: the default office hours of the computed Moroccan calendar. Administrators change
 * national hours only for the Ramadans of the national test years (office-hours-admin.test.ts),
 * never these days.
 */

let platform: TestPlatform;

beforeAll(async () => {
  platform = await startPlatform();
});
afterAll(() => platform?.close());

interface OfficeHoursAnswer {
  entity: string | null;
  timeZone: string;
  from: string;
  to: string;
  days: OfficeDay[];
}

const get = (query: string) => platform.app.inject({ method: 'GET', url: `/api/v1/calendar/office-hours?${query}` });

async function officeHours(query: string): Promise<OfficeHoursAnswer> {
  const res = await get(query);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<OfficeHoursAnswer>();
}

async function day(date: string, entity?: string): Promise<OfficeDay> {
  const answer = await officeHours(`date=${date}${entity ? `&entity=${entity}` : ''}`);
  expect(answer.days).toHaveLength(1);
  return answer.days[0]!;
}

const REGULAR = [{ from: '08:30', to: '16:30' }];
const RAMADAN = [{ from: '09:00', to: '15:00' }];

describe('the default office hours', () => {
  it('a Tuesday of November 2026: open 08:30–16:30, Moroccan time', async () => {
    const answer = await officeHours('date=2026-11-24');
    expect(answer).toEqual({
      entity: null,
      // The zone name as published, spelled out: a contract with clients, not our constant.
      timeZone: 'Africa/Casablanca',
      from: '2026-11-24',
      to: '2026-11-24',
      days: [{ date: '2026-11-24', open: true, reason: 'regular', intervals: REGULAR }],
    });
  });

  it('a Saturday and a Sunday: closed for the weekend', async () => {
    expect(await day('2026-11-28')).toEqual({ date: '2026-11-28', open: false, reason: 'weekend', intervals: [] });
    expect(await day('2026-11-29')).toMatchObject({ open: false, reason: 'weekend' });
  });

  it('18 November 2026: closed for Independence Day', async () => {
    expect(await day('2026-11-18')).toEqual({
      date: '2026-11-18',
      open: false,
      reason: 'holiday',
      intervals: [],
      holiday: {
        date: '2026-11-18',
        key: 'independence_day-2026',
        kind: 'fixed',
        status: 'confirmed',
        names: { fr: "Fête de l'Indépendance", ar: 'عيد الاستقلال', en: 'Independence Day' },
      },
    });
  });

  it('a day of Ramadan 2027: open 09:00–15:00, with the computed (provisional) dates of that Ramadan', async () => {
    expect(await day('2027-02-16')).toEqual({
      date: '2027-02-16',
      open: true,
      reason: 'ramadan',
      intervals: RAMADAN,
      ramadan: { hijriYear: 1448, from: '2027-02-08', to: '2027-03-09', fromConfirmed: false, toConfirmed: false },
    });
  });

  it('an entity without hours of its own keeps the national ones', async () => {
    expect(await day('2026-11-24', 'MJ')).toMatchObject({ reason: 'regular', intervals: REGULAR });
    expect((await officeHours('date=2026-11-24&entity=MJ')).entity).toBe('MJ');
  });

  it('lists a range day by day: the end of Ramadan 2027, Eid al-Fitr, the weekend and the first regular days', async () => {
    const answer = await officeHours('from=2027-03-08&to=2027-03-16');
    expect(answer.days.map((d) => [d.date, d.reason, d.intervals.map((i) => `${i.from}-${i.to}`).join()])).toEqual([
      ['2027-03-08', 'ramadan', '09:00-15:00'],
      ['2027-03-09', 'ramadan', '09:00-15:00'],
      ['2027-03-10', 'holiday', ''],
      ['2027-03-11', 'holiday', ''],
      ['2027-03-12', 'regular', '08:30-16:30'],
      ['2027-03-13', 'weekend', ''],
      ['2027-03-14', 'weekend', ''],
      ['2027-03-15', 'regular', '08:30-16:30'],
      ['2027-03-16', 'regular', '08:30-16:30'],
    ]);
    expect(answer.days[2]!.holiday).toMatchObject({ key: 'eid_al_fitr-1448', status: 'provisional' });
  });

  it('lists up to 62 days, across New Year', async () => {
    const answer = await officeHours('from=2026-12-01&to=2027-01-31');
    expect(answer.days).toHaveLength(62);
    expect(answer.days[0]!.date).toBe('2026-12-01');
    expect(answer.days[61]!.date).toBe('2027-01-31');
    const closed = answer.days.filter((d) => d.reason === 'holiday').map((d) => d.holiday!.key);
    expect(closed).toEqual(['new_year-2027', 'independence_manifesto-2027', 'amazigh_new_year-2027']);
    expect(answer.days.filter((d) => d.open)).toHaveLength(41);
  });
});

describe('bad queries get a 400 (or 404) with a clear message', () => {
  it.each([
    ['nothing asked', '', 400, /date, or both from and to/],
    ['from without to', 'from=2026-11-02', 400, /both from and to/],
    ['to without from', 'to=2026-11-02', 400, /both from and to/],
    ['a date and a range', 'date=2026-11-02&from=2026-11-02&to=2026-11-03', 400, /not both/],
    ['a range ending before it starts', 'from=2026-11-10&to=2026-11-09', 400, /must not be before/],
    ['a range of 63 days', 'from=2026-11-01&to=2027-01-02', 400, /at most 62 days/],
    ['a date that does not exist', 'date=2026-02-29', 400, /YYYY-MM-DD/],
    ['a date written otherwise', 'date=24/11/2026', 400, /YYYY-MM-DD/],
    ['a date out of the published years', `date=${LAST_PUBLISHED_YEAR + 1}-01-10`, 400, PUBLISHED_YEARS],
    ['an oversized date', `date=${'2'.repeat(5000)}`, 400, /date/],
    ['an unexpected parameter', 'date=2026-11-24&hours=all', 400, /hours/],
    ['an entity code with SQL in it', `date=2026-11-24&entity=${encodeURIComponent("MJ' OR '1'='1")}`, 400, /entity/],
    ['an unknown entity', 'date=2026-11-24&entity=OH-NONE', 404, /OH-NONE/],
  ])('%s', async (_label, query, status, message) => {
    expectClientError(await get(query), status, message);
  });
});
