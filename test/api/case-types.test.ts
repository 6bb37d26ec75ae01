import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlatform, type TestPlatform } from '../support/platform.js';

let platform: TestPlatform;

beforeAll(async () => {
  platform = await startPlatform();
});
afterAll(() => platform?.close());

describe('GET /api/v1/case-types', () => {
  it('serves every definition: statuses with labels for both audiences and outcomes, actions with labels and payload schemas, clocks', async () => {
    const res = await platform.app.inject({ method: 'GET', url: '/api/v1/case-types' });
    expect(res.statusCode).toBe(200);
    const documentRequest = res.json<{ items: Array<Record<string, unknown>> }>().items.find((t) => t.caseType === 'document_request');
    expect(documentRequest).toMatchObject({
      workflowType: 'documentRequest',
      label: { fr: 'Demande de document', ar: 'طلب وثيقة', en: 'Document request' },
      clocks: [{ name: 'decision', fromSubmission: true, window: false, label: { fr: 'Délai de réponse', ar: 'أجل الجواب', en: 'Time to answer' } }],
      submission: { details: { type: 'object' } },
    });
    const statuses = documentRequest!.statuses as Array<Record<string, unknown>>;
    expect(statuses.find((s) => s.status === 'awaiting_citizen')).toMatchObject({
      labels: { citizen: { fr: 'En attente de vos compléments' }, staff: { fr: 'En attente du demandeur' } },
      terminal: false,
      outcome: null,
    });
    expect(statuses.filter((s) => s.terminal).map((s) => [s.status, s.outcome])).toEqual([
      ['closed', 'granted'],
      ['rejected', 'refused'],
      ['withdrawn', 'withdrawn'],
      ['deemed_accepted', 'deemed_accepted'],
    ]);
    const actions = documentRequest!.actions as Array<Record<string, unknown>>;
    expect(actions.find((a) => a.action === 'request_info')).toMatchObject({
      by: 'staff',
      from: ['in_review'],
      to: 'awaiting_citizen',
      label: { fr: 'Demander des compléments', ar: 'طلب معلومات إضافية', en: 'Request information' },
      payload: { type: 'object', required: ['message'] },
    });
    expect(actions.find((a) => a.action === 'reject')).toMatchObject({ tone: 'danger', payload: { required: ['reason'] } });
    expect(actions.find((a) => a.action === 'withdraw')).toMatchObject({ by: 'citizen', label: { en: 'Withdraw my request' } });
    // Statistics count finished cases by outcome: every outcome a status can end with is named.
    const outcomes = res.json<{ outcomes: Array<{ outcome: string; label: Record<string, string> }> }>().outcomes;
    const ending = new Set(res.json<{ items: Array<{ statuses: Array<{ outcome: string | null }> }> }>().items.flatMap((t) => t.statuses.map((s) => s.outcome)));
    ending.delete(null);
    ending.delete('as_decided');
    expect(outcomes.map((o) => o.outcome)).toEqual(expect.arrayContaining([...ending]));
    expect(outcomes.find((o) => o.outcome === 'deemed_refused')?.label).toEqual({ fr: 'Réputé refusé (silence)', ar: 'مرفوض ضمنيا (السكوت)', en: 'Deemed refused (no answer)' });
  });
});
