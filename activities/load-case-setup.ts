import { ApplicationFailure } from '@temporalio/common';
import type { BusinessCalendar } from '../domain/calendar/types.js';
import { caseCalendar, readCaseSetup, UnusableService, type CaseSetup } from '../store/case-setup.js';
import type { ActivityDeps } from './deps.js';

export type { CaseSetup } from '../store/case-setup.js';

/**
 * Reads what a case needs to keep its clocks (cases submitted before the API handed it over in
 * their input); through an activity it is recorded in history, so replay is deterministic.
 */
export function makeLoadCaseSetup({ prisma }: ActivityDeps) {
  return async function loadCaseSetup(input: { serviceId: string; entityId: string; startedAt: string; clocks?: string[] }): Promise<CaseSetup> {
    try {
      return await readCaseSetup(prisma, { ...input, clocks: input.clocks ?? ['decision'] });
    } catch (err) {
      // A catalogue mistake: retrying cannot fix it, so the case fails at once instead of spinning.
      if (err instanceof UnusableService) throw ApplicationFailure.create({ type: err.kind, message: err.message, nonRetryable: true });
      throw err;
    }
  };
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
