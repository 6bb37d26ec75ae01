import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPLICANT, staffToken, startPlatform, type TestPlatform } from '../support/platform.js';

let platform: TestPlatform;

beforeAll(async () => {
  platform = await startPlatform();
});
afterAll(() => platform?.close());

describe('a worker that dies in the middle of a case', () => {
  it('leaves the case to continue when a worker comes back, with no event lost or written twice', async () => {
    const service = await platform.prisma.service.findFirstOrThrow({ where: { code: 'CASIER-JUDICIAIRE' } });
    const submitted = await platform.app.inject({ method: 'POST', url: '/api/v1/cases', payload: { serviceId: service.id, applicant: APPLICANT } });
    const { caseId } = submitted.json<{ caseId: string }>();
    const handler = { authorization: `Bearer ${await staffToken(platform.app, 'handler')}` };
    const act = (action: string) => platform.app.inject({ method: 'POST', url: `/api/v1/cases/${caseId}/actions/${action}`, headers: handler });
    expect((await act('claim')).statusCode).toBe(200);

    await platform.stopWorker();
    // The step is accepted by Temporal only once a worker validates it: send it while none runs.
    const pending = act('approve');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await platform.startWorker();
    const approved = await pending;
    expect(approved.statusCode).toBe(200);
    expect(approved.json().status).toBe('in_production');

    expect((await act('mark_ready')).statusCode).toBe(200);
    const events = await platform.prisma.caseEvent.findMany({ where: { caseId }, orderBy: { id: 'asc' } });
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(events.map((e) => e.status)).toEqual(['submitted', 'in_review', 'in_production', 'ready']);
  });
});
