import type { IsoDate } from '../domain/calendar/types.js';
import { dbDateOf } from './calendar-source.js';
import type { PrismaClient } from '../platform/prisma.js';

/** An appointment booked on a slot of a day its office no longer opens. */
export interface AppointmentOnClosedDay {
  caseId: string;
  workflowId: string;
  serviceId: string;
  officeId: string;
}

/**
 * Closes offices for whole days: a closure for each office and day (kept once) when asked, its slots taken
 * off the agenda, and the appointments still booked on them, to be cancelled. Repeating it closes
 * nothing more and finds the appointments not cancelled yet, so a retry finishes an interrupted one.
 */
export async function closeOfficeDays(
  prisma: PrismaClient,
  input: { officeIds: string[]; dates: IsoDate[]; reason: string; actor: string; recordClosure: boolean },
): Promise<{ slotsClosed: number; appointments: AppointmentOnClosedDay[] }> {
  const days = input.dates.map(dbDateOf);
  return prisma.$transaction(async (tx) => {
    // A holiday needs no closure of its own: publication never puts slots on a day off.
    for (const officeId of input.recordClosure ? input.officeIds : []) {
      for (const date of days) {
        const existing = await tx.slotException.findFirst({ where: { officeId, date, kind: 'closure', serviceId: null, advisorId: null, startTime: null } });
        if (!existing) await tx.slotException.create({ data: { officeId, date, kind: 'closure', reason: input.reason, updatedBy: input.actor } });
      }
    }
    const closed = await tx.slot.updateMany({ where: { officeId: { in: input.officeIds }, localDate: { in: days }, open: true }, data: { open: false } });
    const appointments = await tx.$queryRaw<Array<{ case_id: string; workflow_id: string; service_id: string; office_id: string }>>`
      SELECT c.id AS case_id, c.workflow_id, s.service_id, s.office_id
      FROM slot s JOIN slot_seat seat ON seat.slot_id = s.id AND seat.kind = 'booking' JOIN "case" c ON c.id = seat.case_id
      WHERE s.office_id = ANY(${input.officeIds}::uuid[]) AND s.local_date = ANY(${days}::date[]) AND c.closed_at IS NULL`;
    return {
      slotsClosed: closed.count,
      appointments: appointments.map((a) => ({ caseId: a.case_id, workflowId: a.workflow_id, serviceId: a.service_id, officeId: a.office_id })),
    };
  });
}
