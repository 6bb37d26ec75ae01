import { dbDateOf, isoDateOfDbDate, loadBusinessCalendar, type HolidayReader } from '../../store/calendar-source.js';
import type { Holiday, IsoDate } from '../../domain/calendar/types.js';
import type { Prisma } from '../../prisma/generated/client.js';
import { NotFound } from '../errors.js';
import { yearOf } from './calendar-dates.js';
import { describeHolidayChange, type HolidayChange } from './change-reason.js';
import type { EntityScope } from './entity-scope.js';
import type { HolidayDecision } from './holiday-request.js';

/*
 * Calendar changes read the calendar, decide and write several rows; this transaction-scoped lock
 * makes concurrent changes (from any API instance) take turns. The unique index on
 * (entity_id, date), NULLS NOT DISTINCT, is what guarantees one row per day and scope regardless.
 *
 * Both changes run inside a transaction the caller opens (api/calendar/propagate.ts), which
 * starts the propagation to running cases before it commits.
 */
const CALENDAR_WRITE_LOCK = 7_316_010;

export interface CalendarChangeResult {
  key: string;
  change: HolidayChange;
  /** every day, ascending, whose holiday (or absence of one) differs after the change */
  changedDates: IsoDate[];
}

function signature(holidays: Holiday[]): Map<IsoDate, string> {
  const byDate = new Map<IsoDate, string>();
  for (const h of holidays) {
    const entry = JSON.stringify([h.key, h.kind, h.status, h.names.fr, h.names.ar, h.names.en]);
    byDate.set(h.date, byDate.has(h.date) ? `${byDate.get(h.date)}${entry}` : entry);
  }
  return byDate;
}

function changedDays(before: Holiday[], after: Holiday[]): IsoDate[] {
  const was = signature(before);
  const is = signature(after);
  return [...new Set([...was.keys(), ...is.keys()])].filter((d) => was.get(d) !== is.get(d)).sort();
}

/** The years a change can show in: those of the days touched and the years either side (a lunar key can straddle New Year). */
function yearsAround(dates: IsoDate[]): number[] {
  return [...new Set(dates.flatMap((d) => [yearOf(d) - 1, yearOf(d), yearOf(d) + 1]))].sort((a, b) => a - b);
}

function calendarOf(db: HolidayReader, scope: EntityScope, years: number[]) {
  return loadBusinessCalendar(db, { entityId: scope.entityId, years }).then((c) => c.holidays);
}

async function lockCalendar(tx: Prisma.TransactionClient): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${CALENDAR_WRITE_LOCK})`;
}

/**
 * A case compares the revision it read with its calendar at submission to the one it reads after
 * writing its first event: a change committed in between is one the propagation may have missed
 * it for (workflows/lifecycle/run-case.ts). Bumped only when some day's status really changed.
 */
async function bumpCalendarRevision(tx: Prisma.TransactionClient, result: CalendarChangeResult): Promise<CalendarChangeResult> {
  if (result.changedDates.length > 0) {
    await tx.calendarRevision.upsert({ where: { id: 1 }, create: { id: 1, revision: 1 }, update: { revision: { increment: 1 } } });
  }
  return result;
}

/**
 * Confirms, moves or adds a holiday for the scope: its days become exactly `decision.dates`. The
 * scope's other rows of the same key go (moving a holiday moves all of it), and a row already on
 * one of the dates is replaced (one decision per day and scope).
 */
export async function setHoliday(
  tx: Prisma.TransactionClient,
  scope: EntityScope,
  decision: HolidayDecision,
  actor: string,
): Promise<CalendarChangeResult> {
  const { key } = decision;
  await lockCalendar(tx);
  const sameKey = await tx.holidayOverride.findMany({
    where: { key, OR: [{ entityId: null }, { entityId: scope.entityId }] },
    select: { date: true },
  });
  const years = yearsAround([...decision.dates, ...sameKey.map((r) => isoDateOfDbDate(r.date))]);
  const before = await calendarOf(tx, scope, years);

  await tx.holidayOverride.deleteMany({ where: { entityId: scope.entityId, key, date: { notIn: decision.dates.map(dbDateOf) } } });
  const fields = {
    key,
    kind: decision.kind,
    status: decision.status,
    nameFr: decision.names.fr,
    nameAr: decision.names.ar,
    nameEn: decision.names.en,
    removed: false,
    updatedBy: actor,
  };
  for (const date of decision.dates) {
    const existing = await tx.holidayOverride.findFirst({ where: { entityId: scope.entityId, date: dbDateOf(date) }, select: { id: true } });
    if (existing) await tx.holidayOverride.update({ where: { id: existing.id }, data: fields });
    else await tx.holidayOverride.create({ data: { ...fields, entityId: scope.entityId, date: dbDateOf(date) } });
  }

  const after = await calendarOf(tx, scope, years);
  return bumpCalendarRevision(tx, { key, change: describeHolidayChange(key, before, after), changedDates: changedDays(before, after) });
}

/**
 * Makes `date` a working day again for the scope: the scope's own decision for that day is
 * withdrawn, or else the holiday the scope observes that day (computed, or decided nationally for
 * an entity) is cancelled with a tombstone. Not a holiday for the scope: NotFound.
 */
export async function removeHoliday(
  tx: Prisma.TransactionClient,
  scope: EntityScope,
  date: IsoDate,
  actor: string,
): Promise<CalendarChangeResult> {
  await lockCalendar(tx);
  const years = yearsAround([date]);
  const before = await calendarOf(tx, scope, years);
  const own = await tx.holidayOverride.findFirst({ where: { entityId: scope.entityId, date: dbDateOf(date) } });
  let key: string;
  if (own && !own.removed) {
    key = own.key;
    await tx.holidayOverride.delete({ where: { id: own.id } });
  } else {
    const observed = before.find((h) => h.date === date);
    if (!observed) {
      const whose = scope.entityCode === null ? 'in the national calendar' : `for ${scope.entityCode}`;
      throw new NotFound(`${date} is not a holiday ${whose}`);
    }
    key = observed.key;
    // A tombstone can only be missing here: one in this scope would already have hidden the day.
    await tx.holidayOverride.create({
      data: {
        entityId: scope.entityId,
        date: dbDateOf(date),
        key,
        kind: observed.kind,
        status: observed.status,
        nameFr: observed.names.fr,
        nameAr: observed.names.ar,
        nameEn: observed.names.en,
        removed: true,
        updatedBy: actor,
      },
    });
  }
  const after = await calendarOf(tx, scope, years);
  return bumpCalendarRevision(tx, { key, change: describeHolidayChange(key, before, after), changedDates: changedDays(before, after) });
}
