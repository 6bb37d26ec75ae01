import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { addDays, moroccanDate, today } from '../support/dates.js';
import { APPLICANT, createTestEntity, startPlatform, type TestPlatform, staffHeaders } from '../support/platform.js';
import { calendarSignalsReceived } from './calendar-support.js';

// The workflow's reaction to the signal is tested with the workflows; here: who gets told.

let platform: TestPlatform;
let admin: Record<string, string>;
let entity: { id: string; code: string };
let receipt: { caseId: string; dueAt: string };

beforeAll(async () => {
  platform = await startPlatform();
  admin = await staffHeaders(platform.app, 'admin');
  entity = await createTestEntity(platform.prisma, 'CAL-P');
  const service = await platform.prisma.service.create({
    data: {
      entityId: entity.id,
      code: `CAL-${randomUUID().slice(0, 8)}`,
      caseType: 'document_request',
      name: 'Attestation de test',
      clocks: { decision: { budget: { unit: 'working_days', amount: 10 }, legalBasis: 'Test', warnAt: [], escalation: [], extension: null, silence: 'none' } },
    },
  });
  const res = await platform.app.inject({ method: 'POST', url: '/api/v1/cases', payload: { serviceId: service.id, applicant: APPLICANT } });
  expect(res.statusCode, res.body).toBe(201);
  receipt = res.json();
});
afterAll(() => platform?.close());

async function dueDate(from: string, workingDays: number): Promise<string> {
  const res = await platform.app.inject({ method: 'GET', url: `/api/v1/calendar/due-date?from=${from}&workingDays=${workingDays}&entity=${entity.code}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ dueDate: string }>().dueDate;
}

async function addDayOff(date: string): Promise<{ casesNotified: number }> {
  const res = await platform.app.inject({
    method: 'PUT',
    url: `/api/v1/admin/calendar/holidays/${date}`,
    headers: admin,
    payload: { name: 'Fermeture exceptionnelle', kind: 'one_off', status: 'confirmed', entity: entity.code },
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

async function signalsToTheCase(): Promise<number> {
  const row = await platform.prisma.case.findUniqueOrThrow({ where: { id: receipt.caseId } });
  return calendarSignalsReceived(platform.temporal, row.workflowId);
}

it('the due-date endpoint answers what a case of the entity got at submission', async () => {
  expect(await dueDate(today(), 10)).toBe(moroccanDate(receipt.dueAt));
});

it("a day off before the case's due date reaches the running case of that entity, and only it", async () => {
  const nextWorkingDay = await dueDate(today(), 1);
  expect(await addDayOff(nextWorkingDay)).toMatchObject({ casesNotified: 1 });
  await expect.poll(signalsToTheCase).toBe(1);
});

it('a day off after its due date concerns no case', async () => {
  const monthLater = addDays(moroccanDate(receipt.dueAt), 30);
  expect(await addDayOff(monthLater)).toMatchObject({ casesNotified: 0 });
  expect(await signalsToTheCase()).toBe(1);
});
