import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPLICANT, createTestService, startPlatform, type TestPlatform } from '../support/platform.js';

let platform: TestPlatform;

beforeAll(async () => {
  platform = await startPlatform();
});
afterAll(() => platform?.close());

interface Receipt {
  caseId: string;
  trackingCode: string;
  accessToken: string;
  dueAt: string;
  estimate: { at: string; basis: string; sampleSize: number };
}

describe('the two dates a citizen is given', () => {
  it('gives the legal maximum until enough cases closed, then the p90 of recent processing times', async () => {
    const service = await createTestService(platform.prisma, { budget: { unit: 'working_days', amount: 15 } });
    const submit = async () =>
      (await platform.app.inject({ method: 'POST', url: '/api/v1/cases', payload: { serviceId: service.id, applicant: APPLICANT } })).json<Receipt>();

    const early = await submit();
    expect(early.estimate).toEqual({ at: early.dueAt, basis: 'legal_maximum', sampleSize: 0 });

    // The read model of 25 cases this service closed recently, taking 1 to 25 hours each.
    const now = Date.now();
    await platform.prisma.case.createMany({
      data: Array.from({ length: 25 }, (_, i) => {
        const submittedAt = new Date(now - 3 * 86_400_000);
        return {
          id: randomUUID(),
          workflowId: `history-${randomUUID()}`,
          trackingCode: `HIST-${randomUUID()}`,
          caseType: 'document_request',
          entityId: service.entityId,
          serviceId: service.id,
          status: 'closed',
          outcome: 'granted',
          applicant: {},
          submittedAt,
          updatedAt: submittedAt,
          closedAt: new Date(submittedAt.getTime() + (i + 1) * 3_600_000),
          lastSeq: 8,
        };
      }),
    });
    // Cases that ended otherwise (refused, withdrawn) say nothing of how long a delivery takes.
    await platform.prisma.case.createMany({
      data: Array.from({ length: 5 }, () => ({
        id: randomUUID(),
        workflowId: `history-${randomUUID()}`,
        trackingCode: `HIST-${randomUUID()}`,
        caseType: 'document_request',
        entityId: service.entityId,
        serviceId: service.id,
        status: 'rejected',
        outcome: 'refused',
        applicant: {},
        submittedAt: new Date(now - 3 * 86_400_000),
        updatedAt: new Date(now - 3 * 86_400_000),
        closedAt: new Date(now - 3 * 86_400_000 + 60_000),
        lastSeq: 3,
      })),
    });

    const later = await submit();
    expect(later.estimate.basis).toBe('recent_cases');
    expect(later.estimate.sampleSize).toBe(25);
    const row = await platform.prisma.case.findUniqueOrThrow({ where: { id: later.caseId } });
    // percentile_cont(0.9) over 1..25 hours = 22.6 hours
    expect(Date.parse(later.estimate.at) - row.submittedAt.getTime()).toBeCloseTo(22.6 * 3_600_000, -3);

    const view = await platform.app.inject({
      method: 'GET',
      url: `/api/v1/cases/${later.trackingCode}`,
      headers: { authorization: `Bearer ${later.accessToken}` },
    });
    expect(view.json()).toMatchObject({ dueAt: later.dueAt, estimate: later.estimate });
  });
});
