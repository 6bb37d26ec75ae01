import type { EffectName } from './state-machine.js';

/**
 * Whether an effect can succeed on the case as its facts stand: a seat is claimed only while one
 * is offered to the case, until its claim window closes. Read models use it so they never offer a
 * step its effect would refuse; the workflow's effect stays the judge (an offer may pass meanwhile).
 */
export function effectPossible(effect: EffectName, facts: Readonly<Record<string, unknown>>, now: string): boolean {
  switch (effect) {
    case 'claim_seat':
      return typeof facts.offerSlotId === 'string' && typeof facts.offerUntil === 'string' && Date.parse(now) < Date.parse(facts.offerUntil);
    default:
      return true;
  }
}
