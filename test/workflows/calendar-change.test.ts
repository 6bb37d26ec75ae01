import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { addWorkingDays, nationalCalendar } from '../../domain/calendar/working-days.js';
import { calendarSignalsReceived } from '../calendar/calendar-support.js';
import { firstCountedDay, moroccanDate } from '../support/dates.js';
import { APPLICANT, createTestEntity, createTestService, startPlatform, type TestPlatform, staffHeaders } from '../support/platform.js';

let platform: TestPlatform;
let admin: Record<string, string>;

beforeAll(async () => {
  platform = await startPlatform();
  admin = await staffHeaders(platform.app, 'admin');
});
afterAll(() => platform?.close());

interface LiveMessage {
  type: string;
  event?: { type: string; payload: { reason?: { fr: string; ar: string; en: string }; dueAtBefore?: string; dueAt?: string } };
}

describe('a holiday declared while a case runs', () => {
  it('moves the due date of the running case, and the citizen sees why on the live channel', async () => {
    const entity = await createTestEntity(platform.prisma);
    const service = await createTestService(platform.prisma, { budget: { unit: 'working_days', amount: 5 } }, entity.id);
    const submitted = await platform.app.inject({ method: 'POST', url: '/api/v1/cases', payload: { serviceId: service.id, applicant: APPLICANT } });
    const c = submitted.json<{ caseId: string; trackingCode: string; accessToken: string; dueAt: string }>();

    const messages: LiveMessage[] = [];
    const socket: WebSocket = await platform.app.injectWS(
      `/api/v1/cases/${c.trackingCode}/live`,
      { headers: { authorization: `Bearer ${c.accessToken}` } },
      { onInit: (ws) => ws.on('message', (data) => messages.push(JSON.parse(String(data)) as LiveMessage)) },
    );

    // A one-off day off for this entity on the first working day the case counts.
    const dayOff = firstCountedDay();
    const declared = await platform.app.inject({
      method: 'PUT',
      url: `/api/v1/admin/calendar/holidays/${dayOff}`,
      headers: admin,
      payload: { name: { fr: 'Jour de deuil national', ar: 'يوم حداد وطني', en: 'Day of national mourning' }, kind: 'one_off', status: 'confirmed', entity: entity.code },
    });
    expect(declared.statusCode, declared.body).toBe(200);
    expect(declared.json()).toMatchObject({ casesNotified: 1 });

    const deadline = Date.now() + 15_000;
    while (!messages.some((m) => m.event?.type === 'due_recomputed') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const recomputed = messages.find((m) => m.event?.type === 'due_recomputed');
    expect(recomputed?.event?.payload.reason?.fr).toContain('Jour de deuil national');
    expect(recomputed?.event?.payload.dueAtBefore).toBe(c.dueAt);
    const before = moroccanDate(c.dueAt);
    const after = moroccanDate(recomputed!.event!.payload.dueAt!);
    const year = Number(before.slice(0, 4));
    expect(after).toBe(addWorkingDays(nationalCalendar([year, year + 1]), before, 1).date);

    const view = await platform.app.inject({ method: 'GET', url: `/api/v1/cases/${c.trackingCode}`, headers: { authorization: `Bearer ${c.accessToken}` } });
    expect(view.json<{ dueAt: string }>().dueAt).toBe(recomputed!.event!.payload.dueAt);
    expect(JSON.stringify(view.json<{ explanation: unknown }>().explanation)).toContain('Jour de deuil national');
    socket.terminate();
  });

  it('leaves the cases of other entities alone', async () => {
    const entity = await createTestEntity(platform.prisma);
    const other = await createTestEntity(platform.prisma);
    const service = await createTestService(platform.prisma, { budget: { unit: 'working_days', amount: 5 } }, other.id);
    const submitted = await platform.app.inject({ method: 'POST', url: '/api/v1/cases', payload: { serviceId: service.id, applicant: APPLICANT } });
    const c = submitted.json<{ caseId: string; dueAt: string }>();
    const dayOff = firstCountedDay();
    const declared = await platform.app.inject({
      method: 'PUT',
      url: `/api/v1/admin/calendar/holidays/${dayOff}`,
      headers: admin,
      payload: { name: 'Fermeture exceptionnelle', kind: 'one_off', status: 'confirmed', entity: entity.code },
    });
    // Completed: every case it concerned has been told, so the other entity's case would have been by now.
    expect(declared.json()).toMatchObject({ casesNotified: 0, propagation: { status: 'completed' } });
    const { workflowId } = await platform.prisma.case.findUniqueOrThrow({ where: { id: c.caseId } });
    expect(await calendarSignalsReceived(platform.temporal, workflowId)).toBe(0);
    const events = await platform.prisma.caseEvent.findMany({ where: { caseId: c.caseId } });
    expect(events.map((e) => e.type)).toEqual(['submitted']);
  });
});
