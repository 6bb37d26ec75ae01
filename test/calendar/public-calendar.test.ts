import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlatform, type TestPlatform } from '../support/platform.js';
import { LAST_PUBLISHED_YEAR, PUBLISHED_YEARS, type HolidayView } from './calendar-support.js';
import { expectClientError } from '../support/http.js';

// Read-only: nothing here changes the calendar, so these answers are the computed Moroccan calendar.

let platform: TestPlatform;

beforeAll(async () => {
  platform = await startPlatform();
});
afterAll(() => platform?.close());

const get = (url: string) => platform.app.inject({ method: 'GET', url });

async function holidays(query: string): Promise<HolidayView[]> {
  const res = await get(`/api/v1/calendar/holidays?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ holidays: HolidayView[] }>().holidays;
}

async function dueDate(query: string) {
  const res = await get(`/api/v1/calendar/due-date?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{
    dueDate: string;
    explanation: { skipped: Array<{ date: string; reason: string; name?: { fr: string }; provisional?: boolean }>; text: { fr: string; ar: string; en: string } };
  }>();
}

type Row = [date: string, key: string, kind: 'fixed' | 'lunar', frenchName: string];

// DESIGN.md: the fixed holidays, and the lunar ones with their Moroccan public-sector durations
// (1 Muharram one day, Mawlid two, each Eid two) on the dates computed for the year.
const FIXED = (y: number): Row[] => [
  [`${y}-01-01`, `new_year-${y}`, 'fixed', 'Nouvel An'],
  [`${y}-01-11`, `independence_manifesto-${y}`, 'fixed', "Manifeste de l'indépendance"],
  [`${y}-01-14`, `amazigh_new_year-${y}`, 'fixed', 'Nouvel An amazigh'],
  [`${y}-05-01`, `labour_day-${y}`, 'fixed', 'Fête du Travail'],
  [`${y}-07-30`, `throne_day-${y}`, 'fixed', 'Fête du Trône'],
  [`${y}-08-14`, `oued_eddahab-${y}`, 'fixed', 'Allégeance de Oued Eddahab'],
  [`${y}-08-20`, `revolution_king_people-${y}`, 'fixed', 'Révolution du Roi et du Peuple'],
  [`${y}-08-21`, `youth_day-${y}`, 'fixed', 'Fête de la Jeunesse'],
  [`${y}-10-31`, `unity_day-${y}`, 'fixed', "Aïd Al Wahda (Fête de l'Unité)"],
  [`${y}-11-06`, `green_march-${y}`, 'fixed', 'Marche Verte'],
  [`${y}-11-18`, `independence_day-${y}`, 'fixed', "Fête de l'Indépendance"],
];

const LUNAR: Record<number, Row[]> = {
  2026: [
    ['2026-03-20', 'eid_al_fitr-1447', 'lunar', 'Aïd al-Fitr'],
    ['2026-03-21', 'eid_al_fitr-1447', 'lunar', 'Aïd al-Fitr'],
    ['2026-05-27', 'eid_al_adha-1447', 'lunar', 'Aïd al-Adha'],
    ['2026-05-28', 'eid_al_adha-1447', 'lunar', 'Aïd al-Adha'],
    ['2026-06-17', 'islamic_new_year-1448', 'lunar', "Nouvel An de l'Hégire"],
    ['2026-08-26', 'mawlid-1448', 'lunar', 'Aïd al-Mawlid'],
    ['2026-08-27', 'mawlid-1448', 'lunar', 'Aïd al-Mawlid'],
  ],
  2027: [
    ['2027-03-10', 'eid_al_fitr-1448', 'lunar', 'Aïd al-Fitr'],
    ['2027-03-11', 'eid_al_fitr-1448', 'lunar', 'Aïd al-Fitr'],
    ['2027-05-17', 'eid_al_adha-1448', 'lunar', 'Aïd al-Adha'],
    ['2027-05-18', 'eid_al_adha-1448', 'lunar', 'Aïd al-Adha'],
    ['2027-06-06', 'islamic_new_year-1449', 'lunar', "Nouvel An de l'Hégire"],
    ['2027-08-15', 'mawlid-1449', 'lunar', 'Aïd al-Mawlid'],
    ['2027-08-16', 'mawlid-1449', 'lunar', 'Aïd al-Mawlid'],
  ],
};

describe.each([2026, 2027])('the holidays of %i', (year) => {
  const expected = [...FIXED(year), ...LUNAR[year]!].sort((a, b) => a[0].localeCompare(b[0]));

  it('are the fixed holidays, confirmed, and the lunar ones for their full Moroccan duration, provisional', async () => {
    const listed = await holidays(`year=${year}`);
    expect(listed.map((h) => [h.date, h.key, h.kind, h.names.fr])).toEqual(expected);
    for (const h of listed) {
      expect(h.status).toBe(h.kind === 'fixed' ? 'confirmed' : 'provisional');
      expect(h.names.ar.length).toBeGreaterThan(2);
      expect(h.names.en.length).toBeGreaterThan(2);
    }
  });

  it('are the same for an entity that changed nothing', async () => {
    const res = await get(`/api/v1/calendar/holidays?year=${year}&entity=COMMUNE-RABAT`);
    expect(res.json()).toMatchObject({ year, entity: 'COMMUNE-RABAT' });
    expect(res.json<{ holidays: HolidayView[] }>().holidays).toEqual(await holidays(`year=${year}`));
  });
});

describe('the due date of a budget counted from a start date', () => {
  it.each([
    // Thursday 5 Nov 2026; Friday 6 Nov is Marche Verte, then the weekend: Mon 9, Tue 10, Wed 11
    ['from=2026-11-05&workingDays=3', '2026-11-11'],
    // Wednesday 18 Nov 2026 is Independence Day
    ['from=2026-11-17&workingDays=1', '2026-11-19'],
    // New Year 2027 is a Friday: Mon 4 and Tue 5 January
    ['from=2026-12-31&workingDays=2', '2027-01-05'],
    // Tuesday 9 March 2027: Eid al-Fitr (provisional) on Wednesday 10 and Thursday 11
    ['from=2027-03-09&workingDays=1', '2027-03-12'],
    // Sunday 1 Nov 2026 + 5 days = Friday 6 (Marche Verte), rolled over the weekend to Monday 9
    ['from=2026-11-01&calendarDays=5', '2026-11-09'],
    // 3650 days after 1 Jan 2026 is Sunday 30 Dec 2035, rolled to Monday 31
    ['from=2026-01-01&calendarDays=3650', '2035-12-31'],
    // nothing to count: the start date itself, even a holiday
    ['from=2026-11-06&workingDays=0', '2026-11-06'],
    // an entity that changed nothing observes the national calendar
    ['from=2026-11-05&workingDays=3&entity=MJ', '2026-11-11'],
  ])('%s → %s', async (query, expected) => {
    expect((await dueDate(query)).dueDate).toBe(expected);
  });

  it('explains which days were not counted and why', async () => {
    const { explanation } = await dueDate('from=2026-11-05&workingDays=3');
    expect(explanation.skipped).toEqual([
      expect.objectContaining({ date: '2026-11-06', reason: 'holiday', name: expect.objectContaining({ fr: 'Marche Verte' }) }),
      { date: '2026-11-07', reason: 'weekend' },
      { date: '2026-11-08', reason: 'weekend' },
    ]);
    expect(explanation.text.fr).toContain('Marche Verte');
    expect(explanation.text.fr).toContain('2026-11-11');
    expect(explanation.text.ar).toContain('2026-11-11');
  });

  it('says when a lunar holiday it skipped is still provisional', async () => {
    const { explanation } = await dueDate('from=2027-03-09&workingDays=1');
    expect(explanation.skipped.filter((s) => s.provisional).map((s) => s.date)).toEqual(['2027-03-10', '2027-03-11']);
    expect(explanation.text.en).toMatch(/provisional/);
  });

  it('reaches years ahead for the largest budget', async () => {
    const { dueDate: due, explanation } = await dueDate('from=2026-01-01&workingDays=3650');
    expect(due > '2040-01-01' && due < '2041-12-31').toBe(true);
    expect(explanation.skipped.some((s) => s.reason === 'holiday' && s.date.startsWith('2039'))).toBe(true);
  });
});

describe('bad input is refused with a 4xx naming the problem', () => {
  it.each([
    ['no year', 'holidays?', 400, /year/],
    ['a year that is not a number', 'holidays?year=twenty', 400, /year/],
    ['a year before 2024', 'holidays?year=2023', 400, PUBLISHED_YEARS],
    ['a year after the published ones', `holidays?year=${LAST_PUBLISHED_YEAR + 1}`, 400, PUBLISHED_YEARS],
    ['a fractional year', 'holidays?year=2026.5', 400, /year/],
    ['an entity code with SQL in it', "holidays?year=2026&entity=MJ'%20OR%201=1--", 400, /entity/],
    ['an unknown entity', 'holidays?year=2026&entity=NOPE', 404, /NOPE/],
    ['an unexpected parameter', 'holidays?year=2026&debug=1', 400, /debug/],
    ['no start date', 'due-date?workingDays=3', 400, /from/],
    ['a start date that does not exist', 'due-date?from=2026-02-30&workingDays=3', 400, /YYYY-MM-DD/],
    ['a start date in another format', 'due-date?from=05/11/2026&workingDays=3', 400, /from/],
    ['a start date out of the published years', `due-date?from=${LAST_PUBLISHED_YEAR + 1}-01-01&workingDays=3`, 400, PUBLISHED_YEARS],
    ['both budgets', 'due-date?from=2026-11-05&workingDays=3&calendarDays=3', 400, /exactly one/],
    ['no budget', 'due-date?from=2026-11-05', 400, /exactly one/],
    ['a negative budget', 'due-date?from=2026-11-05&workingDays=-1', 400, /workingDays/],
    ['a huge budget', 'due-date?from=2026-11-05&calendarDays=100000', 400, /calendarDays/],
    ['a fractional budget', 'due-date?from=2026-11-05&workingDays=1.5', 400, /workingDays/],
    ['a budget that is not a number', 'due-date?from=2026-11-05&workingDays=ten', 400, /workingDays/],
    ['an unknown entity', 'due-date?from=2026-11-05&workingDays=3&entity=NOPE', 404, /NOPE/],
  ])('%s', async (_label, path, status, message) => {
    expectClientError(await get(`/api/v1/calendar/${path}`), status, message);
  });
});
