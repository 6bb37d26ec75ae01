import { randomUUID } from 'node:crypto';
import { Prisma } from '../prisma/generated/client.js';
import type { PrismaClient } from '../platform/prisma.js';
import { freeOrOffer, leaveWaitlists, type SeatOffer } from './slot-waitlist.js';

type Db = PrismaClient | Prisma.TransactionClient;

/** Where and when an appointment is: what a case booked on a slot shows and counts its timers from. */
export interface SlotFacts {
  slotId: string;
  officeId: string;
  serviceId: string;
  advisorId: string | null;
  startsAt: string;
  endsAt: string;
  localDate: string;
  localStart: string;
  localEnd: string;
  officeName: string;
  address: string;
}

/** Why a seat could not be taken: the slot is full, closed, past, or not one of this service. */
export class SlotUnavailable extends Error {
  constructor(
    readonly reason: 'full' | 'closed' | 'past' | 'unknown',
    readonly slotId: string,
  ) {
    super(
      reason === 'full'
        ? 'this slot is full'
        : reason === 'closed'
          ? 'this slot is no longer offered'
          : reason === 'past'
            ? 'this slot has already started'
            : 'no such slot for this service',
    );
    this.name = 'SlotUnavailable';
  }
}

/** The seat held for a submission was released (its hold expired) and the slot filled up meanwhile. */
export class SeatLost extends Error {
  constructor(readonly caseId: string) {
    super('the seat held for this booking was released and the slot is now full');
    this.name = 'SeatLost';
  }
}

interface SlotRow {
  id: string;
  office_id: string;
  service_id: string;
  advisor_id: string | null;
  starts_at: Date;
  ends_at: Date;
  local_date: Date;
  local_start: string;
  local_end: string;
  office_name: string;
  address: string;
}

function factsOf(row: SlotRow): SlotFacts {
  return {
    slotId: row.id,
    officeId: row.office_id,
    serviceId: row.service_id,
    advisorId: row.advisor_id,
    startsAt: row.starts_at.toISOString(),
    endsAt: row.ends_at.toISOString(),
    localDate: row.local_date.toISOString().slice(0, 10),
    localStart: row.local_start,
    localEnd: row.local_end,
    officeName: row.office_name,
    address: row.address,
  };
}

export async function slotFacts(db: Db, slotId: string): Promise<SlotFacts | null> {
  const rows = await db.$queryRaw<SlotRow[]>`
    SELECT s.id, s.office_id, s.service_id, s.advisor_id, s.starts_at, s.ends_at, s.local_date, s.local_start, s.local_end, o.name AS office_name, o.address
    FROM slot s JOIN office o ON o.id = s.office_id WHERE s.id = ${slotId}::uuid`;
  return rows[0] ? factsOf(rows[0]) : null;
}

/**
 * Expired holds give their seats back. Run lazily where seats are counted, so no sweeper has to be
 * alive. A seat offered from a waiting list is passed to the next in line by the case it was
 * offered to when its window closes; one that case never passed on (it ended, or was never told)
 * is freed a minute later, so no seat stays blocked.
 */
export async function sweepExpiredHolds(db: Db, slotId?: string): Promise<number> {
  const ofSlot = slotId ? Prisma.sql`AND slot_id = ${slotId}::uuid` : Prisma.empty;
  await db.$executeRaw`
    UPDATE slot_waitlist SET state = 'passed'
    WHERE state = 'offered' AND offered_until <= now() - interval '1 minute' ${slotId ? Prisma.sql`AND slot_id = ${slotId}::uuid` : Prisma.empty}`;
  return db.$executeRaw`
    WITH gone AS (
      DELETE FROM slot_seat
      WHERE kind = 'hold' ${ofSlot}
        AND ((hold_token_hash IS NULL OR hold_token_hash NOT LIKE 'offer:%') AND expires_at <= now()
          OR hold_token_hash LIKE 'offer:%' AND expires_at <= now() - interval '1 minute')
      RETURNING slot_id
    )
    UPDATE slot s SET taken = s.taken - g.n FROM (SELECT slot_id, count(*)::int AS n FROM gone GROUP BY slot_id) g WHERE s.id = g.slot_id`;
}

/**
 * Takes one seat if one is left: a single conditional update, so concurrent bookings of the last
 * seat cannot both succeed (and the slot's check constraint is the last word). Throws SlotUnavailable.
 */
async function takeSeat(tx: Prisma.TransactionClient, slotId: string, serviceId: string, same?: { officeId: string; advisorId: string | null }): Promise<void> {
  await sweepExpiredHolds(tx, slotId);
  const atOffice = same ? Prisma.sql`AND office_id = ${same.officeId}::uuid AND advisor_id IS NOT DISTINCT FROM ${same.advisorId}::uuid` : Prisma.empty;
  const taken = await tx.$executeRaw`
    UPDATE slot SET taken = taken + 1
    WHERE id = ${slotId}::uuid AND service_id = ${serviceId}::uuid ${atOffice} AND open AND starts_at > now() AND taken < seats`;
  if (taken === 1) return;
  const rows = await tx.$queryRaw<Array<{ open: boolean; past: boolean }>>`
    SELECT open, starts_at <= now() AS past FROM slot WHERE id = ${slotId}::uuid AND service_id = ${serviceId}::uuid ${atOffice}`;
  const slot = rows[0];
  throw new SlotUnavailable(!slot ? 'unknown' : slot.past ? 'past' : !slot.open ? 'closed' : 'full', slotId);
}

/** How many booking forms one client may hold seats for at once: a family books together; an agenda is not held. */
export const FORM_HOLDS_PER_CLIENT = 5;

/** One client already holds as many seats as a client may. */
export class TooManyHolds extends Error {
  constructor() {
    super(`at most ${FORM_HOLDS_PER_CLIENT} seats can be held at a time from one address; book or give back a held seat first`);
    this.name = 'TooManyHolds';
  }
}

/**
 * A booking rush queues on its slot's row: each transaction holds the row from its conditional
 * update to its commit, so the row is taken last, and a transaction may wait its turn longer
 * than Prisma's default 5 s (past this, the API answers 503).
 */
const SEAT_TRANSACTION = { maxWait: 10_000, timeout: 15_000 };

/**
 * A seat held until `expiresAt`, for a case about to be submitted or for a citizen filling the
 * booking form (`tokenHash`, with the client holding it: a few at a time per client).
 */
export async function holdSeat(
  prisma: PrismaClient,
  input: { slotId: string; serviceId: string; expiresAt: Date; caseId?: string; tokenHash?: string; clientKey?: string },
): Promise<SlotFacts> {
  return prisma.$transaction(async (tx) => {
    if (input.clientKey) {
      // Holds of one client take turns, so two at once cannot both pass the count.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`seat-holds:${input.clientKey}`}, 0))`;
      const [held] = await tx.$queryRaw<Array<{ n: number }>>`
        SELECT count(*)::int AS n FROM slot_seat WHERE client_key = ${input.clientKey} AND kind = 'hold' AND expires_at > now()`;
      if ((held?.n ?? 0) >= FORM_HOLDS_PER_CLIENT) throw new TooManyHolds();
    }
    const facts = await slotFacts(tx, input.slotId);
    if (!facts) throw new SlotUnavailable('unknown', input.slotId);
    // The seat row first: its reference to the slot does not wait for another booking's lock on the row.
    await tx.slotSeat.create({
      data: {
        id: randomUUID(),
        slotId: input.slotId,
        kind: 'hold',
        caseId: input.caseId ?? null,
        holdTokenHash: input.tokenHash ?? null,
        clientKey: input.clientKey ?? null,
        expiresAt: input.expiresAt,
        createdAt: new Date(),
      },
    });
    await takeSeat(tx, input.slotId, input.serviceId);
    return facts;
  }, SEAT_TRANSACTION);
}

/** The citizen's form hold on this slot becomes the new case's hold; false when it expired or is for another slot. */
export async function claimFormHold(
  prisma: PrismaClient,
  input: { tokenHash: string; slotId: string; serviceId: string; caseId: string; expiresAt: Date },
): Promise<boolean> {
  // Only for the service booked, on a slot still offered: a hold cannot carry a booking anywhere else.
  const claimed = await prisma.$executeRaw`
    UPDATE slot_seat seat SET case_id = ${input.caseId}::uuid, hold_token_hash = NULL, client_key = NULL, expires_at = ${input.expiresAt}
    FROM slot s
    WHERE seat.hold_token_hash = ${input.tokenHash} AND seat.slot_id = ${input.slotId}::uuid AND seat.kind = 'hold' AND seat.expires_at > now()
      AND s.id = seat.slot_id AND s.service_id = ${input.serviceId}::uuid AND s.open AND s.starts_at > now()`;
  return claimed === 1;
}

/** Gives back a hold nobody will use (the submission failed before its case existed). */
export async function dropHold(prisma: PrismaClient, caseId: string): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const gone = await tx.$queryRaw<Array<{ slot_id: string }>>`DELETE FROM slot_seat WHERE case_id = ${caseId}::uuid AND kind = 'hold' RETURNING slot_id`;
    for (const { slot_id } of gone) await tx.$executeRaw`UPDATE slot SET taken = taken - 1 WHERE id = ${slot_id}::uuid`;
  });
}

/**
 * In the transaction that records the case's first event: its hold becomes a booking. A hold that
 * expired before the case could be recorded is taken again if a seat is left; otherwise SeatLost.
 */
export async function bookHeldSeat(tx: Prisma.TransactionClient, input: { caseId: string; slotId: string; serviceId: string }): Promise<void> {
  const kept = await tx.$executeRaw`
    UPDATE slot_seat seat SET kind = 'booking', expires_at = NULL, hold_token_hash = NULL
    FROM slot s WHERE seat.case_id = ${input.caseId}::uuid AND s.id = seat.slot_id AND s.open`;
  if (kept === 1) return;
  try {
    await takeSeat(tx, input.slotId, input.serviceId);
  } catch (err) {
    if (err instanceof SlotUnavailable) throw new SeatLost(input.caseId);
    throw err;
  }
  await tx.slotSeat.create({ data: { id: randomUUID(), slotId: input.slotId, kind: 'booking', caseId: input.caseId, createdAt: new Date() } });
}

/**
 * Moves a case's booking to another slot of the same service in one transaction: the new seat is
 * taken before the old one is freed, so the case never holds neither. Repeating a move that was
 * made changes nothing. Returns the new slot and the slot freed (null on a repeat).
 */
export async function moveSeat(prisma: PrismaClient, input: { caseId: string; toSlotId: string }): Promise<{ facts: SlotFacts; offer: SeatOffer | null }> {
  return prisma.$transaction(async (tx) => {
    const seats = await tx.$queryRaw<Array<{ id: string; slot_id: string; service_id: string; office_id: string; advisor_id: string | null }>>`
      SELECT seat.id, seat.slot_id, s.service_id, s.office_id, s.advisor_id FROM slot_seat seat JOIN slot s ON s.id = seat.slot_id
      WHERE seat.case_id = ${input.caseId}::uuid AND seat.kind = 'booking' FOR UPDATE OF seat`;
    const seat = seats[0];
    if (!seat) throw new SlotUnavailable('unknown', input.toSlotId);
    if (seat.slot_id === input.toSlotId) return { facts: (await slotFacts(tx, input.toSlotId))!, offer: null };
    // The same office and advisor: the case stays in that office's agenda and queue, with its advisor.
    await takeSeat(tx, input.toSlotId, seat.service_id, { officeId: seat.office_id, advisorId: seat.advisor_id });
    await tx.$executeRaw`UPDATE slot_seat SET slot_id = ${input.toSlotId}::uuid WHERE id = ${seat.id}::uuid`;
    return { facts: (await slotFacts(tx, input.toSlotId))!, offer: await freeOrOffer(tx, seat.slot_id) };
  });
}

/**
 * The case ends: its seat is freed (offered to the first in line) and it leaves every waiting list.
 * Returns the offers made; a repeat frees nothing and offers nothing.
 */
export async function releaseSeat(prisma: PrismaClient, input: { caseId: string }): Promise<{ offers: SeatOffer[] }> {
  return prisma.$transaction(async (tx) => {
    const gone = await tx.$queryRaw<Array<{ slot_id: string }>>`DELETE FROM slot_seat WHERE case_id = ${input.caseId}::uuid RETURNING slot_id`;
    const offers = await leaveWaitlists(tx, input.caseId);
    const freed = gone[0]?.slot_id;
    const offer = freed ? await freeOrOffer(tx, freed) : null;
    return { offers: offer ? [offer, ...offers] : offers };
  });
}

/** Gives back a citizen's form hold (the form was left); false when there is none (expired, or booked). */
export async function releaseFormHold(prisma: PrismaClient, tokenHash: string): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    const gone = await tx.$queryRaw<Array<{ slot_id: string }>>`DELETE FROM slot_seat WHERE hold_token_hash = ${tokenHash} AND kind = 'hold' RETURNING slot_id`;
    for (const { slot_id } of gone) await tx.$executeRaw`UPDATE slot SET taken = taken - 1 WHERE id = ${slot_id}::uuid`;
    return gone.length > 0;
  });
}
