import { moroccoLegalTime } from '../platform/legal-time.js';
import { nationalCalendar } from '../domain/calendar/national-calendar.js';
import type { BusinessCalendar, Holiday, HolidayKind, HolidayStatus, IsoDate } from '../domain/calendar/types.js';
import type { HolidayOverride, Prisma } from '../prisma/generated/client.js';

/*
 * The one place holiday data is read. The business calendar of an entity is the computed
 * Moroccan calendar (domain/calendar) corrected by the administrators' decisions stored in
 * `holiday_override`: national rows (entity_id NULL) apply to every entity, an entity's own rows
 * take precedence over them. Workflows receive the result only through activities.
 */

/** A PrismaClient or an interactive transaction's client: the admin writes read the calendar inside their transaction. */
export type HolidayReader = Pick<Prisma.TransactionClient, 'holidayOverride'>;

export interface CalendarScope {
  /** null: the national calendar */
  entityId: string | null;
}

const HOLIDAY_KINDS: readonly HolidayKind[] = ['fixed', 'lunar', 'one_off'];
const HOLIDAY_STATUSES: readonly HolidayStatus[] = ['provisional', 'confirmed'];

export function isoDateOfDbDate(date: Date): IsoDate {
  return date.toISOString().slice(0, 10);
}

/** A `@db.Date` value: midnight UTC, which PostgreSQL stores as that calendar date whatever the zone. */
export function dbDateOf(date: IsoDate): Date {
  return new Date(`${date}T00:00:00.000Z`);
}

export function overrideToHoliday(row: HolidayOverride): Holiday {
  // Rows are written only through the admin API, which validates these; anything else is corruption worth stopping on.
  if (!HOLIDAY_KINDS.includes(row.kind as HolidayKind) || !HOLIDAY_STATUSES.includes(row.status as HolidayStatus)) {
    throw new Error(`holiday_override ${row.id} has an unknown kind ${JSON.stringify(row.kind)} or status ${JSON.stringify(row.status)}`);
  }
  return {
    date: isoDateOfDbDate(row.date),
    key: row.key,
    names: { fr: row.nameFr, ar: row.nameAr, en: row.nameEn },
    kind: row.kind as HolidayKind,
    status: row.status as HolidayStatus,
  };
}

/**
 * The rows that apply to the scope. An entity row hides the national row of the same date, and an
 * entity override of a key hides the national overrides of that key (the entity redefined that holiday).
 */
function effectiveOverrides(rows: HolidayOverride[], scope: CalendarScope): HolidayOverride[] {
  const own = scope.entityId === null ? [] : rows.filter((r) => r.entityId === scope.entityId);
  const ownDates = new Set(own.map((r) => isoDateOfDbDate(r.date)));
  const ownKeys = new Set(own.filter((r) => !r.removed).map((r) => r.key));
  const national = rows.filter((r) => r.entityId === null && !ownDates.has(isoDateOfDbDate(r.date)) && !ownKeys.has(r.key));
  return [...national, ...own];
}

/**
 * The computed calendar of `years` corrected by `rows`: overrides replace the computed days of
 * their key (nationalCalendar), tombstones take the day off the list. Only holidays of `years` are kept.
 */
export function calendarWithOverrides(years: number[], rows: HolidayOverride[], scope: CalendarScope): BusinessCalendar {
  const applicable = effectiveOverrides(rows, scope);
  const tombstoned = new Set(applicable.filter((r) => r.removed).map((r) => isoDateOfDbDate(r.date)));
  const calendar = nationalCalendar(years, applicable.filter((r) => !r.removed).map(overrideToHoliday));
  const wanted = new Set(years);
  return {
    ...calendar,
    zone: moroccoLegalTime(),
    holidays: calendar.holidays.filter((h) => wanted.has(Number(h.date.slice(0, 4))) && !tombstoned.has(h.date)),
  };
}

/**
 * Rows of the scope (national and the entity's) dated within `years` and one year either side:
 * an override can move a holiday across New Year, e.g. Eid al-Fitr of 31 December to 1 January,
 * and must still hide the computed day in the neighbouring year.
 */
export async function readOverrides(db: HolidayReader, scope: CalendarScope, years: number[]): Promise<HolidayOverride[]> {
  if (years.length === 0) return [];
  for (const year of years) {
    if (!Number.isInteger(year) || year < 1000 || year > 9998) throw new RangeError(`not a Gregorian year: ${year}`);
  }
  const first = Math.min(...years) - 1;
  const last = Math.max(...years) + 1;
  return db.holidayOverride.findMany({
    where: {
      date: { gte: dbDateOf(`${first}-01-01`), lte: dbDateOf(`${last}-12-31`) },
      OR: scope.entityId === null ? [{ entityId: null }] : [{ entityId: null }, { entityId: scope.entityId }],
    },
    orderBy: [{ date: 'asc' }],
  });
}

/** The business calendar of an entity (or the national one) for the Gregorian years a deadline can reach. */
export async function loadBusinessCalendar(
  db: HolidayReader,
  input: { entityId: string | null; years: number[] },
): Promise<BusinessCalendar> {
  const scope = { entityId: input.entityId };
  return calendarWithOverrides(input.years, await readOverrides(db, scope, input.years), scope);
}

/** The days off of one year, as the entity (or the whole country) observes them. */
export async function listHolidays(db: HolidayReader, input: { year: number; entityId: string | null }): Promise<Holiday[]> {
  return (await loadBusinessCalendar(db, { entityId: input.entityId, years: [input.year] })).holidays;
}
