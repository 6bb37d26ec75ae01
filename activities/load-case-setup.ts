import { ApplicationFailure } from '@temporalio/common';
import type { BusinessCalendar } from '../domain/calendar/types.js';
import { toLocalDate } from '../domain/calendar/working-days.js';
import { validateSlaPolicy, type SlaPolicy } from '../domain/sla/policy.js';
import { loadBusinessCalendar } from './calendar-source.js';
import type { ActivityDeps } from './deps.js';

export interface CaseSetup {
  policy: SlaPolicy;
  calendar: BusinessCalendar;
}

/**
 * The years a case's deadline can reach: the longest legal budget (60 days) plus one extension
 * and months of waiting for the citizen stay well within the year of submission and the next two.
 */
function calendarYears(startedAt: string): number[] {
  const year = Number(toLocalDate(startedAt, 'Africa/Casablanca').slice(0, 4));
  return [year, year + 1, year + 2];
}

/** Reads what a case needs to keep its clock; through an activity it is recorded in history, so replay is deterministic. */
export function makeLoadCaseSetup({ prisma }: ActivityDeps) {
  return async function loadCaseSetup(input: { serviceId: string; entityId: string; startedAt: string }): Promise<CaseSetup> {
    const service = await prisma.service.findUnique({ where: { id: input.serviceId } });
    if (!service || service.entityId !== input.entityId) {
      throw ApplicationFailure.create({ type: 'UnknownService', message: `service ${input.serviceId} not found`, nonRetryable: true });
    }
    const calendar = await loadBusinessCalendar(prisma, { entityId: input.entityId, years: calendarYears(input.startedAt) });
    return { policy: validateSlaPolicy(service.slaPolicy), calendar };
  };
}

/** The case's calendar again, after an administrator confirmed, moved, added or removed a holiday. */
export function makeLoadCalendar({ prisma }: ActivityDeps) {
  return async function loadCalendar(input: { entityId: string; startedAt: string }): Promise<BusinessCalendar> {
    return loadBusinessCalendar(prisma, { entityId: input.entityId, years: calendarYears(input.startedAt) });
  };
}
