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

    // The read model of cases this service finished recently: each ended as told, after so many hours.
    const now = Date.now();
    const finished = (ended: { status: string; outcome: string; hours: number; lastSeq: number }) => {
      const submittedAt = new Date(now - 3 * 86_400_000);
      return {
        id: randomUUID(),
        workflowId: `history-${randomUUID()}`,
        trackingCode: `HIST-${randomUUID()}`,
        caseType: 'document_request',
        entityId: service.entityId,
        serviceId: service.id,
        status: ended.status,
        outcome: ended.outcome,
        applicant: {},
        submittedAt,
        updatedAt: submittedAt,
        closedAt: new Date(submittedAt.getTime() + ended.hours * 3_600_000),
        lastSeq: ended.lastSeq,
      };
    };
    // 25 delivered, taking 1 to 25 hours each; 5 refused within minutes, which say nothing of how long a delivery takes.
    await platform.prisma.case.createMany({
      data: [
        ...Array.from({ length: 25 }, (_, i) => finished({ status: 'closed', outcome: 'granted', hours: i + 1, lastSeq: 8 })),
        ...Array.from({ length: 5 }, () => finished({ status: 'rejected', outcome: 'refused', hours: 0.02, lastSeq: 3 })),
      ],
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
