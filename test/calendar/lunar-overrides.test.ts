import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEntity, startPlatform, type TestPlatform, staffHeaders } from '../support/platform.js';
import { EID_AL_FITR, type ChangeAnswer, type HolidayView } from './calendar-support.js';

/*
 * An entity announces its lunar holidays of 2026 and 2027 through the admin API: Eid al-Fitr 2027
 * and 1 Muharram 2027 confirmed on their computed days, Eid al-Adha 2026 and the Mawlid 2026
 * moved one day later. Its calendar and its due dates are then checked against tables worked out
 * by hand from DESIGN.md's list (weekend Saturday and Sunday, no substitute days). The national
 * calendar of those years stays as computed (other files change it only in the national test years).
 */

let platform: TestPlatform;
let admin: Record<string, string>;
let entity: { id: string; code: string };

const EID_AL_ADHA = { fr: 'Aïd al-Adha', ar: 'عيد الأضحى', en: 'Eid al-Adha' };
const MAWLID = { fr: 'Aïd al-Mawlid', ar: 'عيد المولد النبوي', en: "Mawlid (Prophet's Birthday)" };
const ISLAMIC_NEW_YEAR = { fr: "Nouvel An de l'Hégire", ar: 'فاتح محرم', en: 'Islamic New Year' };

async function announce(date: string, name: typeof EID_AL_FITR): Promise<ChangeAnswer> {
  const res = await platform.app.inject({
    method: 'PUT',
    url: `/api/v1/admin/calendar/holidays/${date}`,
    headers: admin,
    payload: { name, kind: 'lunar', status: 'confirmed', entity: entity.code },
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<ChangeAnswer>();
}

beforeAll(async () => {
  platform = await startPlatform();
  admin = await staffHeaders(platform.app, 'admin');
  entity = await createTestEntity(platform.prisma, 'CAL-L');
});
afterAll(() => platform?.close());

async function holidays(year: number, entityCode?: string): Promise<HolidayView[]> {
  const query = entityCode ? `&entity=${entityCode}` : '';
  const res = await platform.app.inject({ method: 'GET', url: `/api/v1/calendar/holidays?year=${year}${query}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ holidays: HolidayView[] }>().holidays;
}

async function dueDate(from: string, workingDays: number, entityCode?: string) {
  const query = entityCode ? `&entity=${entityCode}` : '';
  const res = await platform.app.inject({ method: 'GET', url: `/api/v1/calendar/due-date?from=${from}&workingDays=${workingDays}${query}` });
  expect(res.statusCode, res.body).toBe(200);
  const answer = res.json<{ dueDate: string; explanation: { skipped: { provisional?: boolean }[]; text: { en: string } } }>();
  const provisional = answer.explanation.skipped.some((s) => s.provisional === true);
  // The text says so exactly when a skipped day is provisional.
  expect(/provisional/.test(answer.explanation.text.en)).toBe(provisional);
  return { dueDate: answer.dueDate, provisional };
}

describe('the administrator announces the lunar holidays for the entity', () => {
  it.each([
    ['confirms Eid al-Fitr 2027 on its computed days', '2027-03-10', EID_AL_FITR, 'eid_al_fitr-1448', 'confirmed', ['2027-03-10', '2027-03-11']],
    ['confirms 1 Muharram 2027 on its computed Sunday', '2027-06-06', ISLAMIC_NEW_YEAR, 'islamic_new_year-1449', 'confirmed', ['2027-06-06']],
    ['moves Eid al-Adha 2026 one day later', '2026-05-28', EID_AL_ADHA, 'eid_al_adha-1447', 'moved', ['2026-05-27', '2026-05-28', '2026-05-29']],
    ['moves the Mawlid 2026 one day later', '2026-08-27', MAWLID, 'mawlid-1448', 'moved', ['2026-08-26', '2026-08-27', '2026-08-28']],
  ])('%s', async (_label, date, name, key, change, changedDates) => {
    // The entity has no cases: the propagation completes at once, having told no one.
    expect(await announce(date, name)).toMatchObject({ key, change, changedDates, casesNotified: 0, propagation: { status: 'completed' } });
  });
});

type Row = [date: string, key: string, kind: 'fixed' | 'lunar', status: 'confirmed' | 'provisional'];

const EXPECTED_HOLIDAYS: Record<number, Row[]> = {
  2026: [
    ['2026-01-01', 'new_year-2026', 'fixed', 'confirmed'],
    ['2026-01-11', 'independence_manifesto-2026', 'fixed', 'confirmed'],
    ['2026-01-14', 'amazigh_new_year-2026', 'fixed', 'confirmed'],
    ['2026-03-20', 'eid_al_fitr-1447', 'lunar', 'provisional'],
    ['2026-03-21', 'eid_al_fitr-1447', 'lunar', 'provisional'],
    ['2026-05-01', 'labour_day-2026', 'fixed', 'confirmed'],
    ['2026-05-28', 'eid_al_adha-1447', 'lunar', 'confirmed'],
    ['2026-05-29', 'eid_al_adha-1447', 'lunar', 'confirmed'],
    ['2026-06-17', 'islamic_new_year-1448', 'lunar', 'provisional'],
    ['2026-07-30', 'throne_day-2026', 'fixed', 'confirmed'],
    ['2026-08-14', 'oued_eddahab-2026', 'fixed', 'confirmed'],
    ['2026-08-20', 'revolution_king_people-2026', 'fixed', 'confirmed'],
    ['2026-08-21', 'youth_day-2026', 'fixed', 'confirmed'],
    ['2026-08-27', 'mawlid-1448', 'lunar', 'confirmed'],
    ['2026-08-28', 'mawlid-1448', 'lunar', 'confirmed'],
    ['2026-10-31', 'unity_day-2026', 'fixed', 'confirmed'],
    ['2026-11-06', 'green_march-2026', 'fixed', 'confirmed'],
    ['2026-11-18', 'independence_day-2026', 'fixed', 'confirmed'],
  ],
  2027: [
    ['2027-01-01', 'new_year-2027', 'fixed', 'confirmed'],
    ['2027-01-11', 'independence_manifesto-2027', 'fixed', 'confirmed'],
    ['2027-01-14', 'amazigh_new_year-2027', 'fixed', 'confirmed'],
    ['2027-03-10', 'eid_al_fitr-1448', 'lunar', 'confirmed'],
    ['2027-03-11', 'eid_al_fitr-1448', 'lunar', 'confirmed'],
    ['2027-05-01', 'labour_day-2027', 'fixed', 'confirmed'],
    ['2027-05-17', 'eid_al_adha-1448', 'lunar', 'provisional'],
    ['2027-05-18', 'eid_al_adha-1448', 'lunar', 'provisional'],
    ['2027-06-06', 'islamic_new_year-1449', 'lunar', 'confirmed'],
    ['2027-07-30', 'throne_day-2027', 'fixed', 'confirmed'],
    ['2027-08-14', 'oued_eddahab-2027', 'fixed', 'confirmed'],
    ['2027-08-15', 'mawlid-1449', 'lunar', 'provisional'],
    ['2027-08-16', 'mawlid-1449', 'lunar', 'provisional'],
    ['2027-08-20', 'revolution_king_people-2027', 'fixed', 'confirmed'],
    ['2027-08-21', 'youth_day-2027', 'fixed', 'confirmed'],
    ['2027-10-31', 'unity_day-2027', 'fixed', 'confirmed'],
    ['2027-11-06', 'green_march-2027', 'fixed', 'confirmed'],
    ['2027-11-18', 'independence_day-2027', 'fixed', 'confirmed'],
  ],
};

describe.each([2026, 2027])('the holidays of %i for the entity', (year) => {
  it('are the computed ones, with its announcements in place of the computed lunar days', async () => {
    const listed = await holidays(year, entity.code);
    expect(listed.map((h) => [h.date, h.key, h.kind, h.status])).toEqual(EXPECTED_HOLIDAYS[year]);
    const announced = { 'eid_al_fitr-1448': EID_AL_FITR, 'islamic_new_year-1449': ISLAMIC_NEW_YEAR, 'eid_al_adha-1447': EID_AL_ADHA, 'mawlid-1448': MAWLID };
    for (const h of listed.filter((h) => h.key in announced)) expect(h.names).toEqual(announced[h.key as keyof typeof announced]);
  });
});

/** [from (not counted), working days, due date for the entity, a provisional holiday among the skipped days] */
type DueRow = [from: string, workingDays: number, due: string, provisional: boolean];

describe.each<[string, DueRow[]]>([
  [
    'Eid al-Adha 2026, now Thursday 28 and Friday 29 May',
    [
      ['2026-05-26', 1, '2026-05-27', false], // Wednesday 27, the computed first day, is a working day again
      ['2026-05-27', 1, '2026-06-01', false], // Thu–Fri off, then the weekend
      ['2026-05-27', 2, '2026-06-02', false],
      ['2026-05-27', 5, '2026-06-05', false],
    ],
  ],
  [
    'the Mawlid 2026, now Thursday 27 and Friday 28 August',
    [
      ['2026-08-19', 1, '2026-08-24', false], // Revolution of the King and the People (Thu 20), Youth Day (Fri 21), weekend
      ['2026-08-19', 3, '2026-08-26', false], // Wednesday 26, the computed first day, is a working day again
      ['2026-08-26', 1, '2026-08-31', false],
      ['2026-08-26', 2, '2026-09-01', false],
      ['2026-08-26', 5, '2026-09-04', false],
    ],
  ],
  [
    'Eid al-Fitr 2027, confirmed on Wednesday 10 and Thursday 11 March',
    [
      ['2027-03-09', 1, '2027-03-12', false],
      ['2027-03-09', 2, '2027-03-15', false],
      ['2027-03-09', 5, '2027-03-18', false],
    ],
  ],
  [
    '1 Muharram 2027, confirmed on Sunday 6 June (no substitute day)',
    [
      ['2027-06-04', 1, '2027-06-07', false],
      ['2027-06-04', 2, '2027-06-08', false],
      ['2027-06-04', 5, '2027-06-11', false],
    ],
  ],
  [
    'Eid al-Adha 2027, still provisional on Monday 17 and Tuesday 18 May',
    [
      ['2027-05-14', 1, '2027-05-19', true],
      ['2027-05-14', 2, '2027-05-20', true],
      ['2027-05-14', 5, '2027-05-25', true],
    ],
  ],
])('due dates around %s', (_holiday, rows) => {
  it.each(rows)('from %s, %i working day(s): %s (provisional: %s)', async (from, workingDays, due, provisional) => {
    expect(await dueDate(from, workingDays, entity.code)).toEqual({ dueDate: due, provisional });
  });
});

describe('the national calendar is left as computed', () => {
  it.each<DueRow>([
    ['2026-05-26', 1, '2026-05-29', true], // Eid al-Adha 2026 on Wednesday 27 and Thursday 28
    ['2026-08-25', 1, '2026-08-28', true], // Mawlid 2026 on Wednesday 26 and Thursday 27
    ['2027-03-09', 1, '2027-03-12', true], // Eid al-Fitr 2027, not confirmed nationally
  ])('from %s, %i working day(s): %s (provisional: %s)', async (from, workingDays, due, provisional) => {
    expect(await dueDate(from, workingDays)).toEqual({ dueDate: due, provisional });
  });
});
