import { getExternalWorkflowHandle, proxyLocalActivities } from '@temporalio/workflow';
import type { CaseActivities, SeatOffer } from '../../activities/index.js';
import type { SeatRefusal } from '../../activities/appointment-effects.js';
import { placeOf } from '../../domain/appointments/meeting-place.js';
import { TransitionRefused, type EffectName } from '../../domain/lifecycle/state-machine.js';
import { systemStepSignal } from '../messages.js';

// Short transactions, each safe to repeat: run inside the workflow task, their results recorded
// with it, so a step that needs a seat answers as fast as one that does not.
const seats = proxyLocalActivities<CaseActivities>({
  startToCloseTimeout: '15 seconds',
  retry: { initialInterval: '200 milliseconds', maximumInterval: '5 seconds' },
});

/** The effects carried out before a step is recorded: a refusal (a full slot) leaves the case as it was. */
const BEFORE_RECORDING: ReadonlySet<EffectName> = new Set(['move_seat', 'release_seat', 'issue_meeting_link', 'join_waitlist', 'claim_seat', 'pass_offer']);

export function runsBeforeRecording(effect: EffectName): boolean {
  return BEFORE_RECORDING.has(effect);
}

interface SeatContext {
  caseId: string;
  serviceId: string;
  facts: Readonly<Record<string, unknown>>;
  payload: Readonly<Record<string, unknown>>;
}

/** No offer stands any more. */
const NO_OFFER = { offerSlotId: null, offerUntil: null, offerDate: null, offerStart: null };

function refused(answer: SeatRefusal): never {
  const code = answer.refused === 'full' ? 'slot_full' : answer.refused === 'no_offer' ? 'no_offer' : answer.refused === 'unknown' ? 'invalid_field' : 'not_allowed_now';
  throw new TransitionRefused(code, answer.message, 'slotId', answer.nextSlots.length > 0 ? { nextSlots: answer.nextSlots } : undefined);
}

/** The case a freed seat is offered to hears of it; one that has ended meanwhile passes it on by leaving the list. */
async function tellOffers(offers: readonly (SeatOffer | null)[]): Promise<void> {
  for (const offer of offers) {
    if (!offer) continue;
    const facts = { offerSlotId: offer.slotId, offerUntil: offer.until, offerDate: offer.localDate, offerStart: offer.localStart };
    try {
      await getExternalWorkflowHandle(offer.workflowId).signal(systemStepSignal, { action: 'receive_offer', payload: {}, facts });
    } catch {
      // Its workflow has ended: its own release will have taken it off the list.
    }
  }
}

/** Carries out one effect on the case's seat or meeting; returns the facts it changes. */
export async function seatEffect(effect: EffectName, ctx: SeatContext): Promise<Record<string, unknown>> {
  const where = { caseId: ctx.caseId, serviceId: ctx.serviceId, officeId: String(ctx.facts.officeId) };
  switch (effect) {
    case 'move_seat':
    case 'claim_seat': {
      const slotId = String(ctx.payload.slotId);
      const moved = effect === 'move_seat' ? await seats.moveCaseSeat({ ...where, toSlotId: slotId }) : await seats.claimOfferedSeat({ ...where, slotId });
      if ('refused' in moved) refused(moved);
      await tellOffers([moved.offer]);
      const facts = { ...ctx.facts, ...moved.facts };
      return { ...moved.facts, place: placeOf(facts), ...(effect === 'claim_seat' ? NO_OFFER : {}) };
    }
    case 'release_seat': {
      const { offers } = await seats.releaseCaseSeat({ caseId: ctx.caseId });
      await tellOffers(offers);
      return { seatReleased: true, ...NO_OFFER };
    }
    case 'join_waitlist': {
      const joined = await seats.joinCaseWaitlist({ ...where, slotId: String(ctx.payload.slotId) });
      if ('refused' in joined) refused(joined);
      return { waitingFor: String(ctx.payload.slotId) };
    }
    case 'pass_offer': {
      if (typeof ctx.facts.offerSlotId !== 'string') return NO_OFFER;
      const { offer } = await seats.passSeatOffer({ caseId: ctx.caseId, slotId: ctx.facts.offerSlotId });
      await tellOffers([offer]);
      return NO_OFFER;
    }
    case 'issue_meeting_link': {
      if (ctx.facts.modality !== 'video' || typeof ctx.facts.meetingUrl === 'string') return {};
      const { meetingUrl } = await seats.issueMeetingLink();
      return { meetingUrl, place: meetingUrl };
    }
    default:
      return {};
  }
}
