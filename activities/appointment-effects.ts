import { randomBytes } from 'node:crypto';
import { moveSeat, releaseSeat, SlotUnavailable, type SlotFacts } from '../store/slot-seats.js';
import { nextFreeSlots, type FreeSlot } from '../store/slot-suggestions.js';
import type { WorkerActivityDeps } from './deps.js';

/** A seat could not be had: why, and the next free slots to offer instead. */
export interface SeatRefusal {
  refused: SlotUnavailable['reason'];
  message: string;
  nextSlots: FreeSlot[];
}

export type SeatMove = { facts: SlotFacts; freedSlotId: string | null } | SeatRefusal;

/**
 * The seat effects of appointments. Each is one transaction and safe to repeat: a move already made,
 * or a seat already freed, changes nothing the second time.
 */
export function makeAppointmentEffects({ prisma, videoBaseUrl }: WorkerActivityDeps) {
  return {
    async moveCaseSeat(input: { caseId: string; toSlotId: string; serviceId: string; officeId: string }): Promise<SeatMove> {
      try {
        return await moveSeat(prisma, { caseId: input.caseId, toSlotId: input.toSlotId });
      } catch (err) {
        if (!(err instanceof SlotUnavailable)) throw err;
        return { refused: err.reason, message: err.message, nextSlots: await nextFreeSlots(prisma, { serviceId: input.serviceId, officeId: input.officeId, limit: 5 }) };
      }
    },

    async releaseCaseSeat(input: { caseId: string }): Promise<{ freedSlotId: string | null }> {
      return releaseSeat(prisma, input);
    },

    /** A room of its own per appointment: 128 random bits nobody can guess from the case. */
    async issueMeetingLink(): Promise<{ meetingUrl: string }> {
      return { meetingUrl: `${videoBaseUrl}/khidma-${randomBytes(16).toString('base64url')}` };
    },
  };
}
