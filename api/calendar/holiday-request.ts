import { toEpochDay } from '../../domain/calendar/iso-date.js';
import { moroccanHolidays } from '../../domain/calendar/moroccan-holidays.js';
import type { Holiday, HolidayKind, HolidayStatus, IsoDate, LocalizedName } from '../../domain/calendar/types.js';
import { isPlainText, TEXT_RULE } from '../../domain/text.js';
import { InvalidInput } from '../errors.js';
import { addDays, calendarDate, yearOf } from './calendar-dates.js';

/** What an administrator decided for a run of consecutive days, checked and completed. */
export interface HolidayDecision {
  dates: IsoDate[];
  key: string;
  kind: HolidayKind;
  status: HolidayStatus;
  names: LocalizedName;
}

export interface HolidayDecisionInput {
  date: IsoDate;
  /** a string, or { fr, ar, en }: checked here */
  name: unknown;
  kind: HolidayKind;
  status: HolidayStatus;
  days?: number | undefined;
  key?: string | undefined;
}

/** `eid_al_fitr-1448`, `green_march-2031`, `one_off-2031-05-02`: a code, then a year or a date. */
const HOLIDAY_KEY = /^[a-z][a-z0-9_]{0,47}(-[0-9]{1,4}){1,3}$/;

/** Names are shown to citizens in web pages, letters and SMS: plain text on one line, and no angle brackets. */
const isPlainName = (name: string) => isPlainText(name, 'single') && !/[<>]/.test(name);

/** How far from a computed lunar holiday an announced date may fall and still be taken for it. */
const LUNAR_SEARCH_DAYS = 5;

const MAX_NAME_LENGTH = 100;

function plainName(value: unknown, field: string): string {
  if (typeof value !== 'string') throw new InvalidInput(`${field} must be a string`, { field });
  const name = value.normalize('NFC').trim();
  if (name.length > MAX_NAME_LENGTH) throw new InvalidInput(`${field} must be at most ${MAX_NAME_LENGTH} characters long`, { field });
  if (name === '') throw new InvalidInput(`${field} must not be blank`, { field });
  if (!isPlainName(name)) throw new InvalidInput(`${field} ${TEXT_RULE}, and no angle brackets`, { field });
  return name;
}

function localizedNames(name: unknown): LocalizedName {
  if (typeof name === 'string') {
    const single = plainName(name, 'body.name');
    return { fr: single, ar: single, en: single };
  }
  const languages = ['fr', 'ar', 'en'] as const;
  const isNameObject =
    typeof name === 'object' && name !== null && !Array.isArray(name) && Object.keys(name).every((k) => (languages as readonly string[]).includes(k));
  if (!isNameObject) {
    throw new InvalidInput('body.name must be one name, or an object with exactly "fr", "ar" and "en"', { field: 'body.name' });
  }
  const byLanguage = name as Record<string, unknown>;
  return { fr: plainName(byLanguage.fr, 'body.name.fr'), ar: plainName(byLanguage.ar, 'body.name.ar'), en: plainName(byLanguage.en, 'body.name.en') };
}

function comparable(text: string): string {
  return text.normalize('NFC').trim().toLocaleLowerCase('fr');
}

/** Computed occurrences (all days of one key) of the year of `date` and the years either side. */
function computedOccurrences(date: IsoDate): Map<string, Holiday[]> {
  const year = yearOf(date);
  const byKey = new Map<string, Holiday[]>();
  for (const holiday of [year - 1, year, year + 1].flatMap((y) => moroccanHolidays(y))) {
    byKey.set(holiday.key, [...(byKey.get(holiday.key) ?? []), holiday]);
  }
  return byKey;
}

function distanceInDays(days: Holiday[], date: IsoDate): number {
  return Math.min(...days.map((d) => Math.abs(toEpochDay(d.date) - toEpochDay(date))));
}

/** The computed lunar holiday an announced date stands for: the nearest one of that name, else the nearest one. */
function lunarOccurrenceNear(date: IsoDate, names: LocalizedName, occurrences: Map<string, Holiday[]>): string {
  const wanted = new Set(Object.values(names).map(comparable));
  const candidates = [...occurrences.entries()]
    .filter(([, days]) => days[0]?.kind === 'lunar' && distanceInDays(days, date) <= LUNAR_SEARCH_DAYS)
    .map(([key, days]) => ({
      key,
      distance: distanceInDays(days, date),
      named: Object.values(days[0]!.names).some((n) => wanted.has(comparable(n))),
    }))
    .sort((a, b) => Number(b.named) - Number(a.named) || a.distance - b.distance);
  const best = candidates[0];
  if (!best) {
    throw new InvalidInput(
      `no computed lunar holiday falls within ${LUNAR_SEARCH_DAYS} days of ${date}; give the key of the holiday to move (e.g. eid_al_adha-1447)`,
      { field: 'body.key' },
    );
  }
  return best.key;
}

function keyFor(input: HolidayDecisionInput, names: LocalizedName, occurrences: Map<string, Holiday[]>): string {
  if (input.key !== undefined) {
    if (!HOLIDAY_KEY.test(input.key)) {
      throw new InvalidInput('body.key must look like eid_al_fitr-1448, green_march-2031 or one_off-2031-05-02', { field: 'body.key' });
    }
    return input.key;
  }
  switch (input.kind) {
    case 'one_off':
      return `one_off-${input.date}`;
    case 'lunar':
      return lunarOccurrenceNear(input.date, names, occurrences);
    case 'fixed': {
      const onThatDay = [...occurrences.entries()].find(([, days]) => days[0]?.kind === 'fixed' && days.some((d) => d.date === input.date));
      if (!onThatDay) {
        throw new InvalidInput(`no fixed holiday falls on ${input.date}; give its key, or declare the day with kind "one_off"`, {
          field: 'body.kind',
        });
      }
      return onThatDay[0];
    }
  }
}

/**
 * Completes an administrator's PUT: the occurrence key (given, or found among the computed
 * holidays), the number of days (given, or as many as the computed holiday has) and the dates.
 */
export function holidayDecision(input: HolidayDecisionInput): HolidayDecision {
  const names = localizedNames(input.name);
  const occurrences = computedOccurrences(input.date);
  const key = keyFor(input, names, occurrences);
  const computed = occurrences.get(key);
  const codeOf = (k: string) => k.split('-')[0];
  if (!computed && [...occurrences.keys()].some((k) => codeOf(k) === codeOf(key))) {
    // The change would also have to remove computed days of another year, outside what an administrator sees here.
    throw new InvalidInput(`${key} is not computed within a year of ${input.date}; a holiday can only be moved near its computed date`, {
      field: 'body.key',
    });
  }
  if (computed && computed[0]!.kind !== input.kind) {
    throw new InvalidInput(`${key} is a ${computed[0]!.kind} holiday; body.kind must be "${computed[0]!.kind}"`, { field: 'body.kind' });
  }
  const days = input.days ?? computed?.length ?? 1;
  const dates = Array.from({ length: days }, (_, i) => addDays(input.date, i));
  calendarDate(dates[dates.length - 1]!, 'the last day off');
  return { dates, key, kind: input.kind, status: input.status, names };
}
