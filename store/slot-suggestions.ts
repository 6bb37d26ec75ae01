import type { PrismaClient } from '../platform/prisma.js';

/** A free slot offered instead of a full one. */
export interface FreeSlot {
  id: string;
  localDate: string;
  localStart: string;
  localEnd: string;
  startsAt: string;
  endsAt: string;
  seatsLeft: number;
}

/** The first open slots of a service at an office with a seat left, from now on. */
export async function nextFreeSlots(prisma: PrismaClient, input: { serviceId: string; officeId: string; advisorId?: string | null; limit: number }): Promise<FreeSlot[]> {
  const rows = await prisma.$queryRaw<Array<{ id: string; local_date: Date; local_start: string; local_end: string; starts_at: Date; ends_at: Date; seats_left: number }>>`
    SELECT s.id, s.local_date, s.local_start, s.local_end, s.starts_at, s.ends_at,
           s.seats - (SELECT count(*)::int FROM slot_seat seat WHERE seat.slot_id = s.id AND (seat.kind = 'booking' OR seat.expires_at > now())) AS seats_left
    FROM slot s
    WHERE s.service_id = ${input.serviceId}::uuid AND s.office_id = ${input.officeId}::uuid AND s.open AND s.starts_at > now()
      AND (${input.advisorId ?? null}::uuid IS NULL OR s.advisor_id = ${input.advisorId ?? null}::uuid)
      AND s.seats > (SELECT count(*) FROM slot_seat seat WHERE seat.slot_id = s.id AND (seat.kind = 'booking' OR seat.expires_at > now()))
    ORDER BY s.starts_at LIMIT ${input.limit}`;
  return rows.map((r) => ({
    id: r.id,
    localDate: r.local_date.toISOString().slice(0, 10),
    localStart: r.local_start,
    localEnd: r.local_end,
    startsAt: r.starts_at.toISOString(),
    endsAt: r.ends_at.toISOString(),
    seatsLeft: r.seats_left,
  }));
}
