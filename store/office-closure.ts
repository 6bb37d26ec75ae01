import type { IsoDate } from '../domain/calendar/types.js';
import type { PrismaClient } from '../platform/prisma.js';
import { dbDateOf } from './calendar-source.js';
import { publishSlotsWithin } from './slot-publication.js';

/** An appointment still booked on a slot its office no longer offers. */
export interface AppointmentOnClosedSlot {
  caseId: string;
  workflowId: string;
  serviceId: string;
  officeId: string;
}

/**
 * Slots taken off the agenda: their holds (forms, offers) are given back and their waiting lists
 * end, so nothing more can land on them; returns the appointments still booked there, to cancel.
 */
export async function clearClosedSlots(prisma: PrismaClient, slotIds: string[]): Promise<AppointmentOnClosedSlot[]> {
  if (slotIds.length === 0) return [];
  await prisma.$transaction(async (tx) => {
    await tx.$executeRaw`UPDATE slot_waitlist SET state = 'left' WHERE slot_id = ANY(${slotIds}::uuid[]) AND state IN ('waiting', 'offered')`;
    await tx.$executeRaw`
      WITH gone AS (DELETE FROM slot_seat WHERE slot_id = ANY(${slotIds}::uuid[]) AND kind = 'hold' RETURNING slot_id)
      UPDATE slot s SET taken = s.taken - g.n FROM (SELECT slot_id, count(*)::int AS n FROM gone GROUP BY slot_id) g WHERE s.id = g.slot_id`;
  });
  const rows = await prisma.$queryRaw<Array<{ case_id: string; workflow_id: string; service_id: string; office_id: string }>>`
    SELECT c.id AS case_id, c.workflow_id, s.service_id, s.office_id
    FROM slot s JOIN slot_seat seat ON seat.slot_id = s.id AND seat.kind = 'booking' JOIN "case" c ON c.id = seat.case_id
    WHERE s.id = ANY(${slotIds}::uuid[]) AND c.closed_at IS NULL`;
  return rows.map((a) => ({ caseId: a.case_id, workflowId: a.workflow_id, serviceId: a.service_id, officeId: a.office_id }));
}

/**
 * Closes offices for whole days: a closure for each office and day when asked (a holiday needs
 * none: publication never puts slots on a day off), then each day republished, which takes its
 * slots off the agenda. Returns the slots closed that still had seats taken; the slots of those
 * days already closed count too, so a retry finishes an interrupted closure.
 */
export async function closeOfficeDays(
  prisma: PrismaClient,
  input: { officeIds: string[]; dates: IsoDate[]; reason: string; actor: string; recordClosure: boolean },
): Promise<{ slotsClosed: number; slotIds: string[] }> {
  let slotsClosed = 0;
  for (const officeId of input.officeIds) {
    await prisma.$transaction(
      async (tx) => {
        for (const date of input.dates) {
          const day = dbDateOf(date);
          if (input.recordClosure) {
            const existing = await tx.slotException.findFirst({ where: { officeId, date: day, kind: 'closure', serviceId: null, advisorId: null, startTime: null } });
            if (!existing) await tx.slotException.create({ data: { officeId, date: day, kind: 'closure', reason: input.reason, updatedBy: input.actor } });
          }
          const publication = await publishSlotsWithin(tx, { officeId, from: date, to: date });
          slotsClosed += publication.closed.length + publication.removed;
        }
      },
      { maxWait: 30_000, timeout: 120_000 },
    );
  }
  const closed = await prisma.slot.findMany({
    where: { officeId: { in: input.officeIds }, localDate: { in: input.dates.map(dbDateOf) }, open: false },
    select: { id: true },
  });
  return { slotsClosed, slotIds: closed.map((s) => s.id) };
}
