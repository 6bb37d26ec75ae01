import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServiceThroughApi, secondsPolicy } from '../support/catalogue.js';
import { APPLICANT, startPlatform, staffHeaders, type TestPlatform } from '../support/platform.js';
import { startTestTemporal, type TestTemporal } from '../support/temporal.js';

/*
 * A long case hands its state to a fresh run when Temporal suggests it. A Temporal server of its
 * own suggests it after a few dozen history events (instead of thousands), so one case with a few
 * steps crosses several runs: nothing of it may be lost — status, clocks and their pauses, the
 * actions taken, the event sequence, and the timers still running.
 */
let server: TestTemporal;
let platform: TestPlatform;
let admin: Record<string, string>;
let handler: Record<string, string>;

beforeAll(async () => {
  server = await startTestTemporal({ 'limit.historyCount.suggestContinueAsNew': 25 });
  platform = await startPlatform({ temporal: { address: server.address, namespace: server.namespace } });
  admin = await staffHeaders(platform.app, 'admin');
  handler = await staffHeaders(platform.app, 'handler');
}, 120_000);
afterAll(async () => {
  await platform?.close();
  await server?.stop();
});

describe('a case whose history grows long', () => {
  it('continues as new, several times, and runs on exactly where it stood', async () => {
    const serviceId = await createServiceThroughApi(platform.app, admin, 'complaint', {
      answer: secondsPolicy(600),
      acknowledgement: secondsPolicy(600),
      reopen_window: secondsPolicy(4),
    });
    const submitted = await platform.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      payload: { serviceId, applicant: APPLICANT, details: { kind: 'reclamation', subject: 'Guichet', description: 'Longue attente.' } },
    });
    expect(submitted.statusCode, submitted.body).toBe(201);
    const c = submitted.json<{ caseId: string; trackingCode: string; accessToken: string }>();
    const citizen = { authorization: `Bearer ${c.accessToken}` };
    const staff = (action: string, payload: object = {}) =>
      platform.app.inject({ method: 'POST', url: `/api/v1/cases/${c.caseId}/actions/${action}`, headers: handler, payload });
    const byCitizen = (action: string, payload: object = {}) =>
      platform.app.inject({ method: 'POST', url: `/api/v1/cases/${c.trackingCode}/citizen-actions/${action}`, headers: citizen, payload });

    for (const [step, payload] of [
      ['claim', {}],
      ['acknowledge', { message: 'Bien reçu.' }],
      ['answer', { message: 'Première réponse.' }],
    ] as const) {
      expect((await staff(step, payload)).statusCode, step).toBe(200);
    }
    const rated = await byCitizen('rate', { rating: 2 });
    expect(rated.statusCode, rated.body).toBe(200);
    expect((await byCitizen('reopen', { reason: 'Insuffisant.' })).statusCode).toBe(200);
    // The rating was taken in an earlier run: it is still known, and refused a second time.
    const second = await staff('answer', { message: 'Seconde réponse.' });
    expect(second.statusCode, second.body).toBe(200);
    const again = await byCitizen('rate', { rating: 5 });
    expect(again.statusCode).toBe(409);

    // The reopening window, started in a later run, still closes the case by its timer.
    const workflowId = (await platform.prisma.case.findUniqueOrThrow({ where: { id: c.caseId } })).workflowId;
    const result = await platform.temporal.workflow.getHandle(workflowId).result();
    expect(result).toMatchObject({ status: 'closed', outcome: 'answered' });

    const runs = [];
    for await (const execution of platform.temporal.workflow.list({ query: `WorkflowId = '${workflowId}'` })) runs.push(execution.runId);
    expect(runs.length).toBeGreaterThan(1);
    // Every run keeps the case's identity: an operator finds them all from the tracking code.
    const runsOf = async (query: string) => {
      const found: string[] = [];
      for await (const execution of platform.temporal.workflow.list({ query })) found.push(execution.runId);
      return found.sort();
    };
    const deadline = Date.now() + 15_000;
    let byCode = await runsOf(`TrackingCode = "${c.trackingCode}" AND CaseId = "${c.caseId}"`);
    // Visibility is eventually consistent.
    while (byCode.length < runs.length && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      byCode = await runsOf(`TrackingCode = "${c.trackingCode}" AND CaseId = "${c.caseId}"`);
    }
    expect(byCode).toEqual([...runs].sort());

    const events = await platform.prisma.caseEvent.findMany({ where: { caseId: c.caseId }, orderBy: { seq: 'asc' } });
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events.filter((e) => e.type === 'transition').map((e) => (e.payload as { action: string }).action)).toEqual([
      'claim',
      'acknowledge',
      'answer',
      'rate',
      'reopen',
      'answer',
      'close_after_window',
    ]);
    const row = await platform.prisma.case.findUniqueOrThrow({ where: { id: c.caseId }, include: { clocks: true } });
    expect(row).toMatchObject({ status: 'closed', outcome: 'answered', lastSeq: events.length });
    expect(row.clocks.find((k) => k.clock === 'answer')?.state).toBe('stopped');
  });
});
