import { ApplicationFailure } from '@temporalio/common';
import { weekendOnlyCalendar } from '../domain/calendar/working-days.js';
import type { BusinessCalendar } from '../domain/calendar/types.js';
import { validateSlaPolicy, type SlaPolicy } from '../domain/sla/policy.js';
import type { ActivityDeps } from './deps.js';

export interface CaseSetup {
  policy: SlaPolicy;
  calendar: BusinessCalendar;
}

/** Reads what a case needs to keep its clock; going through an activity records it in history, so replay is deterministic. */
export function makeLoadCaseSetup({ prisma }: ActivityDeps) {
  return async function loadCaseSetup(input: { serviceId: string; entityId: string; startedAt: string }): Promise<CaseSetup> {
    const service = await prisma.service.findUnique({ where: { id: input.serviceId } });
    if (!service || service.entityId !== input.entityId) {
      throw ApplicationFailure.create({ type: 'UnknownService', message: `service ${input.serviceId} not found`, nonRetryable: true });
    }
    return { policy: validateSlaPolicy(service.slaPolicy), calendar: weekendOnlyCalendar() };
  };
}
