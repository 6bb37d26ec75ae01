import { isIsoDate } from './iso-date.js';
import { moroccanHolidays } from './moroccan-holidays.js';
import type { BusinessCalendar, Holiday } from './types.js';

/** The zone in which Moroccan civil dates are read. */
export const MOROCCO_TIME_ZONE = 'Africa/Casablanca';
const SATURDAY_AND_SUNDAY = [0, 6];

/**
 * The national calendar for the given Gregorian years. A deadline computation only sees the
 * holidays of the years listed, so pass every year a deadline can reach.
 *
 * `overrides` are the administrator's decisions: an override replaces every computed day that
 * shares its key (confirming or moving a lunar holiday, e.g. two entries keyed
 * `eid_al_fitr-1447`), and an override with a new key adds a day (a one-off day off).
 */
export function nationalCalendar(years: number[], overrides: Holiday[] = []): BusinessCalendar {
  for (const holiday of overrides) {
    if (!isIsoDate(holiday.date)) throw new RangeError(`holiday ${holiday.key} has an invalid date ${JSON.stringify(holiday.date)}`);
  }
  const overriddenKeys = new Set(overrides.map((h) => h.key));
  const computed = [...new Set(years)].flatMap((year) => moroccanHolidays(year));
  const holidays = [...computed.filter((h) => !overriddenKeys.has(h.key)), ...overrides].sort((a, b) =>
    a.date < b.date ? -1 : a.date > b.date ? 1 : 0,
  );
  return { timeZone: MOROCCO_TIME_ZONE, weekend: [...SATURDAY_AND_SUNDAY], holidays };
}

/** Saturday and Sunday off and no holidays: for services that ignore public holidays, and for tests. */
export function weekendOnlyCalendar(): BusinessCalendar {
  return { timeZone: MOROCCO_TIME_ZONE, weekend: [...SATURDAY_AND_SUNDAY], holidays: [] };
}
