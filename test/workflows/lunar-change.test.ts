import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { moroccanHolidays } from '../../domain/calendar/moroccan-holidays.js';
import { isWorkingDay, nationalCalendar, toLocalDate, workingDaysBetween } from '../../domain/calendar/working-days.js';
import { APPLICANT, createTestEntity, createTestService, staffToken, startPlatform, type TestPlatform } from '../support/platform.js';

/*
 * A case submitted today whose budget runs across the next Eid al-Fitr that falls on two weekdays,
 * computed and provisional until announced. Each test has an entity of its own, whose
 * administrator announces that Eid for it alone.
 */

const EID_AL_FITR = { fr: 'Aïd al-Fitr', ar: 'عيد الفطر', en: 'Eid al-Fitr' };
const local = (instant: string) => toLocalDate(instant, 'Africa/Casablanca');
const today = () => local(new Date().toISOString());

const { EID_DAYS, EID_KEY, BUDGET } = (() => {
  const year = Number(today().slice(0, 4));
  const years = [year, year + 1, year + 2];
  const calendar = nationalCalendar(years);
  const eids = years.flatMap(moroccanHolidays).filter((h) => h.key.startsWith('eid_al_fitr-') && h.date > today());
  const keys = [...new Set(eids.map((h) => h.key))];
  const key = keys.find((k) => eids.filter((h) => h.key === k).every((h) => isWorkingDay({ ...calendar, holidays: [] }, h.date)));
  if (!key) throw new Error('no Eid al-Fitr on two weekdays in the next two years');
  const days = eids.filter((h) => h.key === key).map((h) => h.date);
  // Ten working days past the Eid: the case is due after it, within the years a case loads.
  return { EID_DAYS: days, EID_KEY: key, BUDGET: workingDaysBetween(calendar, today(), days.at(-1)!) + 10 };
})();

let platform: TestPlatform;
let admin: Record<string, string>;

beforeAll(async () => {
  platform = await startPlatform();
  admin = { authorization: `Bearer ${await staffToken(platform.app, 'admin')}` };
});
afterAll(() => platform?.close());

interface Skipped {
  date: string;
  reason: string;
  provisional?: boolean;
}
interface Explanation {
  skipped: Skipped[];
  text: { en: string };
}
interface CitizenCase {
  dueAt: string;
  explanation: Explanation;
  timeline: { type: string; payload: { reason?: { fr: string; en: string }; dueAtBefore?: string; dueAt?: string } }[];
}

async function runningCase(entityId: string) {
  const service = await createTestService(platform.prisma, { budget: { unit: 'working_days', amount: BUDGET } }, entityId);
  const res = await platform.app.inject({ method: 'POST', url: '/api/v1/cases', payload: { serviceId: service.id, applicant: APPLICANT } });
  expect(res.statusCode, res.body).toBe(201);
  const receipt = res.json<{ trackingCode: string; accessToken: string; dueAt: string; explanation: Explanation }>();
  const view = async () => {
    const found = await platform.app.inject({
      method: 'GET',
      url: `/api/v1/cases/${receipt.trackingCode}`,
      headers: { authorization: `Bearer ${receipt.accessToken}` },
    });
    expect(found.statusCode, found.body).toBe(200);
    return found.json<CitizenCase>();
  };
  return { receipt, view };
}

async function dueDate(from: string, workingDays: number, entity: string): Promise<string> {
  const res = await platform.app.inject({ method: 'GET', url: `/api/v1/calendar/due-date?from=${from}&workingDays=${workingDays}&entity=${entity}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ dueDate: string }>().dueDate;
}

async function announceEid(date: string, entity: string, extra: Record<string, unknown> = {}) {
  const res = await platform.app.inject({
    method: 'PUT',
    url: `/api/v1/admin/calendar/holidays/${date}`,
    headers: admin,
    payload: { name: EID_AL_FITR, kind: 'lunar', status: 'confirmed', entity, ...extra },
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ change: string; casesNotified: number | null }>();
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

const eidSkipped = (explanation: Explanation) => explanation.skipped.filter((s) => EID_DAYS.includes(s.date));

describe('Eid al-Fitr announced while a case runs across it', () => {
  it('moved beyond the due date: the due date comes two working days earlier, and the timeline says why', async () => {
    const entity = await createTestEntity(platform.prisma);
    const { receipt, view } = await runningCase(entity.id);
    const dueBefore = await dueDate(today(), BUDGET, entity.code);
    expect(local(receipt.dueAt)).toBe(dueBefore);
    expect(dueBefore > EID_DAYS.at(-1)!).toBe(true);
    // Without the two days of Eid (both weekdays), the 90th working day is the 88th of the calendar as it stands.
    const expected = await dueDate(today(), BUDGET - 2, entity.code);

    const announced = await announceEid(addDays(dueBefore, 7), entity.code, { key: EID_KEY });
    expect(announced).toMatchObject({ change: 'moved', casesNotified: 1 });
    expect(await dueDate(today(), BUDGET, entity.code)).toBe(expected);

    await expect.poll(async () => local((await view()).dueAt), { timeout: 15_000 }).toBe(expected);
    const { timeline, explanation } = await view();
    const recomputed = timeline.filter((e) => e.type === 'due_recomputed');
    expect(recomputed).toHaveLength(1);
    expect(recomputed[0]!.payload).toMatchObject({ dueAtBefore: receipt.dueAt });
    expect(local(recomputed[0]!.payload.dueAt!)).toBe(expected);
    expect(recomputed[0]!.payload.reason?.fr).toMatch(/^Jour férié déplacé : Aïd al-Fitr/);
    expect(recomputed[0]!.payload.reason?.en).toMatch(/^Public holiday moved: Eid al-Fitr/);
    expect(eidSkipped(explanation)).toEqual([]);
  });

  it('confirmed on its computed days: the due date stays, and the case records that its explanation is no longer provisional', async () => {
    const entity = await createTestEntity(platform.prisma);
    const { receipt, view } = await runningCase(entity.id);
    expect(eidSkipped(receipt.explanation)).toEqual(EID_DAYS.map((date) => expect.objectContaining({ date, reason: 'holiday', provisional: true })));
    expect(receipt.explanation.text.en).toMatch(/provisional/);

    expect(await announceEid(EID_DAYS[0]!, entity.code)).toMatchObject({ change: 'confirmed', casesNotified: 1 });

    await expect.poll(async () => (await view()).timeline.filter((e) => e.type === 'due_recomputed').length, { timeout: 15_000 }).toBe(1);
    const { dueAt, explanation, timeline } = await view();
    expect(dueAt).toBe(receipt.dueAt);
    expect(timeline.find((e) => e.type === 'due_recomputed')!.payload.reason?.fr).toBe(
      `Jour férié confirmé : Aïd al-Fitr (${EID_DAYS.join(', ')})`,
    );
    expect(eidSkipped(explanation)).toEqual(EID_DAYS.map((date) => ({ date, reason: 'holiday', name: EID_AL_FITR })));
    expect(explanation.text.en).not.toMatch(/provisional/);
  });
});
