import { createHash } from 'node:crypto';
import type { AppointmentSettings } from '../../domain/appointments/appointment-settings.js';
import type { CaseTypeDefinition } from '../../domain/cases/case-definition.js';
import { parseIsoDuration } from '../../domain/sla/iso-duration.js';
import type { PrismaClient } from '../../platform/prisma.js';
import { claimFormHold, dropHold, holdSeat, slotFacts, SlotUnavailable, type SlotFacts } from '../../store/slot-seats.js';
import { freeSlots } from '../../store/slot-query.js';
import { placeOf } from '../../domain/appointments/meeting-place.js';
import { InvalidInput, SlotFull } from '../errors.js';

export function holdTokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A refused seat, said so the citizen can act: a full slot lists the next free ones. */
export async function seatRefusal(prisma: PrismaClient, err: SlotUnavailable, where: { serviceId: string; officeId: string | null }): Promise<Error> {
  if (err.reason === 'unknown') return new InvalidInput('details.slotId: no such slot for this service', { field: 'details.slotId' });
  const nextSlots = where.officeId ? await freeSlots(prisma, { serviceId: where.serviceId, officeId: where.officeId, limit: 5 }) : [];
  return new SlotFull(`${err.message}; choose another slot`, { reason: err.reason, nextSlots });
}

/** Longer than a submission can take (starting the workflow alone may take up to 15 s). */
const SUBMISSION_HOLD_MIN_MS = 60_000;

/**
 * The seat a booking takes, held for the new case before its workflow starts: a full slot is
 * refused at once, with nothing else written. The case's first event books the held seat; a
 * hold nobody books (the platform stopped in between) expires and frees its seat.
 */
export async function holdBookingSeat(
  prisma: PrismaClient,
  definition: CaseTypeDefinition,
  input: { caseId: string; serviceId: string; details: Record<string, unknown>; settings: Record<string, unknown>; officeId?: string | undefined; holdToken?: string | undefined },
): Promise<Record<string, unknown>> {
  const booking = definition.booking!;
  const settings = input.settings as unknown as AppointmentSettings;
  const slotId = String(input.details[booking.slotField]);
  const modality = input.details[booking.modalityField];
  if (!settings.modalities.includes(modality as never)) {
    throw new InvalidInput(`details.${booking.modalityField}: this service offers ${settings.modalities.join(', ')}`, { field: `details.${booking.modalityField}` });
  }
  // This hold only has to outlive the submission (start the workflow, record the case), however short the
  // service's form hold: expiring in between under load let other bookings take the seat and lost the case.
  const expiresAt = new Date(Date.now() + Math.max(parseIsoDuration(settings.holdDuration), SUBMISSION_HOLD_MIN_MS));
  let slot: SlotFacts;
  try {
    const claimed = input.holdToken !== undefined && (await claimFormHold(prisma, { tokenHash: holdTokenHash(input.holdToken), slotId, serviceId: input.serviceId, caseId: input.caseId, expiresAt }));
    slot = claimed ? (await slotFacts(prisma, slotId))! : await holdSeat(prisma, { slotId, serviceId: input.serviceId, caseId: input.caseId, expiresAt });
  } catch (err) {
    if (!(err instanceof SlotUnavailable)) throw err;
    const known = await slotFacts(prisma, slotId);
    throw await seatRefusal(prisma, err, { serviceId: input.serviceId, officeId: known?.officeId ?? input.officeId ?? null });
  }
  if (input.officeId && input.officeId !== slot.officeId) {
    await dropHold(prisma, input.caseId);
    throw new InvalidInput('officeId: the slot is at another office; leave officeId out or give the slot’s', { field: 'officeId' });
  }
  const facts = { ...slot, modality };
  return { ...facts, place: placeOf(facts) };
}
