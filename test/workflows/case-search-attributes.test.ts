import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseIdKey, TrackingCodeKey } from '../../workflows/search-attributes.js';
import { createServiceThroughApi, secondsPolicy, secondsBudget } from '../support/catalogue.js';
import { APPLICANT, staffHeaders, startPlatform, type TestPlatform } from '../support/platform.js';
import { until } from '../support/until.js';

/*
 * An operator holding a tracking code (from a citizen on the phone) or a case id (from the staff
 * page or a log line) finds the case's workflow through Temporal's visibility, which is eventually
 * consistent: each look-up polls until the deadline.
 */
let platform: TestPlatform;

beforeAll(async () => {
  platform = await startPlatform();
});
afterAll(() => platform?.close());

async function workflowIdsWhere(query: string): Promise<string[]> {
  const ids: string[] = [];
  for await (const execution of platform.temporal.workflow.list({ query })) ids.push(execution.workflowId);
  return ids;
}

const found = (query: string) => until(() => workflowIdsWhere(query), (ids) => ids.length > 0, 30_000);

describe('a case workflow found by TrackingCode and CaseId', () => {
  it('is started with both attributes, so `TrackingCode = "KH-…"` and `CaseId = "…"` name its workflow', async () => {
    const serviceId = (await platform.prisma.service.findFirstOrThrow({ where: { code: 'CASIER-JUDICIAIRE' } })).id;
    const res = await platform.app.inject({ method: 'POST', url: '/api/v1/cases', payload: { serviceId, applicant: APPLICANT } });
    const { caseId, trackingCode } = res.json<{ caseId: string; trackingCode: string }>();
    const { workflowId } = (await until(() => platform.prisma.case.findUnique({ where: { id: caseId } }), (row) => row !== null))!;

    const description = await platform.temporal.workflow.getHandle(workflowId).describe();
    expect(description.typedSearchAttributes.get(TrackingCodeKey)).toBe(trackingCode);
    expect(description.typedSearchAttributes.get(CaseIdKey)).toBe(caseId);
    expect(await found(`TrackingCode = "${trackingCode}"`)).toEqual([workflowId]);
    expect(await found(`CaseId = "${caseId}"`)).toEqual([workflowId]);
    expect(await workflowIdsWhere(`TrackingCode = "KH-0000-0000-00"`)).toEqual([]);
  });

  it('is carried by a linked case the workflow opens itself (a complaint to the head of the institution), under its own code', async () => {
    const admin = await staffHeaders(platform.app, 'admin');
    const serviceId = await createServiceThroughApi(platform.app, admin, 'information_request', {
      answer: secondsPolicy(2, { extension: secondsBudget(30), silence: 'implicit_refusal', urgent: { budget: secondsBudget(20), extension: null } }),
      complaint_window: secondsPolicy(60),
      complaint_answer: secondsPolicy(60),
    });
    const submitted = await platform.app.inject({ method: 'POST', url: '/api/v1/cases', payload: { serviceId, applicant: APPLICANT, details: { subject: 'Budget 2025' } } });
    const c = submitted.json<{ caseId: string; trackingCode: string; accessToken: string }>();
    await until(() => platform.prisma.case.findUnique({ where: { id: c.caseId } }), (row) => row?.status === 'deemed_refused');
    const complained = await platform.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${c.trackingCode}/citizen-actions/complain`,
      headers: { authorization: `Bearer ${c.accessToken}` },
      payload: { reason: 'Aucune réponse.' },
    });
    expect(complained.statusCode, complained.body).toBe(200);
    const linked = (await until(() => platform.prisma.case.findFirst({ where: { originCaseId: c.caseId } }), (row) => row !== null))!;
    expect(linked.trackingCode).not.toBe(c.trackingCode);
    expect(await found(`TrackingCode = "${linked.trackingCode}"`)).toEqual([linked.workflowId]);
    expect(await found(`CaseId = "${linked.id}"`)).toEqual([linked.workflowId]);
  });
});
