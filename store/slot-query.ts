import type { PublishedSlot } from '../domain/appointments/slot-publication.js';
import { fromEpochDay, toEpochDay } from '../domain/calendar/iso-date.js';
import type { IsoDate } from '../domain/calendar/types.js';
import { localTimeToMs } from '../domain/calendar/zoned-time.js';
import { moroccoLegalTime } from '../platform/legal-time.js';
import { Prisma } from '../prisma/generated/client.js';
import { isoDateOfDbDate } from './calendar-source.js';

/*
 * The open slots of one service at one office that have not started, with the seats still free.
 * Free seats are counted from the slot's seat rows (bookings, and holds not yet expired), not from
 * `taken`: the booking code sweeps expired holds lazily, so `taken` can count seats nobody holds.
 */

export interface SlotQuery {
  officeId: string;
  serviceId: string;
  /** only this advisor's slots */
  advisorId?: string | null | undefined;
  /** first and last local date (inclusive) of the slots' starts */
  from?: IsoDate | undefined;
  to?: IsoDate | undefined;
  /** only slots starting after this instant ("the next free slots after the one refused") */
  after?: Date | undefined;
  /** at most this many, earliest first; default and ceiling MAX_SLOTS */
  limit?: number | undefined;
  /** also the slots without a free seat (a page offers their waiting list); default: free ones only */
  includeFull?: boolean | undefined;
  now?: Date | undefined;
}

/** A published slot as a citizen may book it: its row id and the seats still free. */
export type SlotAvailability = Omit<PublishedSlot, 'serviceId'> & { id: string; seatsLeft: number };

/** The most slots one query returns (a month of a service with advisors stays well below). */
export const MAX_SLOTS = 2000;

/** Whoever can run a raw query: a PrismaClient or a transaction's client. */
export interface SlotReader {
  $queryRaw<T>(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]): Prisma.PrismaPromise<T>;
}

interface SlotRow {
  id: string;
  local_date: Date;
  local_start: string;
  local_end: string;
  starts_at: Date;
  ends_at: Date;
  seats: number;
  seats_left: number;
  advisor_id: string | null;
}

function startOfLocalDay(date: IsoDate): Date {
  return new Date(localTimeToMs(date, 0, moroccoLegalTime()));
}

/** Open slots of the service at the office, earliest first; with `{ serviceId, officeId, after, limit: 5 }` the next free ones. */
export async function freeSlots(db: SlotReader, query: SlotQuery): Promise<SlotAvailability[]> {
  const now = query.now ?? new Date();
  const lowerBounds = [now.getTime(), query.after?.getTime(), query.from === undefined ? undefined : startOfLocalDay(query.from).getTime() - 1];
  const after = new Date(Math.max(...lowerBounds.filter((ms): ms is number => ms !== undefined)));
  const before = query.to === undefined ? null : startOfLocalDay(fromEpochDay(toEpochDay(query.to) + 1));
  const limit = Math.min(Math.max(1, Math.trunc(query.limit ?? MAX_SLOTS)), MAX_SLOTS);
  const advisor = query.advisorId ? Prisma.sql`AND s.advisor_id = ${query.advisorId}::uuid` : Prisma.empty;
  const until = before ? Prisma.sql`AND s.starts_at < ${before}` : Prisma.empty;
  const free = query.includeFull ? Prisma.empty : Prisma.sql`AND s.seats > live.seats`;
  const rows = await db.$queryRaw<SlotRow[]>`
    SELECT s.id::text AS id, s.local_date, s.local_start, s.local_end, s.starts_at, s.ends_at, s.seats,
           GREATEST(s.seats - live.seats, 0)::int AS seats_left, s.advisor_id::text AS advisor_id
    FROM slot AS s
    CROSS JOIN LATERAL (
      SELECT count(*)::int AS seats FROM slot_seat AS seat
      WHERE seat.slot_id = s.id AND (seat.kind = 'booking' OR seat.expires_at > ${now})
    ) AS live
    WHERE s.office_id = ${query.officeId}::uuid AND s.service_id = ${query.serviceId}::uuid AND s.open
      AND s.starts_at > ${after} ${until} ${advisor} ${free}
    ORDER BY s.starts_at, s.advisor_id NULLS FIRST, s.id
    LIMIT ${limit}`;
  return rows.map((r) => ({
    id: r.id,
    localDate: isoDateOfDbDate(r.local_date),
    localStart: r.local_start,
    localEnd: r.local_end,
    startsAt: r.starts_at.toISOString(),
    endsAt: r.ends_at.toISOString(),
    seats: r.seats,
    seatsLeft: r.seats_left,
    advisorId: r.advisor_id,
  }));
}
