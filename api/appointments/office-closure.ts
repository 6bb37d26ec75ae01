import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { IsoDate, LocalizedName } from '../../domain/calendar/types.js';
import type { PrismaClient } from '../../platform/prisma.js';
import { closeOfficeDays } from '../../store/office-closure.js';
import { nextFreeSlots } from '../../store/slot-suggestions.js';
import type { StoreLog } from '../../store/case-events.js';
import { systemStepSignal } from '../../workflows/messages.js';

/**
 * An office closes for whole days (an administrator's closure, a holiday confirmed on them): every
 * appointment on them is cancelled, each citizen told why and offered the first free slots of the
 * same service at that office. Returns how many slots closed and how many appointments were told.
 */
export async function cancelAppointmentsOfClosedDays(
  deps: { prisma: PrismaClient; temporal: Client; log: StoreLog },
  input: { officeIds: string[]; dates: IsoDate[]; reason: LocalizedName | string; actor: string; recordClosure: boolean },
): Promise<{ slotsClosed: number; appointmentsCancelled: number }> {
  const reasonText = typeof input.reason === 'string' ? input.reason : input.reason.fr;
  const { slotsClosed, appointments } = await closeOfficeDays(deps.prisma, { ...input, reason: reasonText });
  const alternatives = new Map<string, string>();
  let told = 0;
  for (const appointment of appointments) {
    const key = `${appointment.serviceId}|${appointment.officeId}`;
    if (!alternatives.has(key)) {
      const free = await nextFreeSlots(deps.prisma, { serviceId: appointment.serviceId, officeId: appointment.officeId, limit: 3 });
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
  deps.log.info({ actor: input.actor, offices: input.officeIds.length, dates: input.dates, slotsClosed, appointmentsCancelled: told }, 'offices closed');
  return { slotsClosed, appointmentsCancelled: told };
}
