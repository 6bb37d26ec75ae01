import { randomBytes } from 'node:crypto';
import { appointmentSettings, type Modality } from '../domain/appointments/appointment-settings.js';
import { readCaseSetup, UnusableService, type CaseSetup } from '../store/case-setup.js';
import { holdSeat, moveSeat, releaseSeat, slotFacts, SlotUnavailable, type SlotFacts } from '../store/slot-seats.js';
import { placeOf } from '../domain/appointments/meeting-place.js';
import { freeSlots, type SlotAvailability } from '../store/slot-query.js';
import { claimOffer, joinWaitlist, passOffer, WaitlistRefused, type SeatOffer } from '../store/slot-waitlist.js';
import type { WorkerActivityDeps } from './deps.js';

/** Long enough for the linked appointment's workflow to record its first event, even after a worker restart. */
const LINKED_HOLD_MS = 10 * 60_000;

/** A seat could not be had: why, and the next free slots to offer instead. */
export interface SeatRefusal {
  refused: SlotUnavailable['reason'] | WaitlistRefused['reason'];
  message: string;
  nextSlots: SlotAvailability[];
  /** the payload field at fault, when not the slot */
  field?: string;
}

export type { SeatOffer } from '../store/slot-waitlist.js';

/**
 * The seat effects of appointments. Each is one transaction and safe to repeat: a move already made,
 * or a seat already freed, changes nothing the second time.
 */
export function makeAppointmentEffects({ prisma, videoBaseUrl }: WorkerActivityDeps) {
  async function refusal(err: unknown, where: { serviceId: string; officeId: string; advisorId?: string | null }): Promise<SeatRefusal> {
    if (err instanceof WaitlistRefused) return { refused: err.reason, message: err.message, nextSlots: [] };
    if (!(err instanceof SlotUnavailable)) throw err;
    return { refused: err.reason, message: err.message, nextSlots: await freeSlots(prisma, { ...where, limit: 5 }) };
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
        const { facts, freedOffer } = await claimOffer(prisma, input);
        return { facts, offer: freedOffer };
      } catch (err) {
        return refusal(err, input);
      }
    },

    async passSeatOffer(input: { caseId: string; slotId: string }): Promise<{ offer: SeatOffer | null }> {
      const { nextOffer } = await passOffer(prisma, input);
      return { offer: nextOffer };
    },

    /**
     * A consultation's advisor proposes a meeting on their agenda: the seat is held for the
     * appointment about to open (its first event books it), confirmed at once since the advisor
     * chose it; returns what that appointment starts with.
     */
    async holdLinkedMeeting(input: {
      childCaseId: string;
      slotId: string;
      serviceId: string;
      entityId: string;
      advisorId: string | null;
      modality: string;
      startedAt: string;
    }): Promise<{ facts: Record<string, unknown>; setup: CaseSetup } | SeatRefusal> {
      const service = await prisma.service.findUniqueOrThrow({ where: { id: input.serviceId } });
      const settings = { ...appointmentSettings(service.settings), confirmAtOnce: true };
      if (!settings.modalities.includes(input.modality as Modality)) return { refused: 'unknown', message: `this service offers ${settings.modalities.join(', ')}`, nextSlots: [], field: 'modality' };
      const slot = await slotFacts(prisma, input.slotId);
      if (!slot || slot.serviceId !== input.serviceId || (input.advisorId !== null && slot.advisorId !== input.advisorId)) {
        return { refused: 'unknown', message: 'no such slot on your agenda for this service', nextSlots: [] };
      }
      let setup: CaseSetup;
      try {
        setup = await readCaseSetup(prisma, { serviceId: input.serviceId, entityId: input.entityId, startedAt: input.startedAt, clocks: ['confirmation'], settings: () => settings });
      } catch (err) {
        if (err instanceof UnusableService) return { refused: 'unknown', message: `this service cannot book meetings: ${err.message}`, nextSlots: [] };
        throw err;
      }
      try {
        // A retry after the hold committed finds it: the same seat, not a second one.
        const already = await prisma.slotSeat.findUnique({ where: { caseId: input.childCaseId } });
        const held = already?.slotId === input.slotId ? slot : await holdSeat(prisma, { slotId: input.slotId, serviceId: input.serviceId, caseId: input.childCaseId, expiresAt: new Date(Date.now() + LINKED_HOLD_MS) });
        const facts = { ...held, modality: input.modality };
        return { facts: { ...facts, place: placeOf(facts) }, setup };
      } catch (err) {
        return refusal(err, { serviceId: input.serviceId, officeId: slot.officeId, advisorId: slot.advisorId });
      }
    },

    /** The advisor a consultation is triaged to: a handler or supervisor of its entity, named for its domain. */
    async checkAdvisor(input: { advisorId: string; entityId: string; domain: string }): Promise<{ refused: string } | { ok: true }> {
      const advisor = await prisma.staffUser.findUnique({ where: { id: input.advisorId } });
      const domains = Array.isArray(advisor?.advisorDomains) ? advisor.advisorDomains : [];
      if (!advisor?.active || advisor.entityId !== input.entityId || !['handler', 'supervisor'].includes(advisor.role)) return { refused: 'no such advisor at this entity' };
      if (!domains.includes(input.domain)) return { refused: `this advisor does not advise on ${input.domain}` };
      return { ok: true };
    },

    /** A room of its own per appointment: 128 random bits nobody can guess from the case. */
    async issueMeetingLink(): Promise<{ meetingUrl: string }> {
      return { meetingUrl: `${videoBaseUrl}/khidma-${randomBytes(16).toString('base64url')}` };
    },
  };
}
