import { fromEpochDay, toEpochDay } from '../domain/calendar/iso-date.js';
import {
  DEFAULT_RAMADAN_HOURS,
  DEFAULT_REGULAR_HOURS,
  officeHoursOn,
  openingHours,
  ramadanDates,
  type OfficeDay,
  type OfficeHours,
  type RamadanPeriod,
  type RamadanSchedule,
} from '../domain/calendar/office-hours.js';
import type { IsoDate } from '../domain/calendar/types.js';
import type { OfficeSchedule, Prisma } from '../prisma/generated/client.js';
import { isoDateOfDbDate, loadBusinessCalendar, type HolidayReader } from './calendar-source.js';

/*
 * The one place office hours are read. The hours of a day are the defaults of
 * domain/calendar/office-hours.ts corrected by the administrators' decisions in `office_schedule`:
 * national regular hours, an entity's own regular hours, and each Ramadan's hours and confirmed
 * dates (national: the government sets them for the whole public sector).
 */

/** A PrismaClient or an interactive transaction's client. */
export type OfficeScheduleReader = Pick<Prisma.TransactionClient, 'officeSchedule'> & HolidayReader;

export type OfficeScheduleKind = 'regular' | 'ramadan';

function hoursOfRow(row: OfficeSchedule): OfficeHours {
  // Rows are written only through the admin API, which validates the times; anything else is corruption worth stopping on.
  try {
    return openingHours(row.opensAt, row.closesAt);
  } catch (err) {
    throw new Error(`office_schedule ${row.id}: ${(err as Error).message}`, { cause: err });
  }
}

/** A Ramadan as in force: its computed dates and the default hours, corrected by the row of its Hijri year if there is one. */
export function ramadanSchedule(period: RamadanPeriod, row: OfficeSchedule | null): RamadanSchedule {
  return {
    hijriYear: period.hijriYear,
    from: row?.ramadanStart ? isoDateOfDbDate(row.ramadanStart) : period.from,
    to: row?.ramadanEnd ? isoDateOfDbDate(row.ramadanEnd) : period.to,
    fromConfirmed: Boolean(row?.ramadanStart),
    toConfirmed: Boolean(row?.ramadanEnd),
    hours: row ? hoursOfRow(row) : DEFAULT_RAMADAN_HOURS,
  };
}

/** The Ramadans, as in force, of those computed to have days in `years`. */
export async function loadRamadans(db: OfficeScheduleReader, years: number[]): Promise<RamadanSchedule[]> {
  const periods = new Map<number, RamadanPeriod>();
  for (const period of years.flatMap(ramadanDates)) periods.set(period.hijriYear, period);
  const rows = await db.officeSchedule.findMany({
    where: { entityId: null, kind: 'ramadan' satisfies OfficeScheduleKind, hijriYear: { in: [...periods.keys()] } },
  });
  const rowByYear = new Map(rows.map((row) => [row.hijriYear, row]));
  return [...periods.values()].map((period) => ramadanSchedule(period, rowByYear.get(period.hijriYear) ?? null));
}

/** The hours of a working day outside Ramadan: national (decided or default), and the entity's own if it has some. */
export async function loadRegularHours(
  db: OfficeScheduleReader,
  entityId: string | null,
): Promise<{ regular: OfficeHours; entityRegular: OfficeHours | null }> {
  const rows = await db.officeSchedule.findMany({
    where: { kind: 'regular' satisfies OfficeScheduleKind, OR: entityId === null ? [{ entityId: null }] : [{ entityId: null }, { entityId }] },
  });
  const national = rows.find((row) => row.entityId === null);
  const own = entityId === null ? undefined : rows.find((row) => row.entityId === entityId);
  return { regular: national ? hoursOfRow(national) : DEFAULT_REGULAR_HOURS, entityRegular: own ? hoursOfRow(own) : null };
}

const yearOf = (date: IsoDate) => Number(date.slice(0, 4));

/** The office hours of each day from `from` to `to` (inclusive), as the entity (or, for null, the whole country) keeps them. */
export async function loadOfficeHours(db: OfficeScheduleReader, input: { entityId: string | null; from: IsoDate; to: IsoDate }): Promise<OfficeDay[]> {
  const first = toEpochDay(input.from);
  const last = toEpochDay(input.to);
  const yearsFrom = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);
  const years = yearsFrom(yearOf(input.from), yearOf(input.to));
  const calendar = await loadBusinessCalendar(db, { entityId: input.entityId, years });
  // Confirmed dates can move a Ramadan across New Year, so the neighbouring years' Ramadans are read too.
  const ramadans = await loadRamadans(db, yearsFrom(years[0]! - 1, years[years.length - 1]! + 1));
  const { regular, entityRegular } = await loadRegularHours(db, input.entityId);
  const days: OfficeDay[] = [];
  for (let day = first; day <= last; day++) {
    const date = fromEpochDay(day);
    const ramadan = ramadans.find((r) => r.from <= date && date <= r.to) ?? null;
    days.push(officeHoursOn(date, { calendar, regular, entityRegular, ramadan }));
  }
  return days;
}
