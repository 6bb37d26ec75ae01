import { publishableSlots, type PublishedSlot, type SlotExceptionRule, type SlotTemplateRule } from '../domain/appointments/slot-publication.js';
import { fromEpochDay, toEpochDay } from '../domain/calendar/iso-date.js';
import type { IsoDate } from '../domain/calendar/types.js';
import { localDateOfMs } from '../domain/calendar/zoned-time.js';
import { moroccoLegalTime } from '../platform/legal-time.js';
import type { PrismaClient } from '../platform/prisma.js';
import type { Prisma, SlotException, SlotTemplate } from '../prisma/generated/client.js';
import { dbDateOf, isoDateOfDbDate } from './calendar-source.js';
import { loadOfficeHours } from './office-hours-source.js';

/*
 * Materialises an office's slots into `slot` from its templates, exceptions and days, so that
 * bookings can count seats against rows. Idempotent: a slot is identified by office, service,
 * advisor and start; publishing again inserts what is missing, corrects what changed, and takes
 * off what is no longer produced. Slots that already started are history and never touched.
 */

/** How far ahead slots are published by default: eight weeks. */
export const PUBLICATION_HORIZON_DAYS = 56;

export interface PublicationRequest {
  officeId: string;
  /** first local date; default: today in Morocco */
  from?: IsoDate;
  /** last local date, inclusive; default: from + PUBLICATION_HORIZON_DAYS */
  to?: IsoDate;
  now?: Date;
}

export interface ClosedSlot {
  slotId: string;
  /** seats booked or held when it closed: their bookings are to be cancelled */
  taken: number;
}

export interface PublicationResult {
  officeId: string;
  from: IsoDate;
  to: IsoDate;
  created: number;
  updated: number;
  /** slots no longer produced that had seats taken (or a waiting list): kept, closed */
  closed: ClosedSlot[];
  /** slots no longer produced that nobody had taken: gone */
  removed: number;
}

/** What a log keeps of a publication: counts, never who booked. */
export function publicationCounts(result: PublicationResult) {
  const { officeId, from, to, created, updated, removed } = result;
  return { officeId, from, to, created, updated, removed, closed: result.closed.length };
}

/** Today's date in Morocco, by the legal time the platform ships. */
export function moroccanToday(now: Date = new Date()): IsoDate {
  return localDateOfMs(now.getTime(), moroccoLegalTime());
}

function templateRule(row: SlotTemplate): SlotTemplateRule {
  const { serviceId, advisorId, weekday, startTime, endTime, lengthMinutes, seats, bufferMinutes } = row;
  return { serviceId, advisorId, weekday, startTime, endTime, lengthMinutes, seats, bufferMinutes };
}

function exceptionRule(row: SlotException): SlotExceptionRule {
  const date = isoDateOfDbDate(row.date);
  if (row.kind === 'closure') {
    return { kind: 'closure', date, serviceId: row.serviceId, advisorId: row.advisorId, startTime: row.startTime, endTime: row.endTime };
  }
  // The admin API stores an opening with all of these; anything else is corruption worth stopping on.
  if (row.kind !== 'opening' || row.serviceId === null || row.startTime === null || row.endTime === null || row.lengthMinutes === null || row.seats === null) {
    throw new Error(`slot_exception ${row.id} is neither a closure nor a complete opening`);
  }
  return {
    kind: 'opening',
    date,
    serviceId: row.serviceId,
    advisorId: row.advisorId,
    startTime: row.startTime,
    endTime: row.endTime,
    lengthMinutes: row.lengthMinutes,
    seats: row.seats,
    bufferMinutes: row.bufferMinutes ?? 0,
  };
}

const slotKey = (s: { serviceId: string; advisorId: string | null; startsAt: Date | string }) =>
  `${s.serviceId}|${s.advisorId ?? ''}|${new Date(s.startsAt).getTime()}`;

/**
 * Makes changes to an office's slots and slot rules take turns, until the transaction ends:
 * publications from any instance, and an administrator's change checked against the rules in place.
 */
export async function lockOfficeSlots(tx: Prisma.TransactionClient, officeId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`slot-publication:${officeId}`}, 0))`;
}

/** Publishes an office's slots for a range of days, in a transaction of its own. */
export async function publishSlots(prisma: PrismaClient, request: PublicationRequest): Promise<PublicationResult> {
  return prisma.$transaction((tx) => publishSlotsWithin(tx, request), { maxWait: 30_000, timeout: 120_000 });
}

/** Publishes inside the caller's transaction (the seed's, an administrator's change), under the office's lock. */
export async function publishSlotsWithin(tx: Prisma.TransactionClient, request: PublicationRequest): Promise<PublicationResult> {
  const now = request.now ?? new Date();
  const from = request.from ?? moroccanToday(now);
  const to = request.to ?? fromEpochDay(toEpochDay(from) + PUBLICATION_HORIZON_DAYS);
  await lockOfficeSlots(tx, request.officeId);
  const office = await tx.office.findUnique({ where: { id: request.officeId }, select: { id: true, entityId: true } });
  if (!office) throw new RangeError(`no office ${request.officeId}`);

  const [days, templates, exceptions] = await Promise.all([
    loadOfficeHours(tx, { entityId: office.entityId, from, to }),
    tx.slotTemplate.findMany({ where: { officeId: office.id } }),
    tx.slotException.findMany({ where: { officeId: office.id, date: { gte: dbDateOf(from), lte: dbDateOf(to) } } }),
  ]);
  const wanted = publishableSlots({ days, templates: templates.map(templateRule), exceptions: exceptions.map(exceptionRule), zone: moroccoLegalTime() }).filter(
    (s) => Date.parse(s.startsAt) > now.getTime(),
  );
  const existing = await tx.slot.findMany({
    where: { officeId: office.id, localDate: { gte: dbDateOf(from), lte: dbDateOf(to) }, startsAt: { gt: now } },
    select: { id: true, serviceId: true, advisorId: true, startsAt: true, endsAt: true, localEnd: true, seats: true, taken: true, open: true },
  });
  const existingByKey = new Map(existing.map((s) => [slotKey(s), s]));
  const wantedKeys = new Set(wanted.map(slotKey));

  const missing: PublishedSlot[] = [];
  const changed: { id: string; seats: number; localEnd: string; endsAt: string }[] = [];
  for (const slot of wanted) {
    const row = existingByKey.get(slotKey(slot));
    if (!row) {
      missing.push(slot);
      continue;
    }
    // Seats already taken stay taken: a smaller capacity applies to the seats still free.
    const seats = Math.max(slot.seats, row.taken);
    if (row.seats !== seats || !row.open || row.localEnd !== slot.localEnd || row.endsAt.toISOString() !== slot.endsAt) {
      changed.push({ id: row.id, seats, localEnd: slot.localEnd, endsAt: slot.endsAt });
    }
  }
  const created = missing.length ? await insertSlots(tx, office.id, missing) : 0;
  if (changed.length) {
    await tx.$executeRaw`
      UPDATE slot AS s
      SET seats = GREATEST(v.seats, s.taken), open = true, local_end = v.local_end, ends_at = v.ends_at::timestamptz
      FROM unnest(${changed.map((c) => c.id)}::uuid[], ${changed.map((c) => c.seats)}::int[], ${changed.map((c) => c.localEnd)}::text[], ${changed.map((c) => c.endsAt)}::text[])
        AS v(id, seats, local_end, ends_at)
      WHERE s.id = v.id`;
  }
  const { closed, removed } = await takeOff(tx, existing.filter((s) => !wantedKeys.has(slotKey(s))));
  return { officeId: office.id, from, to, created, updated: changed.length, closed, removed };
}

/**
 * Inserts in one statement of arrays: a first publication of a busy office is tens of thousands of
 * rows, which a row-by-row insert takes seconds over. A slot another publication inserted
 * meanwhile is left as it is.
 */
async function insertSlots(tx: Prisma.TransactionClient, officeId: string, slots: PublishedSlot[]): Promise<number> {
  const column = <T>(read: (s: PublishedSlot) => T) => slots.map(read);
  return tx.$executeRaw`
    INSERT INTO slot (id, office_id, service_id, advisor_id, local_date, local_start, local_end, starts_at, ends_at, seats)
    SELECT gen_random_uuid(), ${officeId}::uuid, v.service_id, v.advisor_id, v.local_date, v.local_start, v.local_end, v.starts_at, v.ends_at, v.seats
    FROM unnest(
      ${column((s) => s.serviceId)}::uuid[], ${column((s) => s.advisorId)}::uuid[], ${column((s) => s.localDate)}::date[],
      ${column((s) => s.localStart)}::text[], ${column((s) => s.localEnd)}::text[],
      ${column((s) => s.startsAt)}::timestamptz[], ${column((s) => s.endsAt)}::timestamptz[], ${column((s) => s.seats)}::int[]
    ) AS v(service_id, advisor_id, local_date, local_start, local_end, starts_at, ends_at, seats)
    ON CONFLICT DO NOTHING`;
}

/**
 * Slots no longer produced: deleted when nothing refers to them; otherwise closed and reported with
 * the seats they hold. The delete re-reads each row, so a seat taken meanwhile (a conditional
 * update of `taken` by the booking code) keeps its slot, which is then closed instead.
 */
async function takeOff(tx: Prisma.TransactionClient, stale: { id: string; open: boolean }[]): Promise<{ closed: ClosedSlot[]; removed: number }> {
  if (stale.length === 0) return { closed: [], removed: 0 };
  const ids = stale.map((s) => s.id);
  const deleted = await tx.$queryRaw<{ id: string }[]>`
    DELETE FROM slot AS s
    WHERE s.id = ANY(${ids}::uuid[]) AND s.taken = 0
      AND NOT EXISTS (SELECT 1 FROM slot_seat WHERE slot_id = s.id)
      AND NOT EXISTS (SELECT 1 FROM slot_waitlist WHERE slot_id = s.id)
    RETURNING s.id::text AS id`;
  const gone = new Set(deleted.map((d) => d.id));
  const stillOpen = stale.filter((s) => s.open && !gone.has(s.id)).map((s) => s.id);
  const closed = stillOpen.length
    ? await tx.$queryRaw<{ slotId: string; taken: number }[]>`
        UPDATE slot SET open = false WHERE id = ANY(${stillOpen}::uuid[]) AND open
        RETURNING id::text AS "slotId", taken`
    : [];
  return { closed: closed.sort((a, b) => a.slotId.localeCompare(b.slotId)), removed: gone.size };
}
