import { describe, expect, it } from 'vitest';
import { effectPossible } from '../../../domain/lifecycle/effect-readiness.js';

describe('effectPossible', () => {
  const now = '2027-01-04T09:00:00.000Z';
  const offer = { offerSlotId: '3f1c2e40-0000-4000-8000-000000000001', offerUntil: '2027-01-04T10:00:00.000Z' };

  it('lets a seat be claimed only while one is offered and its claim window is open', () => {
    expect(effectPossible('claim_seat', offer, now)).toBe(true);
    expect(effectPossible('claim_seat', { ...offer, offerUntil: now }, now)).toBe(false);
    expect(effectPossible('claim_seat', { offerSlotId: null, offerUntil: null }, now)).toBe(false);
    expect(effectPossible('claim_seat', {}, now)).toBe(false);
  });

  it('leaves effects the facts cannot judge to the workflow', () => {
    expect(effectPossible('join_waitlist', {}, now)).toBe(true);
    expect(effectPossible('release_seat', {}, now)).toBe(true);
  });
});
