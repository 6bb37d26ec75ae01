import { randomBytes } from 'node:crypto';
import { moveSeat, releaseSeat, SlotUnavailable, type SlotFacts } from '../store/slot-seats.js';
import { nextFreeSlots, type FreeSlot } from '../store/slot-suggestions.js';
import { claimOffer, joinWaitlist, passOffer, WaitlistRefused, type SeatOffer } from '../store/slot-waitlist.js';
import type { WorkerActivityDeps } from './deps.js';

/** A seat could not be had: why, and the next free slots to offer instead. */
export interface SeatRefusal {
  refused: SlotUnavailable['reason'] | WaitlistRefused['reason'];
  message: string;
  nextSlots: FreeSlot[];
}

export type { SeatOffer } from '../store/slot-waitlist.js';

/**
 * The seat effects of appointments. Each is one transaction and safe to repeat: a move already made,
 * or a seat already freed, changes nothing the second time.
 */
export function makeAppointmentEffects({ prisma, videoBaseUrl }: WorkerActivityDeps) {
  async function refusal(err: unknown, where: { serviceId: string; officeId: string }): Promise<SeatRefusal> {
    if (err instanceof WaitlistRefused) return { refused: err.reason, message: err.message, nextSlots: [] };
    if (!(err instanceof SlotUnavailable)) throw err;
    return { refused: err.reason, message: err.message, nextSlots: await nextFreeSlots(prisma, { ...where, limit: 5 }) };
  }

  return {
    async moveCaseSeat(input: { caseId: string; toSlotId: string; serviceId: string; officeId: string }): Promise<{ facts: SlotFacts; offer: SeatOffer | null } | SeatRefusal> {
      try {
        return await moveSeat(prisma, { caseId: input.caseId, toSlotId: input.toSlotId });
      } catch (err) {
        return refusal(err, input);
      }
    },

    async releaseCaseSeat(input: { caseId: string }): Promise<{ offers: SeatOffer[] }> {
      return releaseSeat(prisma, input);
    },

    async joinCaseWaitlist(input: { caseId: string; slotId: string; serviceId: string; officeId: string }): Promise<{ joined: true } | SeatRefusal> {
      try {
        await joinWaitlist(prisma, input);
        return { joined: true };
      } catch (err) {
        return refusal(err, input);
      }
    },

    async claimOfferedSeat(input: { caseId: string; slotId: string; serviceId: string; officeId: string }): Promise<{ facts: SlotFacts; offer: SeatOffer | null } | SeatRefusal> {
      try {
        const { freedOffer } = await claimOffer(prisma, input);
        const facts = await moveSeat(prisma, { caseId: input.caseId, toSlotId: input.slotId });
        return { facts: facts.facts, offer: freedOffer };
      } catch (err) {
        return refusal(err, input);
      }
    },

    async passSeatOffer(input: { caseId: string; slotId: string }): Promise<{ offer: SeatOffer | null }> {
      const { nextOffer } = await passOffer(prisma, input);
      return { offer: nextOffer };
    },

    /** A room of its own per appointment: 128 random bits nobody can guess from the case. */
    async issueMeetingLink(): Promise<{ meetingUrl: string }> {
      return { meetingUrl: `${videoBaseUrl}/khidma-${randomBytes(16).toString('base64url')}` };
    },
  };
}
