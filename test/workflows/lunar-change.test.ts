import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isWorkingDay, nationalCalendar, workingDaysBetween } from '../../domain/calendar/working-days.js';
import { EID_AL_FITR, type ChangeAnswer } from '../calendar/calendar-support.js';
import { addDays, moroccanDate, today } from '../support/dates.js';
import { APPLICANT, createTestEntity, createTestService, startPlatform, type TestPlatform, staffHeaders } from '../support/platform.js';

/*
 * A case submitted today whose budget runs across the next Eid al-Fitr whose two days are both
 * working days but for the Eid itself, computed and provisional until announced. Each test has
 * an entity of its own, whose administrator announces that Eid for it alone.
 */

/** The next such Eid al-Fitr after today, and a budget in working days that ends ten working days after it. */
function eidAcrossTheBudget() {
  const from = today();
  const year = Number(from.slice(0, 4));
  const calendar = nationalCalendar([year, year + 1, year + 2]);
  const eids = calendar.holidays.filter((h) => h.key.startsWith('eid_al_fitr-') && h.date > from);
  const key = [...new Set(eids.map((h) => h.key))].find((k) => {
    // Without this Eid, would its days be worked? Not on a weekend, nor on another holiday (Amazigh New Year 2032).
    const withoutIt = { ...calendar, holidays: calendar.holidays.filter((h) => h.key !== k) };
    return eids.filter((h) => h.key === k).every((h) => isWorkingDay(withoutIt, h.date));
  });
  if (!key) throw new Error(`no Eid al-Fitr on two working days between ${from} and the end of ${year + 2}`);
  const days = eids.filter((h) => h.key === key).map((h) => h.date);
  return { from, eidDays: days, eidKey: key, budget: workingDaysBetween(calendar, from, days.at(-1)!) + 10 };
}

let platform: TestPlatform;
let admin: Record<string, string>;

beforeAll(async () => {
  platform = await startPlatform();
  admin = await staffHeaders(platform.app, 'admin');
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

async function runningCase(entityId: string, budget: number) {
  const service = await createTestService(platform.prisma, { budget: { unit: 'working_days', amount: budget } }, entityId);
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
  return res.json<ChangeAnswer>();
}

const skippedOn = (days: string[], explanation: Explanation) => explanation.skipped.filter((s) => days.includes(s.date));

describe('Eid al-Fitr announced while a case runs across it', () => {
  it('moved beyond the due date: the due date comes two working days earlier, and the timeline says why', async () => {
    const { from, eidDays, eidKey, budget } = eidAcrossTheBudget();
    const entity = await createTestEntity(platform.prisma);
    const { receipt, view } = await runningCase(entity.id, budget);
    const dueBefore = await dueDate(from, budget, entity.code);
    expect(moroccanDate(receipt.dueAt)).toBe(dueBefore);
    expect(dueBefore > eidDays.at(-1)!).toBe(true);
    // Its two days (both working days but for it) counted again, the budget's last working day is the one two before.
    const expected = await dueDate(from, budget - 2, entity.code);

    const announced = await announceEid(addDays(dueBefore, 7), entity.code, { key: eidKey });
    expect(announced).toMatchObject({ change: 'moved', casesNotified: 1 });
    expect(await dueDate(from, budget, entity.code)).toBe(expected);

    await expect.poll(async () => moroccanDate((await view()).dueAt), { timeout: 15_000 }).toBe(expected);
    const { timeline, explanation } = await view();
    const recomputed = timeline.filter((e) => e.type === 'due_recomputed');
    expect(recomputed).toHaveLength(1);
    expect(recomputed[0]!.payload).toMatchObject({ dueAtBefore: receipt.dueAt });
    expect(moroccanDate(recomputed[0]!.payload.dueAt!)).toBe(expected);
    expect(recomputed[0]!.payload.reason?.fr).toMatch(/^Jour férié déplacé : Aïd al-Fitr/);
    expect(recomputed[0]!.payload.reason?.en).toMatch(/^Public holiday moved: Eid al-Fitr/);
    expect(skippedOn(eidDays, explanation)).toEqual([]);
  });

  it('confirmed on its computed days: the due date stays, and the case records that its explanation is no longer provisional', async () => {
    const { eidDays, budget } = eidAcrossTheBudget();
    const entity = await createTestEntity(platform.prisma);
    const { receipt, view } = await runningCase(entity.id, budget);
    expect(skippedOn(eidDays, receipt.explanation)).toEqual(eidDays.map((date) => expect.objectContaining({ date, reason: 'holiday', provisional: true })));
    expect(receipt.explanation.text.en).toMatch(/provisional/);

    expect(await announceEid(eidDays[0]!, entity.code)).toMatchObject({ change: 'confirmed', casesNotified: 1 });

    await expect.poll(async () => (await view()).timeline.filter((e) => e.type === 'due_recomputed').length, { timeout: 15_000 }).toBe(1);
    const { dueAt, explanation, timeline } = await view();
    expect(dueAt).toBe(receipt.dueAt);
    expect(timeline.find((e) => e.type === 'due_recomputed')!.payload.reason?.fr).toBe(
      `Jour férié confirmé : Aïd al-Fitr (${eidDays.join(', ')})`,
    );
    expect(skippedOn(eidDays, explanation)).toEqual(eidDays.map((date) => ({ date, reason: 'holiday', name: EID_AL_FITR })));
    expect(explanation.text.en).not.toMatch(/provisional/);
  });
});
