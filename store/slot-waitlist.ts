import { appointmentSettings } from '../domain/appointments/appointment-settings.js';
import { parseIsoDuration } from '../domain/sla/iso-duration.js';
import type { Prisma } from '../prisma/generated/client.js';
import type { PrismaClient } from '../platform/prisma.js';
import { slotFacts, type SlotFacts } from './slot-seats.js';

type Tx = Prisma.TransactionClient;

/** A freed seat offered to the first in line: held for them until `until`, told to their case's workflow. */
export interface SeatOffer {
  caseId: string;
  workflowId: string;
  slotId: string;
  until: string;
  localDate: string;
  localStart: string;
}

/** Why a case cannot wait for this slot. */
export class WaitlistRefused extends Error {
  constructor(readonly reason: 'unknown' | 'past' | 'has_seats' | 'own_slot' | 'no_offer', message: string) {
    super(message);
    this.name = 'WaitlistRefused';
  }
}

/** The seat an offer holds is named after its waiting-list entry, so the offer and its seat are one. */
const offerHold = (entryId: bigint) => `offer:${entryId}`;

/**
 * A seat of `slotId` is freed: the first in line whose appointment still stands gets it, held for
 * them for the claim window (never past the start); with nobody waiting, the seat is free again.
 * Part of the transaction that freed it, so no booking can slip in between.
 */
export async function freeOrOffer(tx: Tx, slotId: string): Promise<SeatOffer | null> {
  const service = await tx.$queryRaw<Array<{ settings: unknown }>>`SELECT sv.settings FROM slot s JOIN service sv ON sv.id = s.service_id WHERE s.id = ${slotId}::uuid`;
  const settings = appointmentSettings(service[0]?.settings);
  const noticeMs = parseIsoDuration(settings.noticePeriod);
  const rows = await tx.$queryRaw<Array<{ id: bigint; case_id: string; workflow_id: string; starts_at: Date; local_date: Date; local_start: string }>>`
    SELECT w.id, w.case_id, c.workflow_id, s.starts_at, s.local_date, s.local_start
    FROM slot_waitlist w
    JOIN slot s ON s.id = w.slot_id
    JOIN "case" c ON c.id = w.case_id
    JOIN slot_seat mine ON mine.case_id = w.case_id AND mine.kind = 'booking'
    JOIN slot current ON current.id = mine.slot_id
    WHERE w.slot_id = ${slotId}::uuid AND w.state = 'waiting' AND s.open AND s.starts_at > now()
      AND c.closed_at IS NULL AND c.status IN ('requested', 'confirmed')
      -- Only to someone who may still move their appointment: a seat they cannot take blocks everyone.
      AND current.starts_at > now() + ${noticeMs} * interval '1 millisecond'
      -- One offer at a time per case: a second would replace the first in its facts, and strand its seat.
      AND NOT EXISTS (SELECT 1 FROM slot_waitlist other WHERE other.case_id = w.case_id AND other.state = 'offered')
    ORDER BY w.id LIMIT 1 FOR UPDATE OF w SKIP LOCKED`;
  const first = rows[0];
  if (!first) {
    await tx.$executeRaw`UPDATE slot SET taken = taken - 1 WHERE id = ${slotId}::uuid`;
    return null;
  }
  const window = parseIsoDuration(settings.waitlistClaimWindow);
  const until = new Date(Math.min(Date.now() + window, first.starts_at.getTime()));
  await tx.$executeRaw`UPDATE slot_waitlist SET state = 'offered', offered_until = ${until} WHERE id = ${first.id}`;
  await tx.$executeRaw`
    INSERT INTO slot_seat (id, slot_id, kind, hold_token_hash, expires_at, created_at)
    VALUES (gen_random_uuid(), ${slotId}::uuid, 'hold', ${offerHold(first.id)}, ${until}, now())`;
  return {
    caseId: first.case_id,
    workflowId: first.workflow_id,
    slotId,
    until: until.toISOString(),
    localDate: first.local_date.toISOString().slice(0, 10),
    localStart: first.local_start,
  };
}

/** Puts a case with an appointment on the waiting list of a full slot of the same service. */
export async function joinWaitlist(prisma: PrismaClient, input: { caseId: string; slotId: string }): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<Array<{ seats: number; live: number; past: boolean; own: boolean }>>`
      SELECT s.seats, s.starts_at <= now() AS past,
             (SELECT count(*)::int FROM slot_seat x WHERE x.slot_id = s.id AND (x.kind = 'booking' OR x.expires_at > now())) AS live,
             EXISTS (SELECT 1 FROM slot_seat mine WHERE mine.case_id = ${input.caseId}::uuid AND mine.slot_id = s.id) AS own
      FROM slot s
      WHERE s.id = ${input.slotId}::uuid AND s.open
        AND (s.service_id, s.office_id) = (SELECT b.service_id, b.office_id FROM slot b JOIN slot_seat bs ON bs.slot_id = b.id WHERE bs.case_id = ${input.caseId}::uuid)`;
    const slot = rows[0];
    if (!slot) throw new WaitlistRefused('unknown', 'no such slot for this service at your office');
    if (slot.past) throw new WaitlistRefused('past', 'this slot has already started');
    if (slot.own) throw new WaitlistRefused('own_slot', 'your appointment is already on this slot');
    if (slot.live < slot.seats) throw new WaitlistRefused('has_seats', 'this slot still has seats: reschedule to it instead');
    await tx.$executeRaw`
      INSERT INTO slot_waitlist (slot_id, case_id, state, created_at) VALUES (${input.slotId}::uuid, ${input.caseId}::uuid, 'waiting', now())
      ON CONFLICT (slot_id, case_id) DO UPDATE SET state = 'waiting', offered_until = NULL WHERE slot_waitlist.state IN ('passed', 'left')`;
  });
}

/** The entry offered this case for this slot, still within its claim window; locked. */
async function liveOffer(tx: Tx, caseId: string, slotId: string): Promise<bigint | null> {
  const rows = await tx.$queryRaw<Array<{ id: bigint }>>`
    SELECT w.id FROM slot_waitlist w JOIN slot s ON s.id = w.slot_id
    WHERE w.case_id = ${caseId}::uuid AND w.slot_id = ${slotId}::uuid AND w.state = 'offered' AND w.offered_until > now() AND s.open AND s.starts_at > now()
    FOR UPDATE OF w`;
  return rows[0]?.id ?? null;
}

/**
 * The case takes the seat offered to it: the offer's held seat becomes its booking and its old
 * seat is freed (offered in turn to that slot's first in line), in one transaction. A repeat of a
 * claim already made changes nothing.
 */
export async function claimOffer(prisma: PrismaClient, input: { caseId: string; slotId: string }): Promise<{ facts: SlotFacts; freedOffer: SeatOffer | null }> {
  return prisma.$transaction(async (tx) => {
    const seat = (await tx.$queryRaw<Array<{ id: string; slot_id: string }>>`SELECT id, slot_id FROM slot_seat WHERE case_id = ${input.caseId}::uuid AND kind = 'booking' FOR UPDATE`)[0];
    const claimed = await tx.$queryRaw<Array<{ id: bigint }>>`
      SELECT id FROM slot_waitlist WHERE case_id = ${input.caseId}::uuid AND slot_id = ${input.slotId}::uuid AND state = 'claimed'`;
    // A repeat of a claim made (its seat is there): nothing more to do.
    if (seat?.slot_id === input.slotId && claimed.length > 0) return { facts: (await slotFacts(tx, input.slotId))!, freedOffer: null };
    const entry = await liveOffer(tx, input.caseId, input.slotId);
    if (!entry || !seat || seat.slot_id === input.slotId) throw new WaitlistRefused('no_offer', 'no seat of this slot is offered to you (the offer may have passed)');
    await tx.$executeRaw`DELETE FROM slot_seat WHERE hold_token_hash = ${offerHold(entry)}`;
    await tx.$executeRaw`UPDATE slot_seat SET slot_id = ${input.slotId}::uuid WHERE id = ${seat.id}::uuid`;
    await tx.$executeRaw`UPDATE slot_waitlist SET state = 'claimed' WHERE id = ${entry}`;
    return { facts: (await slotFacts(tx, input.slotId))!, freedOffer: await freeOrOffer(tx, seat.slot_id) };
  });
}

/** The claim window closed unclaimed: the seat goes to the next in line. A repeat changes nothing. */
export async function passOffer(prisma: PrismaClient, input: { caseId: string; slotId: string }): Promise<{ nextOffer: SeatOffer | null }> {
  return prisma.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<Array<{ id: bigint }>>`
      UPDATE slot_waitlist SET state = 'passed' WHERE case_id = ${input.caseId}::uuid AND slot_id = ${input.slotId}::uuid AND state = 'offered' RETURNING id`;
    const entry = rows[0];
    if (!entry) return { nextOffer: null };
    const held = await tx.$executeRaw`DELETE FROM slot_seat WHERE hold_token_hash = ${offerHold(entry.id)}`;
    return { nextOffer: held === 1 ? await freeOrOffer(tx, input.slotId) : null };
  });
}

/** A case that ends leaves every waiting list; a seat offered to it goes to the next in line. */
export async function leaveWaitlists(tx: Tx, caseId: string): Promise<SeatOffer[]> {
  const offered = await tx.$queryRaw<Array<{ id: bigint; slot_id: string }>>`
    UPDATE slot_waitlist SET state = 'left' WHERE case_id = ${caseId}::uuid AND state IN ('waiting', 'offered') RETURNING id, slot_id`;
  const offers: SeatOffer[] = [];
  for (const entry of offered) {
    const held = await tx.$executeRaw`DELETE FROM slot_seat WHERE hold_token_hash = ${offerHold(entry.id)}`;
    if (held === 1) {
      const next = await freeOrOffer(tx, entry.slot_id);
      if (next) offers.push(next);
    }
  }
  return offers;
}
