import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { IsoDate, LocalizedName } from '../../domain/calendar/types.js';
import type { PrismaClient } from '../../platform/prisma.js';
import { clearClosedSlots, closeOfficeDays } from '../../store/office-closure.js';
import { freeSlots } from '../../store/slot-query.js';
import type { StoreLog } from '../../store/case-events.js';
import { systemStepSignal } from '../../workflows/messages.js';

/**
 * Slots an office no longer offers (a day closed, a holiday confirmed, a template or an exception
 * changed): every appointment still booked on them is cancelled, each citizen told why and offered
 * the first free slots of the same service at that office. Returns how many were told.
 */
export async function cancelAppointmentsOnSlots(
  deps: { prisma: PrismaClient; temporal: Client; log: StoreLog },
  input: { slotIds: string[]; reason: LocalizedName | string; actor: string },
): Promise<number> {
  const reasonText = typeof input.reason === 'string' ? input.reason : input.reason.fr;
  const appointments = await clearClosedSlots(deps.prisma, input.slotIds);
  const alternatives = new Map<string, string>();
  let told = 0;
  for (const appointment of appointments) {
    const key = `${appointment.serviceId}|${appointment.officeId}`;
    if (!alternatives.has(key)) {
      const free = await freeSlots(deps.prisma, { serviceId: appointment.serviceId, officeId: appointment.officeId, limit: 3 });
      alternatives.set(key, free.length > 0 ? free.map((s) => `${s.localDate} ${s.localStart}`).join(', ') : '—');
    }
    try {
      await deps.temporal.workflow.getHandle(appointment.workflowId).signal(systemStepSignal, {
        action: 'cancel_for_closure',
        payload: { reason: reasonText },
        facts: { closureReason: input.reason, alternatives: alternatives.get(key) },
      });
      told += 1;
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    }
  }
  if (told > 0) deps.log.info({ actor: input.actor, slots: input.slotIds.length, appointmentsCancelled: told }, 'appointments on closed slots cancelled');
  return told;
}

/** An office closes for whole days (an administrator's closure, a holiday confirmed on them). */
export async function cancelAppointmentsOfClosedDays(
  deps: { prisma: PrismaClient; temporal: Client; log: StoreLog },
  input: { officeIds: string[]; dates: IsoDate[]; reason: LocalizedName | string; actor: string; recordClosure: boolean },
): Promise<{ slotsClosed: number; appointmentsCancelled: number }> {
  const reasonText = typeof input.reason === 'string' ? input.reason : input.reason.fr;
  const { slotsClosed, slotIds } = await closeOfficeDays(deps.prisma, { ...input, reason: reasonText });
  const appointmentsCancelled = await cancelAppointmentsOnSlots(deps, { slotIds, reason: input.reason, actor: input.actor });
  deps.log.info({ actor: input.actor, offices: input.officeIds.length, dates: input.dates, slotsClosed, appointmentsCancelled }, 'offices closed');
  return { slotsClosed, appointmentsCancelled };
}
