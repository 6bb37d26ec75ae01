import { describe, expect, it } from 'vitest';
import { CASE_TYPES } from '../../../domain/cases/case-type.js';
import { parseIsoDuration } from '../../../domain/sla/clock.js';
import { defaultPolicy } from '../../../domain/sla/default-policies.js';
import { validateSlaPolicy, type SlaPolicy } from '../../../domain/sla/policy.js';

describe('parseIsoDuration', () => {
  it.each([
    ['PT2S', 2_000],
    ['PT0.5S', 500],
    ['PT1,25S', 1_250],
    ['PT1H30M', 5_400_000],
    ['P2D', 172_800_000],
    ['P1W', 604_800_000],
    ['P1DT2H', 93_600_000],
  ])('reads %s as %i ms', (iso, ms) => {
    expect(parseIsoDuration(iso)).toBe(ms);
  });

  it.each(['', 'P', 'PT', '2S', 'PT-1S', 'pt2s', 'PT1.2345S', 'PT2S ', 'P1DT'])('refuses %j', (iso) => {
    expect(() => parseIsoDuration(iso)).toThrow(/not an ISO 8601 duration/);
  });

  it('refuses years and months, which have no fixed length', () => {
    expect(() => parseIsoDuration('P1Y')).toThrow(/years or months/);
    expect(() => parseIsoDuration('P1M')).toThrow(/years or months/);
  });
});

function validPolicy(): SlaPolicy {
  return {
    budget: { unit: 'working_days', amount: 20 },
    legalBasis: 'Loi 31-13',
    warnAt: [0.5, 0.75, 0.9],
    escalation: [{ after: { days: 2 }, notify: 'head_of_service' }],
    extension: { unit: 'working_days', amount: 20 },
    silence: 'implicit_refusal',
  };
}

describe('validateSlaPolicy', () => {
  it('accepts a policy and returns a clean copy without unknown fields', () => {
    const raw = { ...validPolicy(), comment: 'imported' };
    const checked = validateSlaPolicy(JSON.parse(JSON.stringify(raw)));
    expect(checked).toEqual(validPolicy());
    expect('comment' in checked).toBe(false);
  });

  it('keeps an internal target shorter than the legal budget, and leaves it out when absent or null', () => {
    expect(validateSlaPolicy({ ...validPolicy(), internalTarget: { unit: 'working_days', amount: 8 } }).internalTarget).toEqual({ unit: 'working_days', amount: 8 });
    expect('internalTarget' in validateSlaPolicy({ ...validPolicy(), internalTarget: null })).toBe(false);
    expect('internalTarget' in validateSlaPolicy(validPolicy())).toBe(false);
  });

  it('accepts a duration budget with ISO escalation steps and no extension', () => {
    const policy = { ...validPolicy(), budget: { unit: 'duration', iso: 'PT5S' }, escalation: [{ after: { iso: 'PT2S' }, notify: 'manager' }] };
    expect(validateSlaPolicy({ ...policy, extension: undefined }).extension).toBeNull();
  });

  it.each<[string, (p: Record<string, unknown>) => unknown, RegExp]>([
    ['a non-object', () => 'twenty days', /policy must be an object/],
    ['a zero budget', (p) => ({ ...p, budget: { unit: 'working_days', amount: 0 } }), /budget\.amount/],
    ['a fractional budget', (p) => ({ ...p, budget: { unit: 'calendar_days', amount: 2.5 } }), /budget\.amount/],
    ['an unknown unit', (p) => ({ ...p, budget: { unit: 'weeks', amount: 2 } }), /budget\.unit/],
    ['a bad duration', (p) => ({ ...p, budget: { unit: 'duration', iso: '5 seconds' } }), /budget\.iso/],
    ['no legal basis', (p) => ({ ...p, legalBasis: ' ' }), /legalBasis/],
    ['a warning at 100 %', (p) => ({ ...p, warnAt: [0.5, 1] }), /warnAt\[1\]/],
    ['warnings out of order', (p) => ({ ...p, warnAt: [0.75, 0.5] }), /ascending/],
    ['an unknown role', (p) => ({ ...p, escalation: [{ after: { days: 1 }, notify: 'minister' }] }), /escalation\[0\]\.notify/],
    ['a negative delay', (p) => ({ ...p, escalation: [{ after: { days: -1 }, notify: 'manager' }] }), /after\.days/],
    [
      'days after a duration budget',
      (p) => ({ ...p, budget: { unit: 'duration', iso: 'PT5S' }, extension: null, escalation: [{ after: { days: 1 }, notify: 'manager' }] }),
      /must be \{ iso \}/,
    ],
    ['an extension in another unit', (p) => ({ ...p, extension: { unit: 'calendar_days', amount: 20 } }), /extension\.unit/],
    ['an unknown silence effect', (p) => ({ ...p, silence: 'maybe' }), /silence/],
    ['an internal target in another unit', (p) => ({ ...p, internalTarget: { unit: 'calendar_days', amount: 5 } }), /internalTarget\.unit/],
    ['an internal target as long as the legal budget', (p) => ({ ...p, internalTarget: { unit: 'working_days', amount: 20 } }), /internalTarget must be shorter/],
    ['an internal target of zero days', (p) => ({ ...p, internalTarget: { unit: 'working_days', amount: 0 } }), /internalTarget\.amount/],
    [
      'a duration internal target longer than the budget',
      (p) => ({ ...p, budget: { unit: 'duration', iso: 'PT5S' }, extension: null, escalation: [], internalTarget: { unit: 'duration', iso: 'PT6S' } }),
      /internalTarget must be shorter/,
    ],
  ])('refuses %s with a clear message', (_, mutate, message) => {
    expect(() => validateSlaPolicy(mutate(validPolicy() as unknown as Record<string, unknown>))).toThrow(message);
  });
});

describe('defaultPolicy', () => {
  it('gives every case type a valid policy', () => {
    for (const kind of [...CASE_TYPES, 'information_request_urgent', 'investment_act', 'complaint_acknowledgement'] as const) {
      expect(validateSlaPolicy(defaultPolicy(kind))).toEqual(defaultPolicy(kind));
    }
  });

  it('follows the legal defaults', () => {
    expect(defaultPolicy('information_request')).toMatchObject({
      budget: { unit: 'working_days', amount: 20 },
      extension: { unit: 'working_days', amount: 20 },
      silence: 'implicit_refusal',
    });
    expect(defaultPolicy('information_request_urgent').budget).toEqual({ unit: 'working_days', amount: 3 });
    expect(defaultPolicy('complaint').budget).toEqual({ unit: 'calendar_days', amount: 60 });
    expect(defaultPolicy('complaint_acknowledgement').budget).toEqual({ unit: 'calendar_days', amount: 15 });
    expect(defaultPolicy('document_request').budget).toEqual({ unit: 'calendar_days', amount: 60 });
    expect(defaultPolicy('investment_act').budget).toEqual({ unit: 'calendar_days', amount: 30 });
    expect(defaultPolicy('legal_consultation').budget).toEqual({ unit: 'working_days', amount: 15 });
    expect(defaultPolicy('appointment').budget).toEqual({ unit: 'working_days', amount: 2 });
  });

  it('hands out independent copies', () => {
    const first = defaultPolicy('complaint');
    first.warnAt.push(0.95);
    (first.escalation[0] as { after: { days: number } }).after.days = 99;
    expect(defaultPolicy('complaint').warnAt).toEqual([0.5, 0.75, 0.9]);
    expect(defaultPolicy('complaint').escalation[0]?.after).toEqual({ days: 2 });
  });
});
