import { moroccoLegalTime } from '../../platform/legal-time.js';
import { loadBusinessCalendar } from '../../store/calendar-source.js';
import type { IsoDate } from '../../domain/calendar/types.js';
import { endOfLocalDayMs, formatInstant } from '../../domain/calendar/zoned-time.js';
import { computeDue } from '../../domain/sla/clock.js';
import type { DeadlineExplanation } from '../../domain/sla/explanation.js';
import type { SlaPolicy } from '../../domain/sla/policy.js';
import type { PrismaClient } from '../../platform/prisma.js';
import { yearOf } from './calendar-dates.js';

const TWELVE_HOURS_MS = 12 * 60 * 60 * 1000;

export type DayBudget = { unit: 'working_days' | 'calendar_days'; amount: number };

export interface DueDateAnswer {
  dueDate: IsoDate;
  dueAt: string;
  explanation: DeadlineExplanation;
}

/*
 * Fewer than 200 working days per year never happens (Monday–Friday less about 15 holidays is
 * ~245), so this many years always hold the due date; each extra year costs ~1.5 ms to compute.
 */
function yearsReached(from: IsoDate, budget: DayBudget): number[] {
  const perYear = budget.unit === 'working_days' ? 200 : 365;
  const first = yearOf(from);
  return Array.from({ length: Math.ceil(budget.amount / perYear) + 2 }, (_, i) => first + i);
}

/**
 * The due date of a request started on `from`, by the very computation a case runs (computeDue
 * with the entity's calendar loaded as the case's activities load it), so the answer is the date a
 * case would get. The clock starts at noon, Moroccan time, so the start date is `from` in any season.
 */
export async function dueDateFrom(
  prisma: PrismaClient,
  input: { from: IsoDate; budget: DayBudget; entityId: string | null },
): Promise<DueDateAnswer> {
  const calendar = await loadBusinessCalendar(prisma, { entityId: input.entityId, years: yearsReached(input.from, input.budget) });
  const policy: SlaPolicy = {
    budget: input.budget,
    legalBasis: '',
    warnAt: [],
    escalation: [],
    extension: null,
    silence: 'none',
  };
  const startedAt = formatInstant(endOfLocalDayMs(input.from, moroccoLegalTime()) + 1 - TWELVE_HOURS_MS);
  const due = computeDue({ policy, startedAt, pauses: [], extension: null, calendar });
  if (due.dueDate === null || due.dueAt === null) throw new Error('a day budget without pauses always has a due date');
  return { dueDate: due.dueDate, dueAt: due.dueAt, explanation: due.explanation };
}
