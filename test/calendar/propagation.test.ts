import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { toLocalDate } from '../../domain/calendar/working-days.js';
import { APPLICANT, staffToken, startPlatform, type TestPlatform } from '../support/platform.js';
import { createTestEntity } from '../support/platform.js';

// The workflow's reaction to the signal is tested with the workflows; here: who gets told.

let platform: TestPlatform;
let admin: Record<string, string>;
let entity: { id: string; code: string };
let receipt: { caseId: string; dueAt: string };

beforeAll(async () => {
  platform = await startPlatform();
  admin = { authorization: `Bearer ${await staffToken(platform.app, 'admin')}` };
  entity = await createTestEntity(platform.prisma, 'CAL-P');
  const service = await platform.prisma.service.create({
    data: {
      entityId: entity.id,
      code: `CAL-${randomUUID().slice(0, 8)}`,
      caseType: 'document_request',
      name: 'Attestation de test',
      slaPolicy: { budget: { unit: 'working_days', amount: 10 }, legalBasis: 'Test', warnAt: [], escalation: [], extension: null, silence: 'none' },
    },
  });
  const res = await platform.app.inject({ method: 'POST', url: '/api/v1/cases', payload: { serviceId: service.id, applicant: APPLICANT } });
  expect(res.statusCode, res.body).toBe(201);
  receipt = res.json();
});
afterAll(() => platform?.close());

const today = () => toLocalDate(new Date().toISOString(), 'Africa/Casablanca');

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

async function calendarSignalsReceived(): Promise<number> {
  const row = await platform.prisma.case.findUniqueOrThrow({ where: { id: receipt.caseId } });
  const history = await platform.temporal.workflow.getHandle(row.workflowId).fetchHistory();
  return (history.events ?? []).filter((e) => e.workflowExecutionSignaledEventAttributes?.signalName === 'calendarChanged').length;
}

it('the due-date endpoint answers what a case of the entity got at submission', async () => {
  expect(await dueDate(today(), 10)).toBe(toLocalDate(receipt.dueAt, 'Africa/Casablanca'));
});

it("a day off before the case's due date reaches the running case of that entity, and only it", async () => {
  const nextWorkingDay = await dueDate(today(), 1);
  expect(await addDayOff(nextWorkingDay)).toMatchObject({ casesNotified: 1 });
  await expect.poll(calendarSignalsReceived).toBe(1);
});

it('a day off after its due date concerns no case', async () => {
  const due = toLocalDate(receipt.dueAt, 'Africa/Casablanca');
  const monthLater = new Date(Date.parse(`${due}T12:00:00Z`) + 30 * 86_400_000).toISOString().slice(0, 10);
  expect(await addDayOff(monthLater)).toMatchObject({ casesNotified: 0 });
  expect(await calendarSignalsReceived()).toBe(1);
});
