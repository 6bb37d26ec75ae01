import { proxyLocalActivities } from '@temporalio/workflow';
import type { CaseActivities } from '../../activities/index.js';
import { TransitionRefused, type EffectName } from '../../domain/lifecycle/state-machine.js';

// Short transactions, each safe to repeat: run inside the workflow task, their results recorded
// with it, so a step that needs a seat answers as fast as one that does not.
const seats = proxyLocalActivities<CaseActivities>({
  startToCloseTimeout: '15 seconds',
  retry: { initialInterval: '200 milliseconds', maximumInterval: '5 seconds' },
});

/** The effects carried out before a step is recorded: a refusal (a full slot) leaves the case as it was. */
const BEFORE_RECORDING: ReadonlySet<EffectName> = new Set(['move_seat', 'release_seat', 'issue_meeting_link']);

export function runsBeforeRecording(effect: EffectName): boolean {
  return BEFORE_RECORDING.has(effect);
}

interface SeatContext {
  caseId: string;
  serviceId: string;
  facts: Readonly<Record<string, unknown>>;
  payload: Readonly<Record<string, unknown>>;
}

/** Where the meeting is, as the citizen reads it: the room's link, or the office and its address. */
export function placeOf(facts: Readonly<Record<string, unknown>>): string {
  if (typeof facts.meetingUrl === 'string') return facts.meetingUrl;
  return [facts.officeName, facts.address].filter((p) => typeof p === 'string' && p !== '').join(', ');
}

/** Carries out one effect on the case's seat or meeting; returns the facts it changes. */
export async function seatEffect(effect: EffectName, ctx: SeatContext): Promise<Record<string, unknown>> {
  switch (effect) {
    case 'move_seat': {
      const moved = await seats.moveCaseSeat({ caseId: ctx.caseId, toSlotId: String(ctx.payload.slotId), serviceId: ctx.serviceId, officeId: String(ctx.facts.officeId) });
      if ('refused' in moved) {
        throw new TransitionRefused(moved.refused === 'full' ? 'slot_full' : 'invalid_field', moved.message, 'slotId', { nextSlots: moved.nextSlots });
      }
      const facts = { ...ctx.facts, ...moved.facts };
      return { ...moved.facts, place: placeOf(facts) };
    }
    case 'release_seat':
      await seats.releaseCaseSeat({ caseId: ctx.caseId });
      return { seatReleased: true };
    case 'issue_meeting_link': {
      if (ctx.facts.modality !== 'video' || typeof ctx.facts.meetingUrl === 'string') return {};
      const { meetingUrl } = await seats.issueMeetingLink();
      return { meetingUrl, place: meetingUrl };
    }
    default:
      return {};
  }
}
