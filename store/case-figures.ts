import type { BusinessCalendar } from '../domain/calendar/types.js';
import { toLocalDate, workingDaysBetween } from '../domain/calendar/working-days.js';
import type { ClockProjection } from '../domain/cases/case-event.js';
import { computeDue } from '../domain/sla/clock.js';
import { validateSlaPolicy, type SlaBudget, type SlaPolicy } from '../domain/sla/policy.js';
import { moroccoLegalTime } from '../platform/legal-time.js';
import { type Prisma } from '../prisma/generated/client.js';
import { loadBusinessCalendar } from './calendar-source.js';

/*
 * The figures the statistics read beside the projection (working days to close, the internal
 * target's due date, the first free slot), written in the transaction that records what they
 * measure, so that the statistics count with the calendar the case was counted with, once.
 */

type Tx = Prisma.TransactionClient;

/** Calendars by entity, years and calendar revision: a holiday change bumps the revision, so none outlives its data. */
const calendars = new Map<string, BusinessCalendar>();
const CALENDARS_KEPT = 200;

async function entityCalendar(tx: Tx, entityId: string, firstYear: number, lastYear: number): Promise<BusinessCalendar> {
  const revision = (await tx.calendarRevision.findUnique({ where: { id: 1 } }))?.revision ?? 0;
  const key = `${entityId}|${firstYear}|${lastYear}|${revision}`;
  const known = calendars.get(key);
  if (known) return known;
  const years = Array.from({ length: lastYear - firstYear + 1 }, (_, i) => firstYear + i);
  const calendar = await loadBusinessCalendar(tx, { entityId, years });
  if (calendars.size >= CALENDARS_KEPT) calendars.clear();
  calendars.set(key, calendar);
  return calendar;
}

const yearOf = (instant: Date) => Number(toLocalDate(instant.toISOString(), moroccoLegalTime()).slice(0, 4));

/**
 * Working days of the entity's calendar from submission to close (days d with submission < d <=
 * close, as an SLA budget counts them); null while the case is open, and again if it reopens.
 */
export async function workingDaysToClose(tx: Tx, target: { caseId: string; entityId: string; closedAt: string | null }): Promise<number | null> {
  if (target.closedAt === null) return null;
  const row = await tx.case.findUnique({ where: { id: target.caseId }, select: { submittedAt: true } });
  if (!row) return null;
  const closed = new Date(target.closedAt);
  const calendar = await entityCalendar(tx, target.entityId, yearOf(row.submittedAt), Math.max(yearOf(row.submittedAt), yearOf(closed)));
  const zone = moroccoLegalTime();
  return workingDaysBetween(calendar, toLocalDate(row.submittedAt.toISOString(), zone), toLocalDate(target.closedAt, zone));
}

function internalTargetOf(stored: unknown, clock: string): SlaPolicy | null {
  if (typeof stored !== 'object' || stored === null || !Object.hasOwn(stored, clock)) return null;
  try {
    const policy = validateSlaPolicy((stored as Record<string, unknown>)[clock]);
    return policy.internalTarget ? policy : null;
  } catch {
    return null;
  }
}

const sameBudget = (a: SlaBudget, b: SlaBudget) => JSON.stringify(a) === JSON.stringify(b);

/**
 * When each started clock's internal target falls due: the service's `internalTarget` counted from
 * the clock's start over the entity's calendar and the clock's pauses, as the legal deadline is,
 * but never extended. An urgent request counts a shorter legal budget the target was not set for,
 * so it has none. While a pause runs the target is unknown, and the last one computed is kept.
 */
export async function recordTargetDueDates(tx: Tx, caseId: string, clocks: readonly ClockProjection[]): Promise<void> {
  const started = clocks.filter((c) => c.startedAt !== null && c.explanation !== null);
  if (started.length === 0) return;
  // One statement: Prisma reads a relation with a second one.
  const [row] = await tx.$queryRaw<{ entityId: string; clocks: unknown }[]>`
    SELECT c.entity_id AS "entityId", s.clocks FROM "case" c JOIN service s ON s.id = c.service_id WHERE c.id = ${caseId}::uuid`;
  if (!row) return;
  for (const clock of started) {
    const policy = internalTargetOf(row.clocks, clock.clock);
    if (!policy?.internalTarget || !sameBudget(policy.budget, clock.explanation!.budget)) continue;
    const startedAt = new Date(clock.startedAt!);
    // A target is shorter than the legal budget (at most 60 days and an extension), so three years hold it.
    const calendar = await entityCalendar(tx, row.entityId, yearOf(startedAt), yearOf(startedAt) + 2);
    const { dueAt } = computeDue({
      policy: { ...policy, budget: policy.internalTarget, extension: null },
      startedAt: clock.startedAt!,
      pauses: clock.explanation!.pauses,
      extension: null,
      calendar,
    });
    if (dueAt === null) continue;
    await tx.$executeRaw`UPDATE case_clock SET target_due_at = ${new Date(dueAt)} WHERE case_id = ${caseId}::uuid AND clock = ${clock.clock}`;
  }
}

/**
 * In the booking transaction: the start of the earliest slot of the booked slot's office, service
 * and advisor that still had a free seat (the booked one counts as free: its seat is this case's
 * own), so that first_free_slot_at − submitted_at is how long the citizen would have waited at best.
 */
export async function recordFirstFreeSlot(tx: Tx, caseId: string, slotId: string): Promise<void> {
  await tx.$executeRaw`
    UPDATE "case" SET first_free_slot_at = (
      SELECT min(s.starts_at) FROM slot s JOIN slot booked ON booked.id = ${slotId}::uuid
      WHERE s.office_id = booked.office_id AND s.service_id = booked.service_id AND s.advisor_id IS NOT DISTINCT FROM booked.advisor_id
        AND s.starts_at <= booked.starts_at
        AND (s.id = booked.id OR s.open AND s.starts_at > now() AND s.taken < s.seats)
    )
    WHERE id = ${caseId}::uuid`;
}
