import { ApplicationFailure } from '@temporalio/common';
import type { BusinessCalendar } from '../domain/calendar/types.js';
import { moroccoLegalTime } from '../scripts/runtime/legal-time.js';
import { toLocalDate } from '../domain/calendar/working-days.js';
import { clockPolicies } from '../domain/sla/service-clocks.js';
import type { SlaPolicy } from '../domain/sla/policy.js';
import { loadBusinessCalendar } from './calendar-source.js';
import type { ActivityDeps } from './deps.js';

export interface CaseSetup {
  /** the policy of each named clock of the case, from its service */
  policies: Record<string, SlaPolicy>;
  calendar: BusinessCalendar;
  /** the calendar revision read before the calendar: a later one means the calendar may have changed since */
  calendarRevision: number;
}

/**
 * The years a case's deadline can reach: the longest legal budget (60 days) plus one extension
 * and months of waiting for the citizen stay well within the year of submission and the next two.
 */
function calendarYears(startedAt: string): number[] {
  const year = Number(toLocalDate(startedAt, moroccoLegalTime()).slice(0, 4));
  return [year, year + 1, year + 2];
}

/**
 * The calendar a case counts on: only days from its start on matter to it, and whatever crosses
 * into the workflow is written to its history (and re-sent on every recompute), so the rest is left out.
 */
async function caseCalendar(prisma: ActivityDeps['prisma'], entityId: string, startedAt: string): Promise<BusinessCalendar> {
  const calendar = await loadBusinessCalendar(prisma, { entityId, years: calendarYears(startedAt) });
  const startDate = toLocalDate(startedAt, moroccoLegalTime());
  return { ...calendar, holidays: calendar.holidays.filter((h) => h.date >= startDate) };
}

/** Reads what a case needs to keep its clock; through an activity it is recorded in history, so replay is deterministic. */
export function makeLoadCaseSetup({ prisma }: ActivityDeps) {
  return async function loadCaseSetup(input: { serviceId: string; entityId: string; startedAt: string; clocks?: string[] }): Promise<CaseSetup> {
    const service = await prisma.service.findUnique({ where: { id: input.serviceId } });
    if (!service || service.entityId !== input.entityId) {
      throw ApplicationFailure.create({ type: 'UnknownService', message: `service ${input.serviceId} not found`, nonRetryable: true });
    }
    let policies: Record<string, SlaPolicy>;
    try {
      policies = clockPolicies(service.clocks, input.clocks ?? ['decision']);
    } catch (err) {
      // A catalogue mistake: retrying cannot fix it, so the case fails at once instead of spinning.
      throw ApplicationFailure.create({ type: 'InvalidServicePolicy', message: (err as Error).message, nonRetryable: true });
    }
    const calendarRevision = await readCalendarRevision(prisma);
    const calendar = await caseCalendar(prisma, input.entityId, input.startedAt);
    return { policies, calendar, calendarRevision };
  };
}

export async function readCalendarRevision(prisma: ActivityDeps['prisma']): Promise<number> {
  return (await prisma.calendarRevision.findUnique({ where: { id: 1 } }))?.revision ?? 0;
}

/** The case's calendar again, after an administrator confirmed, moved, added or removed a holiday. */
export function makeLoadCalendar({ prisma }: ActivityDeps) {
  return async function loadCalendar(input: { entityId: string; startedAt: string }): Promise<BusinessCalendar> {
    return caseCalendar(prisma, input.entityId, input.startedAt);
  };
}

/** The entity a case is transferred to, by its code; null when there is none. */
export function makeFindEntity({ prisma }: ActivityDeps) {
  return async function findEntity(input: { code: string }): Promise<{ id: string; code: string } | null> {
    return prisma.entity.findUnique({ where: { code: input.code }, select: { id: true, code: true } });
  };
}
